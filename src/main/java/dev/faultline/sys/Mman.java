package dev.faultline.sys;

/**
 * Constants of the mmap family. All are from the asm-generic headers and identical on x86_64
 * and aarch64 Linux (java-ffm.md section 2).
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

    /** include/uapi/asm-generic/mman-common.h: msync synchronously. */
    public static final int MS_SYNC = 4;

    /** include/uapi/linux/memfd.h: close the memfd on exec. */
    public static final int MFD_CLOEXEC = 0x0001;

    /** The address mmap returns on failure ({@code MAP_FAILED}, {@code (void *) -1}). */
    public static final long MAP_FAILED = -1L;

    private Mman() {
    }
}
