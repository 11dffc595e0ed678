package dev.faultline.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * Access per page of a region, either expected (from the layout) or measured (from the
 * kernel through one mechanism). {@link #toString()} draws it one character per page.
 */
public final class AccessMap {
    private final String source;
    private final List<Access> pages;

    /**
     * @param source what produced it: {@code expected}, {@code gup}, {@code uaccess}
     * @param pages  one entry per page
     */
    public AccessMap(final String source, final List<Access> pages) {
        this.source = source;
        this.pages = List.copyOf(pages);
    }

    /** @return the expected map of a layout: the VMA permissions of each page kind */
    public static AccessMap expected(final Layout layout) {
        final List<Access> pages = new ArrayList<>(layout.size());
        for (final PageSpec p : layout.pages()) {
            pages.add(new Access(p.kind().readable(), p.kind().writable()));
        }
        return new AccessMap("expected", pages);
    }

    /** @return what produced the map */
    public String source() {
        return source;
    }

    /** @return one entry per page */
    public List<Access> pages() {
        return pages;
    }

    /** @return access of page {@code i} */
    public Access page(final int i) {
        return pages.get(i);
    }

    /** @return the indexes where this map and {@code other} differ */
    public List<Integer> mismatches(final AccessMap other) {
        if (other.pages.size() != pages.size()) {
            throw new IllegalArgumentException("maps differ in size: " + pages.size() + " != " + other.pages.size());
        }
        final List<Integer> out = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            if (!pages.get(i).equals(other.pages.get(i))) {
                out.add(i);
            }
        }
        return out;
    }

    /** @return one character per page, no label */
    public String line() {
        final StringBuilder b = new StringBuilder(pages.size());
        pages.forEach(a -> b.append(a.symbol()));
        return b.toString();
    }

    @Override
    public String toString() {
        return String.format("%-9s %s", source, line());
    }
}
