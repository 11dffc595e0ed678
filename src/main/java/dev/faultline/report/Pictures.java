package dev.faultline.report;

import dev.faultline.memory.Access;
import dev.faultline.memory.AccessMap;
import dev.faultline.memory.MeasuredMaps;
import dev.faultline.memory.RegionMeasurement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Access maps as SVG: one row per source (expected, gup, uaccess), one cell per page, colour by
 * access; pages with MTE marks get a strip of 16-byte granules underneath.
 */
public final class Pictures {
    private static final int CELL = 22;
    private static final int LABEL = 80;

    private Pictures() {
    }

    /** @return the fill colour of an access */
    static String colour(final Access a) {
        return a.read() ? (a.write() ? "#4caf50" : "#2196f3") : (a.write() ? "#ff9800" : "#e53935");
    }

    /**
     * @param r a region's measurement
     * @return an SVG document
     */
    public static String map(final RegionMeasurement r) {
        return map(r, -1, 0);
    }

    /**
     * The map with page numbers and kinds above the cells, every measured cell that differs from
     * the expected one outlined in black (and named in its tooltip), and, when {@code offset >= 0},
     * the copy range {@code [offset, offset+size)} drawn as a bracket under the pages.
     *
     * @param r      a region's measurement
     * @param offset the copy range's start in the region, or -1 for none
     * @param size   its length
     * @return an SVG document
     */
    public static String map(final RegionMeasurement r, final long offset, final long size) {
        final MeasuredMaps m = r.measured();
        final List<AccessMap> rows = List.of(r.expected(), m.gup(), m.uaccess());
        final List<Integer> marked = new ArrayList<>(r.granules().keySet());
        final int w = Math.max(560, LABEL + r.pages() * CELL + 20);
        final int granuleRows = marked.size();
        final int h = 70 + rows.size() * (CELL + 6) + granuleRows * 40 + 40 + (offset >= 0 ? 30 : 0);
        final StringBuilder b = new StringBuilder(String.format(Locale.ENGLISH,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"monospace\""
                        + " font-size=\"12\"><rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", w, h));
        b.append(String.format(Locale.ENGLISH, "<text x=\"4\" y=\"18\">%s (%s)</text>%n", escape(r.layout().text()),
                r.backing().word()));
        for (int i = 0; i < r.pages(); i++) {
            final int cx = LABEL + i * CELL + CELL / 2;
            b.append(String.format(Locale.ENGLISH, "<text x=\"%d\" y=\"40\" text-anchor=\"middle\">%d</text>"
                    + "<text x=\"%d\" y=\"54\" text-anchor=\"middle\" font-size=\"10\">%s</text>%n", cx, i, cx,
                    r.layout().kind(i).word()));
        }
        int y = 60;
        final AccessMap expected = rows.get(0);
        for (final AccessMap row : rows) {
            b.append(String.format(Locale.ENGLISH, "<text x=\"4\" y=\"%d\">%s</text>%n", y + 15, row.source()));
            for (int i = 0; i < r.pages(); i++) {
                final Access a = row.page(i);
                final boolean differs = row != expected && !a.equals(expected.page(i));
                b.append(String.format(Locale.ENGLISH, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\""
                                + " stroke=\"%s\" stroke-width=\"%d\"><title>page %d %s: %s%s</title></rect>%n",
                        LABEL + i * CELL, y, CELL, CELL, colour(a), differs ? "black" : "white", differs ? 3 : 1, i,
                        r.layout().kind(i).word(), a.symbol(), differs ? " (expected " + expected.page(i).symbol()
                                + ")" : ""));
            }
            y += CELL + 6;
        }
        if (offset >= 0) {
            final double x0 = LABEL + (double) CELL * offset / r.pageSize();
            final double x1 = LABEL + (double) CELL * (offset + size) / r.pageSize();
            b.append(String.format(Locale.ENGLISH, "<path d=\"M%.1f %d v8 H%.1f v-8\" fill=\"none\" stroke=\"#6a1b9a\""
                    + " stroke-width=\"2\"/><text x=\"%.1f\" y=\"%d\" fill=\"#6a1b9a\">copy [%d, +%d)</text>%n",
                    x0, y, x1, x0, y + 22, offset, size));
            y += 30;
        }
        for (final int i : marked) {
            final String g = r.granules().get(i);
            b.append(String.format(Locale.ENGLISH, "<text x=\"4\" y=\"%d\">page %d granules</text>%n", y + 12, i));
            final double gw = (double) (w - LABEL - 20) / g.length();
            for (int k = 0; k < g.length(); k++) {
                b.append(String.format(Locale.ENGLISH, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"14\" fill=\"%s\"/>",
                        LABEL + k * gw, y + 2, Math.max(gw, 0.5), g.charAt(k) == '#' ? "#4caf50" : "#e53935"));
            }
            b.append('\n');
            y += 40;
        }
        b.append(String.format(Locale.ENGLISH, "<text x=\"4\" y=\"%d\" fill=\"#555\">green read+write, blue read only,"
                + " orange write only, red no access; black outline: measured differs from expected</text>%n", y + 16));
        return b.append("</svg>\n").toString();
    }

    static String escape(final String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
