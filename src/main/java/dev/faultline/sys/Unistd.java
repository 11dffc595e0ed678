package dev.faultline.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.faultline.sys.Native.capture;
import static dev.faultline.sys.Native.link;
import static dev.faultline.sys.Native.linkageBug;
import static dev.faultline.sys.Native.result;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Bindings of {@code <unistd.h>}: one-buffer file I/O (uaccess: the kernel's
 * copy_{to,from}_user on the user buffer), descriptors, process ids and the page size.
 * Conventions in {@link Native}: results are the C result or {@code -errno}.
 */
public final class Unistd {
    private static final MethodHandle READ = link("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
    /** {@code __NR_pread64}: 17 on x86_64 (syscall_64.tbl), 67 on arm64 (asm-generic/unistd.h). */
    static final long NR_PREAD64 = Arch.isArm64() ? 67 : 17;
    /** {@code __NR_pwrite64}: 18 on x86_64 (syscall_64.tbl), 68 on arm64 (asm-generic/unistd.h). */
    static final long NR_PWRITE64 = Arch.isArm64() ? 68 : 18;
    private static final MethodHandle PREAD = link("pread",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PWRITE = link("pwrite",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle CLOSE = link("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FTRUNCATE = link("ftruncate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle LSEEK = link("lseek",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle GETPPID = link("getppid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETPID = link("getpid",
            FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle SYSCONF = link("sysconf",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT));

    /** sysconf name for the page size: include/bits/confname.h {@code _SC_PAGESIZE} = 30. */
    private static final int SC_PAGESIZE = 30;
    private static final long PAGE_SIZE = sysconf(SC_PAGESIZE);
    private static final int PID = getpid();

    private Unistd() {
    }

    /**
     * {@code ssize_t read(int fd, void *buf, size_t n)}: the bytes read (0 at end of file), or
     * -1 with errno (EFAULT when the kernel cannot store into {@code buf}, EBADF, EINTR,
     * EAGAIN). Advances the file position. read(2).
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
     * {@code ssize_t pread(int fd, void *buf, size_t n, off_t off)}: as {@link #read} at a
     * file offset, file position untouched (ESPIPE on pipes). pread(2). Made by
     * {@link RawSyscall} where its stub is in place.
     *
     * @return bytes, or {@code -errno}
     */
    public static long pread(final int fd, final long buf, final long n, final long off) {
        if (RawSyscall.available()) { // every mechanism's store probe: once per probe point
            return RawSyscall.call("pread", NR_PREAD64, fd, buf, n, off);
        }
        final MemorySegment s = capture();
        try {
            return result("pread", (long) PREAD.invokeExact(s, fd, buf, n, off), -1, s, fd, buf, n, off, 0, 0);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)}: as {@link #write}
     * at a file offset. pwrite(2). Made by {@link RawSyscall} where its stub is in place.
     *
     * @return bytes, or {@code -errno}
     */
    public static long pwrite(final int fd, final long buf, final long n, final long off) {
        if (RawSyscall.available()) { // the memfd probe's load: once per probe point
            return RawSyscall.call("pwrite", NR_PWRITE64, fd, buf, n, off);
        }
        final MemorySegment s = capture();
        try {
            return result("pwrite", (long) PWRITE.invokeExact(s, fd, buf, n, off), -1, s, fd, buf, n, off, 0, 0);
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
}
