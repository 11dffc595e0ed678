package dev.faultline.memory;

import java.util.List;

/**
 * One page of a layout: its kind and its MTE marks (empty without MTE).
 *
 * @param kind  what the page is
 * @param marks mismatching-tag ranges inside it
 */
public record PageSpec(PageKind kind, List<TagMark> marks) {
    /** Copies the marks. */
    public PageSpec {
        marks = List.copyOf(marks);
    }

    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder(kind.word());
        marks.forEach(b::append);
        return b.toString();
    }
}
