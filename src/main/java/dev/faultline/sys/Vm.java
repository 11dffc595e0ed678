package dev.faultline.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * process_vm_readv/writev on this JVM's own pid with one iovec on each side: the GUP path.
 * The remote side (the user buffer under test) is pinned with get_user_pages, so VMA
 * permissions are checked exactly (PROT_WRITE-only is unreadable, PROT_READ unwritable) and
 * arm64 MTE tags are never checked. Results follow {@link Native}: bytes, or {@code -errno}.
 */
public final class Vm {
    /** {@code struct iovec { void *iov_base; size_t iov_len; }} (include/uapi/linux/uio.h). */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("iov_base"), JAVA_LONG.withName("iov_len"));

    private static final ThreadLocal<MemorySegment> IOVS =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(IOVEC, 2));

    private Vm() {
    }

    private static MemorySegment iovs(final long local, final long remote, final long n) {
        final MemorySegment iov = IOVS.get();
        iov.set(JAVA_LONG, 0, local);
        iov.set(JAVA_LONG, 8, n);
        iov.set(JAVA_LONG, 16, remote);
        iov.set(JAVA_LONG, 24, n);
        return iov;
    }

    /**
     * Reads {@code n} bytes of user memory at {@code remote} into {@code local}.
     *
     * @param remote address in this process that may be inaccessible
     * @param local  memory owned by the caller, at least {@code n} bytes
     * @return bytes read (a prefix), or {@code -errno} (EFAULT when not one byte could be read)
     */
    public static long read(final long remote, final MemorySegment local, final long n) {
        final MemorySegment iov = iovs(local.address(), remote, n);
        return Uio.processVmReadv(Unistd.pid(), iov.address(), 1, iov.address() + IOVEC.byteSize(), 1);
    }

    /**
     * Writes {@code n} bytes from {@code local} into user memory at {@code remote}.
     *
     * @return bytes written (a prefix), or {@code -errno}
     */
    public static long write(final long remote, final MemorySegment local, final long n) {
        final MemorySegment iov = iovs(local.address(), remote, n);
        return Uio.processVmWritev(Unistd.pid(), iov.address(), 1, iov.address() + IOVEC.byteSize(), 1);
    }
}
