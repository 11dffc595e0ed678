package dev.faultline.report;

import dev.faultline.loops.Outcome;
import dev.faultline.loops.Step;

import java.util.Locale;

/**
 * The loop-trace picture: one row per round of a loop run, across the user buffer (page
 * boundaries dashed). Each row shows the round's fault-in (thin bar: the range asked, green
 * where it faulted in, red where it stopped) and its transfers (thick bar: the range asked,
 * blue where bytes moved). A livelock is a stack of identical rows that never reach further
 * (btrfs restarting at the record's start); progress is a staircase walking to the fault
 * (perform-write).
 */
public final class LoopTrace {
    private static final int LABEL = 76;
    private static final int PLOT = 800;
    private static final int ROW = 22;
    private static final int TOP = 64;

    private LoopTrace() {
    }

    /**
     * @param o     a loop run (its {@link Outcome#steps()})
     * @param title what ran: loop, strategy, layout
     * @param size  bytes of the run's buffer
     * @param page  the page size
     * @return an SVG document
     */
    public static String svg(final Outcome o, final String title, final long size, final long page) {
        final long drawn = Math.min(o.rounds(), Outcome.TRACED_ROUNDS);
        final int h = TOP + (int) drawn * ROW + 86;
        final int w = LABEL + PLOT + 24;
        final StringBuilder b = new StringBuilder(String.format(Locale.ENGLISH,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"monospace\""
                        + " font-size=\"12\"><rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", w, h));
        b.append(text(4, 16, Pictures.escape(title)));
        b.append(text(4, 32, String.format(Locale.ENGLISH, "%s: %d of %d bytes (possible %d), %d rounds, %d probes",
                o.verdict(), o.bytes(), o.requested(), o.possible(), o.rounds(), o.probes())));
        final int bottom = TOP + (int) drawn * ROW;
        for (long p = 0; p <= size; p += page) {
            final double x = x(p, size);
            b.append(String.format(Locale.ENGLISH, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#bbb\""
                    + " stroke-dasharray=\"3,3\"/>%n", x, TOP - 12, x, bottom));
            if (p < size) {
                b.append(text(x + 3, TOP - 4, "page " + p / page));
            }
        }
        for (final Step s : o.steps()) {
            final int y = TOP + (int) (s.round() - 1) * ROW;
            if (s.kind() == Step.Kind.FAULT_IN) {
                b.append(bar(s.offset(), s.length(), size, y + 2, 5, "#ddd", "fault-in asked"));
                b.append(bar(s.offset(), s.done(), size, y + 2, 5, "#4caf50", "faulted in " + s.done()));
                if (s.done() < s.length()) {
                    b.append(mark(s.offset() + s.done(), size, y, 9, "#e53935", "fault-in stopped"));
                }
            } else {
                b.append(bar(s.offset(), s.length(), size, y + 9, 9, "#cfe3f7", "transfer asked " + s.length()));
                b.append(bar(s.offset(), s.done(), size, y + 9, 9, "#1565c0", "moved " + s.done()));
            }
        }
        for (long r = 1; r <= drawn; r++) {
            b.append(text(4, TOP + (int) (r - 1) * ROW + 15, "round " + r));
        }
        final int legend = bottom + 20;
        if (o.rounds() > drawn) {
            b.append(text(4, legend, String.format(Locale.ENGLISH, "... %d more rounds like these, not drawn",
                    o.rounds() - drawn)));
        }
        b.append(text(4, legend + 18, "thin: fault-in (grey asked, green faulted in, red where it stopped)"));
        b.append(text(4, legend + 34, "thick: transfer with page faults disabled (light asked, blue moved)"));
        return b.append("</svg>\n").toString();
    }

    private static double x(final long offset, final long size) {
        return LABEL + (double) PLOT * offset / Math.max(1, size);
    }

    private static String bar(final long off, final long len, final long size, final int y, final int h,
                              final String fill, final String title) {
        if (len <= 0) {
            return "";
        }
        final double x0 = x(off, size);
        return String.format(Locale.ENGLISH, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                + "<title>%s at %d</title></rect>%n", x0, y, Math.max(1.0, x(off + len, size) - x0), h, fill, title, off);
    }

    private static String mark(final long at, final long size, final int y, final int h, final String fill,
                               final String title) {
        return String.format(Locale.ENGLISH, "<rect x=\"%.1f\" y=\"%d\" width=\"2\" height=\"%d\" fill=\"%s\">"
                + "<title>%s at %d</title></rect>%n", x(at, size) - 1, y, h, fill, title, at);
    }

    private static String text(final double x, final int y, final String s) {
        return String.format(Locale.ENGLISH, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", x, y, s);
    }
}
