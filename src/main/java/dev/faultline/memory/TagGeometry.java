package dev.faultline.memory;

/**
 * Where a tagged region's allocation tags mismatch its pointers, from the layout's marks
 * ({@code ~START+LEN}, in 16-byte granules): pure arithmetic, no syscall.
 */
final class TagGeometry {
    private final Layout layout;
    private final long page;

    TagGeometry(final Layout layout, final long page) {
        this.layout = layout;
        this.page = page;
    }

    /** @return the offset of the first mismatched byte of {@code [offset, offset+n)}, or -1 */
    long firstMismatch(final long offset, final long n) {
        long best = -1;
        for (int i = (int) (offset / page); i < layout.size() && i * page < offset + n; i++) {
            for (final TagMark m : layout.pages().get(i).marks()) {
                final long a = Math.max(offset, i * page + m.start());
                if (a < i * page + m.start() + m.length() && a < offset + n && (best < 0 || a < best)) {
                    best = a;
                }
            }
        }
        return best;
    }

    /** @return one character per granule of a page: {@code x} where a uaccess load must fail */
    String expectedGranules(final int pageIndex, final boolean tagged) {
        final StringBuilder b = new StringBuilder();
        for (long g = 0; g < page; g += TagMark.GRANULE) {
            final long at = pageIndex * page + g;
            b.append(layout.kind(pageIndex).cpuReadable() && (!tagged || firstMismatch(at, 1) < 0) ? '#' : 'x');
        }
        return b.toString();
    }
}
