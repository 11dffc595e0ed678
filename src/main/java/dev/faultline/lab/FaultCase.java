package dev.faultline.lab;

import java.util.List;

/**
 * One fault case of the matrix: a layout, the range a loop runs over, and what it shows.
 *
 * @param name   short name used in reports
 * @param layout layout text
 * @param offset range start in the region
 * @param size   range length
 * @param what   one sentence for the report
 */
public record FaultCase(String name, String layout, long offset, long size, String what) {
    /** Where the range starts in the cases that start inside a page: the usual DMA alignment. */
    public static final long DMA_OFFSET = 512;

    /** @return whether the layout has a guard page (MADV_GUARD_INSTALL, Linux 6.13+) */
    public boolean needsGuard() {
        return dev.faultline.memory.Layout.parse(layout, dev.faultline.sys.Unistd.pageSize()).pages().stream()
                .anyMatch(p -> p.kind() == dev.faultline.memory.PageKind.GUARD);
    }

    /**
     * The x86-visible cases (page-level faults). Offset {@link #DMA_OFFSET} keeps the range
     * aligned to the usual DMA alignment, so a direct-I/O block (4096 bytes by default, any
     * page size) straddles the page boundary.
     *
     * @param page the page size
     * @return the cases, in report order
     */
    public static List<FaultCase> pageCases(final long page) {
        final long two = 2 * page;
        return List.of(
                new FaultCase("no-fault", "rw*3", 0, two, "every byte accessible"),
                new FaultCase("none@page", "rw,none,rw", 0, two, "PROT_NONE page; range starts at a page start"),
                new FaultCase("none@off", "rw,none,rw", DMA_OFFSET, two, "PROT_NONE page; range starts " + DMA_OFFSET + " bytes into a page"),
                new FaultCase("hole", "rw,hole,rw", DMA_OFFSET, two, "unmapped page inside the range"),
                new FaultCase("guard", "rw,guard,rw", DMA_OFFSET, two, "MADV_GUARD_INSTALL page inside the range"),
                new FaultCase("read-only", "rw,ro,rw", DMA_OFFSET, two, "PROT_READ page: faults for writes only"),
                new FaultCase("write-only", "rw,wo,rw", DMA_OFFSET, two, "PROT_WRITE-only page: GUP cannot read it, the x86 CPU can"),
                new FaultCase("zap", "rw,zap,rw", DMA_OFFSET, two, "benign: a shared file page dropped from the page table (data kept)"),
                new FaultCase("first-byte", "none,rw", 0, page, "the very first byte is inaccessible"));
    }

    /**
     * The MTE sub-page cases (arm64 with MTE only): one mismatched 16-byte granule.
     *
     * @param page the page size
     * @return the cases, in report order
     */
    public static List<FaultCase> mteCases(final long page) {
        final long two = 2 * page;
        return List.of(
                new FaultCase("mte@16", "rw~16+16,rw,rw", 0, two,
                        "Al Viro's btrfs case: granule [16,32) of the first page mismatches"),
                new FaultCase("mte@page", "rw,rw~0+16,rw", DMA_OFFSET, two, "mismatched granule AT a page start"),
                new FaultCase("mte@page+16", "rw,rw~16+16,rw", DMA_OFFSET, two, "mismatched granule just AFTER a page start"),
                new FaultCase("mte@page-16", "rw~" + (page - 16) + "+16,rw,rw", DMA_OFFSET, two,
                        "mismatched granule just BEFORE a page start"));
    }
}
