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
 * Constants of the mmap family. All are from the asm-generic headers and identical on x86_64
 * and aarch64 Linux (docs/design.md#build-and-ffm-notes).
 */
public final class Mman {
    /** include/uapi/asm-generic/mman-common.h: page cannot be accessed. */
    public static final int PROT_NONE = 0x0;
    /** include/uapi/asm-generic/mman-common.h: page can be read. */
    public static final int PROT_READ = 0x1;
    /** include/uapi/asm-generic/mman-common.h: page can be written. */
    public static final int PROT_WRITE = 0x2;
    /** include/uapi/asm-generic/mman-common.h: page can be executed. */
    public static final int PROT_EXEC = 0x4;
    /** arch/arm64/include/uapi/asm/mman.h: arm64 memory tagging (MTE). */
    public static final int PROT_MTE = 0x20;

    /** include/uapi/linux/mman.h: changes are shared. */
    public static final int MAP_SHARED = 0x01;
    /** include/uapi/linux/mman.h: changes are private (copy on write). */
    public static final int MAP_PRIVATE = 0x02;
    /** include/uapi/asm-generic/mman-common.h: interpret addr exactly. */
    public static final int MAP_FIXED = 0x10;
    /**
     * {@code MAP_FIXED_NOREPLACE}: at exactly that address, or EEXIST when something is mapped
     * there (Linux 4.17+); include/uapi/asm-generic/mman-common.h.
     */
    public static final int MAP_FIXED_NOREPLACE = 0x100000;
    /** include/uapi/asm-generic/mman-common.h: not backed by a file. */
    public static final int MAP_ANONYMOUS = 0x20;
    /** include/uapi/asm-generic/mman-common.h: do not reserve swap space. */
    public static final int MAP_NORESERVE = 0x4000;

    /** include/uapi/asm-generic/mman-common.h: drop the page from the page table. */
    public static final int MADV_DONTNEED = 4;
    /** include/uapi/asm-generic/mman-common.h: reclaim the pages (5.4+). */
    public static final int MADV_PAGEOUT = 21;
    /** include/uapi/asm-generic/mman-common.h: populate (prefault) page tables readable (5.14+). */
    public static final int MADV_POPULATE_READ = 22;
    /** include/uapi/asm-generic/mman-common.h: populate (prefault) page tables writable (5.14+). */
    public static final int MADV_POPULATE_WRITE = 23;
    /** include/uapi/asm-generic/mman-common.h: install guard regions (6.13+). */
    public static final int MADV_GUARD_INSTALL = 102;
    /** include/uapi/asm-generic/mman-common.h: remove guard regions (6.13+). */
    public static final int MADV_GUARD_REMOVE = 103;

    /** include/uapi/asm-generic/mman-common.h: msync asynchronously (a no-op past the VMA walk since 2.6.19). */
    public static final int MS_ASYNC = 1;

    /** include/uapi/asm-generic/mman-common.h: msync synchronously. */
    public static final int MS_SYNC = 4;

    /** include/uapi/linux/memfd.h: close the memfd on exec. */
    public static final int MFD_CLOEXEC = 0x0001;

    /** The address mmap returns on failure ({@code MAP_FAILED}, {@code (void *) -1}). */
    public static final long MAP_FAILED = -1L;

    private static final MethodHandle MMAP = link("mmap",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = link("munmap",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle MPROTECT = link("mprotect",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MADVISE = link("madvise",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MSYNC = link("msync",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MEMFD_CREATE = link("memfd_create",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));

    private Mman() {
    }

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
                    Mman.MAP_FAILED, s, addr, len, prot, flags, fd, off);
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
}
