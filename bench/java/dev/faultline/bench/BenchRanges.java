package dev.faultline.bench;

import dev.faultline.sys.Unistd;

/** The pages of a benchmark's range: a range is whole pages, and one smaller than a page takes one page. */
final class BenchRanges {
    private BenchRanges() {
    }

    /**
     * @param rangeBytes the range the benchmark was given (4096 in smoke and in the first-byte runs)
     * @return its pages on this kernel, rounded up, at least 1 (on 16 KiB pages 4096 bytes is one page,
     *         where {@code rangeBytes / page} was 0 and the layout "rw*0" was refused)
     */
    static int pages(final long rangeBytes) {
        final long page = Unistd.pageSize();
        return (int) Math.max(1, (rangeBytes + page - 1) / page);
    }
}
