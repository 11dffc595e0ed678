package dev.faultline.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed layout: the language of docs/design.md#layout-language, one entry per page from the region's start.
 * <pre>
 *   layout := entry ("," entry)*
 *   entry  := KIND ["*" COUNT] ("~" START "+" LEN)*
 *   KIND   := rw | ro | wo | none | hole | guard | zap
 * </pre>
 * {@code *COUNT} repeats the entry, marks included. Marks ({@code ~START+LEN}, multiples of
 * 16 inside the page) are parsed here; whether they can be built is the region's question.
 */
public final class Layout {
    /** The most pages one region may have: a count, so 1 GiB on 4 KiB pages, 4 GiB on 16 KiB, 16 GiB on 64 KiB. */
    public static final int MAX_PAGES = 1 << 18;
    private static final Pattern ASCII_NUMBER = Pattern.compile("[+-]?[0-9]+");

    private final String text;
    private final List<PageSpec> pages;

    private Layout(final String text, final List<PageSpec> pages) {
        this.text = text;
        this.pages = List.copyOf(pages);
    }

    /**
     * @param text     the layout text
     * @param pageSize the page size the marks must fit in
     * @return the layout
     * @throws LayoutException with the offending entry and value
     */
    public static Layout parse(final String text, final long pageSize) {
        if (text == null || text.isBlank()) {
            throw new LayoutException("empty layout: give at least one page, e.g. \"rw\" (words: "
                    + PageKind.words() + ")");
        }
        final List<PageSpec> pages = new ArrayList<>();
        final String[] entries = text.trim().split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            final String entry = entries[i].trim();
            final String where = " in entry " + (i + 1) + " of layout \"" + text + "\"";
            if (entry.isEmpty()) {
                throw new LayoutException("empty entry" + where);
            }
            final String[] parts = entry.split("~", -1);
            final String head = parts[0];
            final int star = head.indexOf('*');
            final String word = star < 0 ? head : head.substring(0, star);
            final PageKind kind = PageKind.find(word);
            if (kind == null) {
                throw new LayoutException("unknown layout word \"" + word + "\"" + where + "; words: " + PageKind.words());
            }
            final long count = star < 0 ? 1 : number(head.substring(star + 1), "count", where);
            if (count < 1 || count > MAX_PAGES) {
                throw new LayoutException("count " + head.substring(star + 1) + " out of range 1.." + MAX_PAGES + where);
            }
            final List<TagMark> marks = new ArrayList<>();
            for (int m = 1; m < parts.length; m++) {
                marks.add(mark(parts[m], pageSize, where));
            }
            if (!marks.isEmpty() && !kind.readable() && !kind.writable()) {
                throw new LayoutException("MTE marks need an accessible page, not " + kind.word() + where);
            }
            if (pages.size() + count > MAX_PAGES) {
                throw new LayoutException("layout has more than " + MAX_PAGES + " pages (" + (MAX_PAGES * pageSize >> 20)
                        + " MiB), more than Faultline maps in one region" + where);
            }
            for (long c = 0; c < count; c++) {
                pages.add(new PageSpec(kind, marks));
            }
        }
        return new Layout(text.trim(), pages);
    }

    private static TagMark mark(final String s, final long pageSize, final String where) {
        final int plus = s.indexOf('+');
        if (plus < 0) {
            throw new LayoutException("MTE mark \"~" + s + "\" is not ~START+LEN" + where);
        }
        final long start = number(s.substring(0, plus), "mark start", where);
        final long len = number(s.substring(plus + 1), "mark length", where);
        if (start % TagMark.GRANULE != 0 || len % TagMark.GRANULE != 0 || len == 0) {
            throw new LayoutException("MTE mark ~" + start + "+" + len + " must use positive multiples of "
                    + TagMark.GRANULE + " (the MTE granule)" + where);
        }
        if (start + len > pageSize) {
            throw new LayoutException("MTE mark ~" + start + "+" + len + " leaves the " + pageSize + "-byte page" + where);
        }
        return new TagMark(start, len);
    }

    /** ASCII digits only: Long.parseLong also reads other scripts' digits (a fullwidth 2 as 2). */
    private static long number(final String s, final String what, final String where) {
        if (!ASCII_NUMBER.matcher(s.trim()).matches()) {
            throw new LayoutException(what + " \"" + s + "\" is not a number" + where);
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new LayoutException(what + " \"" + s + "\" is not a number" + where);
        }
    }

    /** @return the text it was parsed from */
    public String text() {
        return text;
    }

    /** @return one spec per page */
    public List<PageSpec> pages() {
        return pages;
    }

    /** @return the number of pages */
    public int size() {
        return pages.size();
    }

    /** @return the kind of page {@code i} */
    public PageKind kind(final int i) {
        return pages.get(i).kind();
    }

    /**
     * The runs of pages in {@code [from, to)} that are not holes: the pages the region owns
     * after its build (a hole was given back, and the next mmap of any thread may sit there).
     *
     * @return the first page index and the page count of each run, in pairs
     */
    public int[] ownedRuns(final int from, final int to) {
        final int[] runs = new int[to - from + 1];
        int n = 0;
        int first = -1;
        for (int i = from; i <= to; i++) {
            final boolean owned = i < to && kind(i) != PageKind.HOLE;
            if (owned && first < 0) {
                first = i;
            } else if (!owned && first >= 0) {
                runs[n++] = first;
                runs[n++] = i - first;
                first = -1;
            }
        }
        return java.util.Arrays.copyOf(runs, n);
    }

    /** @return the index of every hole page, in order (empty when there is none) */
    public int[] holes() {
        return java.util.stream.IntStream.range(0, size()).filter(i -> kind(i) == PageKind.HOLE).toArray();
    }

    /** @return whether any page carries an MTE mark */
    public boolean hasMarks() {
        return pages.stream().anyMatch(p -> !p.marks().isEmpty());
    }

    @Override
    public String toString() {
        return text;
    }
}
