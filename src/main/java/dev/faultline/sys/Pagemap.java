package dev.faultline.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Reads /proc/self/pagemap (Documentation/admin-guide/mm/pagemap.rst): one little-endian u64
 * per virtual page at file offset {@code (vaddr / PAGE) * 8}.
 */
public final class Pagemap {
    /** pagemap.rst: bit 63, page present in RAM and mapped in this page table. */
    public static final long PM_PRESENT = 1L << 63;
    /** pagemap.rst: bit 62, page swapped. */
    public static final long PM_SWAPPED = 1L << 62;
    /** pagemap.rst: bit 61, file page or shared anonymous. */
    public static final long PM_FILE = 1L << 61;
    /** pagemap.rst: bit 56, page exclusively mapped (4.2+). */
    public static final long PM_EXCLUSIVE = 1L << 56;
    /** pagemap.rst: bit 55, pte soft-dirty. */
    public static final long PM_SOFT_DIRTY = 1L << 55;

    private Pagemap() {
    }

    /**
     * @param addr  page-aligned address
     * @param pages number of pages
     * @return the raw entries
     * @throws IllegalArgumentException when addr is not page aligned
     */
    public static long[] entries(final long addr, final int pages) {
        final long page = Unistd.pageSize();
        if (addr % page != 0) {
            throw new IllegalArgumentException("pagemap needs a page-aligned address: addr=0x" + Long.toHexString(addr));
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment path = arena.allocateFrom("/proc/self/pagemap");
            final int fd = (int) SyscallException.check("open", Fcntl.open(path.address(), Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0),
                    "/proc/self/pagemap");
            try {
                final MemorySegment buf = arena.allocate(JAVA_LONG, pages);
                final long want = 8L * pages;
                long done = 0;
                while (done < want) {
                    final long r = SyscallException.check("pread", Unistd.pread(fd, buf.address() + done, want - done,
                            (addr / page) * 8 + done), "pagemap");
                    if (r == 0) {
                        break;
                    }
                    done += r;
                }
                return buf.toArray(JAVA_LONG);
            } finally {
                Unistd.close(fd);
            }
        }
    }
}
