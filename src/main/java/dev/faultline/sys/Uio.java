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
 * Bindings of {@code <sys/uio.h>}: vectored file I/O (uaccess on each iovec, in order) and the
 * cross-address-space copies process_vm_readv/writev (GUP on the remote side, MTE tag-blind).
 * Conventions in {@link Native}: results are the C result or {@code -errno}.
 */
public final class Uio {
    private static final MethodHandle READV = link("readv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle WRITEV = link("writev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle PREADV = link("preadv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG));
    private static final MethodHandle PWRITEV = link("pwritev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG));
    private static final MethodHandle PROCESS_VM_READV = link("process_vm_readv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PROCESS_VM_WRITEV = link("process_vm_writev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));

    private Uio() {
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
            return result("preadv", (long) PREADV.invokeExact(s, fd, iov, iovcnt, off), -1, s, fd, iov, iovcnt, off, 0, 0);
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
            return result("pwritev", (long) PWRITEV.invokeExact(s, fd, iov, iovcnt, off), -1, s, fd, iov, iovcnt, off, 0, 0);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

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
}
