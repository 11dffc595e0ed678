package dev.faultline.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The only FFM bindings of Faultline: glibc wrappers, linked once.
 *
 * <p>Conventions, for every method here:
 * <ul>
 *   <li>Pointers are passed as {@code long} addresses. Nothing here dereferences them; the
 *       kernel does, and answers EFAULT where it cannot.</li>
 *   <li>The result is the C result when it is not the failure value, otherwise {@code -errno}
 *       (the shape of the JDK's internal {@code CaptureStateUtil.adaptSystemCall}). errno is
 *       captured per thread by {@code Linker.Option.captureCallState("errno")} and read only
 *       when the C result says failure (it is stale otherwise, java-ffm.md 0).</li>
 *   <li>Nothing is thrown for a failed call: policy (what is expected, what is a bug) belongs
 *       to the caller. {@link #check} turns an unexpected failure into a
 *       {@link SyscallException}.</li>
 *   <li>Every call is counted per thread ({@link Syscalls}) and traced when
 *       {@link Syscalls#trace(boolean)} is on.</li>
 * </ul>
 * All restricted FFM methods of the project live in this class; the build compiles with
 * {@code -Xlint:all -Werror}, so a restricted call anywhere else fails it.
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** sysconf name for the page size: include/bits/confname.h {@code _SC_PAGESIZE} = 30. */
    private static final int SC_PAGESIZE = 30;

    private static final MethodHandle MMAP = link("mmap",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = link("munmap",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle MPROTECT = link("mprotect",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MADVISE = link("madvise",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MINCORE = link("mincore",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle MSYNC = link("msync",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle PROCESS_VM_READV = link("process_vm_readv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PROCESS_VM_WRITEV = link("process_vm_writev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PRCTL = link("prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle GETAUXVAL = link("getauxval",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PIPE2 = link("pipe2",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle READ = link("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle WRITE = link("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PREAD = link("pread",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PWRITE = link("pwrite",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle OPEN = link("open",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = link("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle MEMFD_CREATE = link("memfd_create",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle FTRUNCATE = link("ftruncate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle FCNTL = link("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READV = link("readv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle WRITEV = link("writev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle PREADV = link("preadv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG));
    private static final MethodHandle PWRITEV = link("pwritev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG));
    private static final MethodHandle GETPPID = link("getppid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle IOCTL = link("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle LSEEK = link("lseek",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SYSCONF = link("sysconf",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    private static final MethodHandle GETPID = link("getpid",
            FunctionDescriptor.of(JAVA_INT));

    private static final long PAGE_SIZE = sysconf(SC_PAGESIZE);
    private static final int PID = getpid();

    private Libc() {
    }

    @SuppressWarnings("restricted")
    private static MethodHandle link(final String name, final FunctionDescriptor desc,
                                     final Linker.Option... extra) {
        final MemorySegment symbol = LIBC.find(name)
                .orElseThrow(() -> new UnsupportedOperationException("libc has no symbol " + name));
        final Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol, desc, options);
    }

    /** @return true when this JVM lets Faultline's code make downcalls (native access granted) */
    public static boolean nativeAccessEnabled() {
        return Libc.class.getModule().isNativeAccessEnabled();
    }

    private static MemorySegment capture() {
        final Syscalls.PerThread t = Syscalls.state();
        t.count++;
        return t.capture;
    }

    private static long result(final String fn, final long ret, final long failure,
                               final MemorySegment state, final long a, final long b, final long c) {
        final long r = ret == failure ? -(int) ERRNO.get(state, 0L) : ret;
        if (Syscalls.tracing()) {
            Syscalls.log(fn, a, b, c, r);
        }
        return r;
    }

    private static AssertionError linkageBug(final Throwable t) {
        return new AssertionError("downcall failed unexpectedly", t);
    }

    // ---------------------------------------------------------------------------------------
    // memory

    /**
     * {@code void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)}:
     * returns the mapping address, or MAP_FAILED with errno (EINVAL unaligned or zero length,
     * ENOMEM no room / too many mappings, EBADF, EACCES, EEXIST with MAP_FIXED_NOREPLACE).
     * mmap(2).
     *
     * @return the address, or {@code -errno}
     */
    public static long mmap(final long addr, final long len, final int prot, final int flags,
                            final int fd, final long off) {
        final MemorySegment s = capture();
        try {
            return result("mmap", (long) MMAP.invokeExact(s, addr, len, prot, flags, fd, off),
                    Mman.MAP_FAILED, s, addr, len, prot);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code int munmap(void *addr, size_t len)}: 0, or -1 with errno (EINVAL unaligned).
     * Unmapping a range that holds no mapping is not an error. munmap(2).
     *
     * @return 0 or {@code -errno}
     */
    public static long munmap(final long addr, final long len) {
        final MemorySegment s = capture();
        try {
            return result("munmap", (int) MUNMAP.invokeExact(s, addr, len), -1, s, addr, len, 0);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code int mprotect(void *addr, size_t len, int prot)}: 0, or -1 with errno (EINVAL
     * unaligned addr or bad prot, ENOMEM range not fully mapped or too many VMAs, EACCES).
     * mprotect(2).
     *
     * @return 0 or {@code -errno}
     */
    public static long mprotect(final long addr, final long len, final int prot) {
        final MemorySegment s = capture();
        try {
            return result("mprotect", (int) MPROTECT.invokeExact(s, addr, len, prot), -1, s, addr, len, prot);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code int madvise(void *addr, size_t len, int advice)}: 0, or -1 with errno. For
     * MADV_POPULATE_*: ENOMEM for a hole, EINVAL for insufficient VMA permission, special
     * mappings or guard regions, EFAULT where a fault would raise SIGBUS, EHWPOISON.
     * For MADV_GUARD_INSTALL on kernels before 6.13: EINVAL. madvise(2).
     *
     * @return 0 or {@code -errno}
     */
    public static long madvise(final long addr, final long len, final int advice) {
        final MemorySegment s = capture();
        try {
            return result("madvise", (int) MADVISE.invokeExact(s, addr, len, advice), -1, s, addr, len, advice);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code int mincore(void *addr, size_t len, unsigned char *vec)}: 0, or -1 with errno
     * (EINVAL unaligned addr, ENOMEM unmapped range, EFAULT bad vec). Bit 0 of each byte of
     * vec = page resident (page cache presence for file mappings). mincore(2).
     *
     * @return 0 or {@code -errno}
     */
    public static long mincore(final long addr, final long len, final long vec) {
        final MemorySegment s = capture();
        try {
            return result("mincore", (int) MINCORE.invokeExact(s, addr, len, vec), -1, s, addr, len, vec);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code int msync(void *addr, size_t len, int flags)}: 0, or -1 with errno (EINVAL
     * unaligned, ENOMEM unmapped). msync(2).
     *
     * @return 0 or {@code -errno}
     */
    public static long msync(final long addr, final long len, final int flags) {
        final MemorySegment s = capture();
        try {
            return result("msync", (int) MSYNC.invokeExact(s, addr, len, flags), -1, s, addr, len, flags);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    // ---------------------------------------------------------------------------------------
    // cross-address-space copies (GUP on the remote side)

    /**
     * {@code ssize_t process_vm_readv(pid_t pid, const struct iovec *local, unsigned long
     * liovcnt, const struct iovec *remote, unsigned long riovcnt, unsigned long flags)}:
     * bytes read, or -1 with errno (EFAULT nothing transferred, EINVAL flags or counts over
     * IOV_MAX, ESRCH, EPERM, ENOMEM). The remote side is pinned through GUP and is MTE
     * tag-blind. process_vm_readv(2).
     *
     * @return bytes transferred, or {@code -errno}
     */
    public static long processVmReadv(final int pid, final long localIov, final long liovcnt,
                                      final long remoteIov, final long riovcnt) {
        final MemorySegment s = capture();
        try {
            return result("process_vm_readv", (long) PROCESS_VM_READV.invokeExact(s, pid, localIov, liovcnt,
                    remoteIov, riovcnt, 0L), -1, s, localIov, remoteIov, riovcnt);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code ssize_t process_vm_writev(...)}: as {@link #processVmReadv}, data flowing from
     * the local iovecs into the remote ones (remote pinned with FOLL_WRITE, no FOLL_FORCE).
     * process_vm_writev(2).
     *
     * @return bytes transferred, or {@code -errno}
     */
    public static long processVmWritev(final int pid, final long localIov, final long liovcnt,
                                       final long remoteIov, final long riovcnt) {
        final MemorySegment s = capture();
        try {
            return result("process_vm_writev", (long) PROCESS_VM_WRITEV.invokeExact(s, pid, localIov, liovcnt,
                    remoteIov, riovcnt, 0L), -1, s, localIov, remoteIov, riovcnt);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    // ---------------------------------------------------------------------------------------
    // process and thread control

    /**
     * {@code int prctl(int option, unsigned long arg2, arg3, arg4, arg5)} (variadic in glibc,
     * linked with firstVariadicArg(1)): option-specific result, or -1 with errno (EINVAL
     * unknown option or flags). prctl(2).
     *
     * @return the result, or {@code -errno}
     */
    public static long prctl(final int option, final long arg2, final long arg3, final long arg4,
                             final long arg5) {
        final MemorySegment s = capture();
        try {
            return result("prctl", (int) PRCTL.invokeExact(s, option, arg2, arg3, arg4, arg5), -1,
                    s, option, arg2, arg3);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code unsigned long getauxval(unsigned long type)}: the auxv entry, or 0 (errno ENOENT)
     * when the type is absent; here 0 is returned as 0. getauxval(3).
     *
     * @return the value
     */
    public static long getauxval(final long type) {
        final MemorySegment s = capture();
        try {
            return result("getauxval", (long) GETAUXVAL.invokeExact(s, type), Long.MIN_VALUE, s, type, 0, 0);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /** @return {@code getpid()} of this JVM, cached */
    public static int pid() {
        return PID;
    }

    private static int getpid() {
        final MemorySegment s = capture();
        try {
            return (int) GETPID.invokeExact(s);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code long sysconf(int name)}: the value, or -1 (errno set only for an invalid name).
     * sysconf(3).
     */
    private static long sysconf(final int name) {
        final MemorySegment s = capture();
        try {
            return (long) SYSCONF.invokeExact(s, name);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /** @return the page size, {@code sysconf(_SC_PAGESIZE)}; never assume 4096 */
    public static long pageSize() {
        return PAGE_SIZE;
    }

    // ---------------------------------------------------------------------------------------
    // files and pipes (uaccess: the kernel's copy_{to,from}_user on the user buffer)

    /**
     * {@code int pipe2(int fds[2], int flags)}: 0 with two fds stored at {@code fds}, or -1
     * with errno (EMFILE, ENFILE, EINVAL). pipe(2).
     *
     * @return 0 or {@code -errno}
     */
    public static long pipe2(final long fds, final int flags) {
        final MemorySegment s = capture();
        try {
            return result("pipe2", (int) PIPE2.invokeExact(s, fds, flags), -1, s, fds, flags, 0);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code ssize_t read(int fd, void *buf, size_t n)}: bytes read (copy_to_user into buf),
     * or -1 with errno (EFAULT when not one byte could be stored, EAGAIN, EBADF). read(2).
     *
     * @return bytes, or {@code -errno}
     */
    public static long read(final int fd, final long buf, final long n) {
        final MemorySegment s = capture();
        try {
            return result("read", (long) READ.invokeExact(s, fd, buf, n), -1, s, fd, buf, n);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code ssize_t write(int fd, const void *buf, size_t n)}: bytes written (copy_from_user
     * from buf), or -1 with errno (EFAULT when nothing could be read, EAGAIN, EBADF).
     * write(2).
     *
     * @return bytes, or {@code -errno}
     */
    public static long write(final int fd, final long buf, final long n) {
        final MemorySegment s = capture();
        try {
            return result("write", (long) WRITE.invokeExact(s, fd, buf, n), -1, s, fd, buf, n);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code ssize_t pread(int fd, void *buf, size_t n, off_t off)}: as {@link #read} at a
     * file offset, file position untouched (ESPIPE on pipes). pread(2).
     *
     * @return bytes, or {@code -errno}
     */
    public static long pread(final int fd, final long buf, final long n, final long off) {
        final MemorySegment s = capture();
        try {
            return result("pread", (long) PREAD.invokeExact(s, fd, buf, n, off), -1, s, fd, buf, n);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)}: as {@link #write}
     * at a file offset. pwrite(2).
     *
     * @return bytes, or {@code -errno}
     */
    public static long pwrite(final int fd, final long buf, final long n, final long off) {
        final MemorySegment s = capture();
        try {
            return result("pwrite", (long) PWRITE.invokeExact(s, fd, buf, n, off), -1, s, fd, buf, n);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code ssize_t readv(int fd, const struct iovec *iov, int iovcnt)}: as {@link #read}
     * scattered over the iovecs. readv(2).
     *
     * @return bytes, or {@code -errno}
     */
    public static long readv(final int fd, final long iov, final int iovcnt) {
        final MemorySegment s = capture();
        try {
            return result("readv", (long) READV.invokeExact(s, fd, iov, iovcnt), -1, s, fd, iov, iovcnt);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code ssize_t writev(int fd, const struct iovec *iov, int iovcnt)}: as {@link #write}
     * gathered from the iovecs. writev(2).
     *
     * @return bytes, or {@code -errno}
     */
    public static long writev(final int fd, final long iov, final int iovcnt) {
        final MemorySegment s = capture();
        try {
            return result("writev", (long) WRITEV.invokeExact(s, fd, iov, iovcnt), -1, s, fd, iov, iovcnt);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code ssize_t preadv(int fd, const struct iovec *iov, int iovcnt, off_t off)}: as
     * {@link #readv} at a file offset; stops at the first iovec the kernel cannot store to.
     * preadv(2).
     *
     * @return bytes, or {@code -errno}
     */
    public static long preadv(final int fd, final long iov, final int iovcnt, final long off) {
        final MemorySegment s = capture();
        try {
            return result("preadv", (long) PREADV.invokeExact(s, fd, iov, iovcnt, off), -1, s, fd, iov, iovcnt);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t off)}: as
     * {@link #writev} at a file offset; stops at the first iovec the kernel cannot read.
     * pwritev(2).
     *
     * @return bytes, or {@code -errno}
     */
    public static long pwritev(final int fd, final long iov, final int iovcnt, final long off) {
        final MemorySegment s = capture();
        try {
            return result("pwritev", (long) PWRITEV.invokeExact(s, fd, iov, iovcnt, off), -1, s, fd, iov, iovcnt);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code pid_t getppid(void)}: never fails; the cheapest real syscall (the benchmarks'
     * empty-downcall baseline).
     *
     * @return the parent pid
     */
    public static int getppid() {
        final MemorySegment s = capture();
        try {
            return (int) GETPPID.invokeExact(s);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code int ioctl(int fd, unsigned long request, ...)} with one pointer argument (variadic,
     * firstVariadicArg(2)): request-specific result, or -1 with errno. ioctl(2).
     *
     * @return the result, or {@code -errno}
     */
    public static long ioctl(final int fd, final long request, final long arg) {
        final MemorySegment s = capture();
        try {
            return result("ioctl", (int) IOCTL.invokeExact(s, fd, request, arg), -1, s, fd, request, arg);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code off_t lseek(int fd, off_t off, int whence)}: the new position, or -1 with errno
     * (ESPIPE on pipes, EINVAL). lseek(2). whence: SEEK_SET 0 (include/uapi/linux/fs.h).
     *
     * @return the position, or {@code -errno}
     */
    public static long lseek(final int fd, final long off, final int whence) {
        final MemorySegment s = capture();
        try {
            return result("lseek", (long) LSEEK.invokeExact(s, fd, off, whence), -1, s, fd, off, whence);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * Links machine code that Faultline wrote into an executable page of its own (the MTE tag
     * instructions: STG, LDG). No errno capture: the code makes no syscall.
     *
     * @param code address of the first instruction (page mapped PROT_READ|PROT_EXEC)
     * @param desc its C signature
     * @return the handle
     */
    @SuppressWarnings("restricted")
    public static MethodHandle linkCode(final long code, final FunctionDescriptor desc) {
        return LINKER.downcallHandle(MemorySegment.ofAddress(code), desc);
    }

    /**
     * Links {@code symbol} of the shared library {@code library} (dlopen(3) once per call, the
     * library kept for the JVM's life), without errno capture: for C that reports through its
     * result, such as the benchmark's C floor ({@code bench/c/probe.c} built as
     * {@code libcprobe.so}) or a user's own probe loop explored from jshell.
     *
     * @param library path of the .so
     * @param symbol the exported function
     * @param desc its C signature
     * @return the handle
     * @throws IllegalArgumentException when the library cannot be loaded or has no such symbol
     */
    @SuppressWarnings("restricted")
    public static MethodHandle linkLibrary(final java.nio.file.Path library, final String symbol,
                                           final FunctionDescriptor desc) {
        final MemorySegment address = SymbolLookup.libraryLookup(library, java.lang.foreign.Arena.global())
                .find(symbol)
                .orElseThrow(() -> new IllegalArgumentException(library + " has no symbol " + symbol));
        return LINKER.downcallHandle(address, desc);
    }

    /**
     * A DIRECT one-byte load from Java at {@code addr}: the JVM dies (SIGSEGV) when the
     * address is inaccessible or, under MTE sync mode, its tag mismatches. Only for child-JVM
     * experiments whose exit status is the result; never in-process.
     *
     * @return the byte
     */
    @SuppressWarnings("restricted")
    public static byte peek(final long addr) {
        return MemorySegment.ofAddress(addr).reinterpret(1).get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
    }

    /**
     * {@code int open(const char *path, int flags, ...)} (variadic, firstVariadicArg(2)):
     * an fd, or -1 with errno. open(2).
     *
     * @param path address of a NUL-terminated path
     * @return the fd, or {@code -errno}
     */
    public static long open(final long path, final int flags, final int mode) {
        final MemorySegment s = capture();
        try {
            return result("open", (int) OPEN.invokeExact(s, path, flags, mode), -1, s, path, flags, mode);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code int close(int fd)}: 0, or -1 with errno (EBADF). close(2).
     *
     * @return 0 or {@code -errno}
     */
    public static long close(final int fd) {
        final MemorySegment s = capture();
        try {
            return result("close", (int) CLOSE.invokeExact(s, fd), -1, s, fd, 0, 0);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code int memfd_create(const char *name, unsigned int flags)}: an fd on a fresh
     * tmpfs file (RAM-backed, so PROT_MTE is allowed), or -1 with errno. memfd_create(2).
     *
     * @param name address of a NUL-terminated name
     * @return the fd, or {@code -errno}
     */
    public static long memfdCreate(final long name, final int flags) {
        final MemorySegment s = capture();
        try {
            return result("memfd_create", (int) MEMFD_CREATE.invokeExact(s, name, flags), -1, s, name, flags, 0);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code int ftruncate(int fd, off_t len)}: 0, or -1 with errno (EINVAL, EFBIG, EBADF).
     * ftruncate(2).
     *
     * @return 0 or {@code -errno}
     */
    public static long ftruncate(final int fd, final long len) {
        final MemorySegment s = capture();
        try {
            return result("ftruncate", (int) FTRUNCATE.invokeExact(s, fd, len), -1, s, fd, len, 0);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code int fcntl(int fd, int cmd, int arg)} (variadic, firstVariadicArg(2)): command
     * result (for F_SETPIPE_SZ the new capacity), or -1 with errno (EBUSY, EPERM, EINVAL).
     * fcntl(2).
     *
     * @return the result, or {@code -errno}
     */
    public static long fcntl(final int fd, final int cmd, final int arg) {
        final MemorySegment s = capture();
        try {
            return result("fcntl", (int) FCNTL.invokeExact(s, fd, cmd, arg), -1, s, fd, cmd, arg);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * Turns an unexpected failure into an exception.
     *
     * @param fn     function name for the message
     * @param result a result of this class
     * @param args   the call's arguments, formatted
     * @return {@code result} when it is not an error
     * @throws SyscallException when {@code result < 0}
     */
    public static long check(final String fn, final long result, final String args) {
        if (result < 0 && result >= -4095) {
            throw new SyscallException(fn, (int) -result, args);
        }
        return result;
    }
}
