package dev.faultline.report;

import dev.faultline.scan.Scan;
import dev.faultline.scan.ScanCall;
import dev.faultline.scan.ScanMode;
import dev.faultline.scan.ScanRow;
import dev.faultline.scan.ScanVerdict;

import java.util.List;
import java.util.Locale;

/**
 * The scan at a glance, as SVG: file systems down, call and mode across, each cell coloured by
 * the worst verdict of its cases (grey: nothing ran), with the count of anomalies in it.
 */
public final class ScanPicture {
    private static final int CELL_W = 72;
    private static final int CELL_H = 22;
    private static final int LEFT = 70;
    private static final int TOP = 60;

    private ScanPicture() {
    }

    /** @return the colour of a verdict: greens for honest results, orange to red for anomalies */
    static String colour(final ScanVerdict v) {
        return switch (v) {
            case EXACT -> "#2e7d32";
            case SHORT -> "#66bb6a";
            case EFAULT -> "#a5d6a7";
            case ERROR -> "#fff176";
            case DIRTY -> "#ffb74d";
            case OVERREPORT -> "#f57c00";
            case LIVELOCK -> "#e53935";
            case UNKILLABLE -> "#7b1fa2";
        };
    }

    /**
     * @param runs  the scan (file systems that were skipped are left out)
     * @param title the picture's title (the kernel)
     * @return the SVG document
     */
    public static String svg(final List<Scan.FsRun> runs, final String title) {
        final List<Scan.FsRun> ran = runs.stream().filter(r -> r.skipped() == null).toList();
        // the columns: each call and mode some file system ran, in order
        final List<String> columns = ran.stream().flatMap(r -> r.rows().stream())
                .map(r -> r.scanCase().call().ordinal() * 10 + r.scanCase().mode().ordinal()).distinct().sorted()
                .map(k -> ScanCall.values()[k / 10].word() + " " + ScanMode.values()[k % 10].word()).toList();
        final int width = LEFT + columns.size() * CELL_W + 20;
        final int height = TOP + ran.size() * CELL_H + 60;
        final StringBuilder b = new StringBuilder(String.format(Locale.ENGLISH,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"10\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"10\" y=\"16\" font-size=\"13\">%s</text>%n", width, height, Pictures.escape(title)));
        for (int c = 0; c < columns.size(); c++) {
            final String[] cm = columns.get(c).split(" ");
            final int x = LEFT + c * CELL_W;
            b.append(String.format(Locale.ENGLISH, "<text x=\"%d\" y=\"%d\">%s</text>%n", x + 2, TOP - 18,
                    Pictures.escape(cm[0])));
            b.append(String.format(Locale.ENGLISH, "<text x=\"%d\" y=\"%d\" fill=\"#555\">%s</text>%n", x + 2,
                    TOP - 6, cm[1]));
        }
        for (int f = 0; f < ran.size(); f++) {
            final int y = TOP + f * CELL_H;
            final Scan.FsRun run = ran.get(f);
            b.append(String.format(Locale.ENGLISH, "<text x=\"10\" y=\"%d\">%s</text>%n", y + 15,
                    Pictures.escape(run.fs())));
            for (int c = 0; c < columns.size(); c++) {
                final String column = columns.get(c);
                final List<ScanRow> cell = run.rows().stream().filter(r -> r.ran() && column.equals(
                        r.scanCase().call().word() + " " + r.scanCase().mode().word())).toList();
                final ScanVerdict worst = cell.stream().map(ScanRow::verdict).max(Enum::compareTo).orElse(null);
                final long anomalies = cell.stream().filter(r -> r.verdict().anomaly()).count();
                final int x = LEFT + c * CELL_W;
                b.append(String.format(Locale.ENGLISH, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                        + " fill=\"%s\" stroke=\"white\"><title>%s %s: %s</title></rect>%n", x, y, CELL_W, CELL_H,
                        worst == null ? "#ddd" : colour(worst), Pictures.escape(run.fs()), column,
                        worst == null ? "nothing ran" : "worst " + worst + ", " + cell.size() + " cases"));
                if (anomalies > 0) {
                    b.append(String.format(Locale.ENGLISH, "<text x=\"%d\" y=\"%d\" fill=\"white\">%d</text>%n",
                            x + 4, y + 15, anomalies));
                }
            }
        }
        int x = 10;
        final int y = TOP + ran.size() * CELL_H + 25;
        for (final ScanVerdict v : ScanVerdict.values()) {
            b.append(String.format(Locale.ENGLISH, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", x, y, colour(v), x + 16, y + 10, v));
            x += 16 + 9 * v.name().length() + 12;
        }
        b.append(String.format(Locale.ENGLISH, "<text x=\"10\" y=\"%d\" fill=\"#555\">a cell: the worst verdict of its"
                + " cases; the number: its anomalies (DIRTY, OVERREPORT, LIVELOCK, UNKILLABLE)</text>%n", y + 30));
        return b.append("</svg>\n").toString();
    }
}
