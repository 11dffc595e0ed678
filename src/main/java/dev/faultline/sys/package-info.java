/**
 * Layer {@code sys}: the only FFM bindings of Faultline, and nothing but them.
 *
 * <p>Conventions:
 * <ul>
 *   <li>One class per C header, the way the native notes are split: {@link dev.faultline.sys.Mman}
 *       (sys/mman.h), {@link dev.faultline.sys.Unistd} (unistd.h), {@link dev.faultline.sys.Uio}
 *       (sys/uio.h), {@link dev.faultline.sys.Fcntl}, {@link dev.faultline.sys.Prctl},
 *       {@link dev.faultline.sys.Ioctl}; each holds its constants and its bindings.
 *       {@link dev.faultline.sys.Native} links them and is the only class with restricted FFM
 *       calls; the build compiles with {@code -Xlint:all -Werror}, so a restricted call
 *       anywhere else fails it.</li>
 *   <li>Every wrapper returns the C result or {@code -errno}; errno is captured per thread
 *       and read only when the result says failure. Nothing here throws for a failed call;
 *       {@link dev.faultline.sys.SyscallException#check} turns an unexpected one into a
 *       {@link dev.faultline.sys.SyscallException} with function, arguments and errno name.</li>
 *   <li>User memory is passed as {@code long} addresses and is never dereferenced from Java;
 *       the kernel touches it and answers EFAULT where it cannot. Owned memory (iovecs,
 *       scratch buffers) comes from arenas.</li>
 *   <li>Alignment: mmap/munmap/mprotect/madvise/msync need page-aligned addresses
 *       (EINVAL otherwise); read/write/pread/pwrite/process_vm_* take any address.</li>
 *   <li>Constants cite their header; all are asm-generic values, identical on x86_64 and
 *       aarch64, except where {@link dev.faultline.sys.Arch} says otherwise. The page size
 *       comes from sysconf, never a literal.</li>
 *   <li>Every call is counted per thread ({@link dev.faultline.sys.Syscalls}); {@code --trace}
 *       logs each one.</li>
 * </ul>
 *
 * <p>May touch: nothing of Faultline (the JDK and libc only). Everything else builds on it.
 */
package dev.faultline.sys;
