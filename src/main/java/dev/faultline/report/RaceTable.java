package dev.faultline.report;

import dev.faultline.lab.Race;

import java.util.List;
import java.util.Locale;

/**
 * The race results (loop x bail policy x injector) as a text table for the terminal and as an
 * HTML table for the report, with the same columns: runs that ended spurious and bytes lost are
 * shaded as the verdict SPURIOUS and the verdict LIVELOCK are in the matrix.
 */
public final class RaceTable {
    private static final String[] COLUMNS = {"loop", "policy", "injector", "runs", "completed", "spurious", "lost",
        "rounds/run", "injections"};

    private RaceTable() {
    }

    private static Object[] cells(final Race.Row r) {
        return new Object[] {r.loop(), r.policy(), r.injector(), r.runs(), r.completed(), r.spurious(), r.lost(),
            String.format(Locale.ENGLISH, "%.1f", (double) r.rounds() / r.runs()), r.injections()};
    }

    /**
     * @param rows the race's rows
     * @return one line per row under a header line, columns aligned
     */
    public static String text(final List<Race.Row> rows) {
        final String format = "%-14s %-13s %-9s %5s %9s %8s %5s %11s %10s%n";
        final StringBuilder b = new StringBuilder(String.format(Locale.ENGLISH, format, (Object[]) COLUMNS));
        for (final Race.Row r : rows) {
            b.append(String.format(Locale.ENGLISH, format, cells(r)));
        }
        return b.toString();
    }

    /**
     * @param rows the race's rows
     * @return {@code <table id="race">} with a header row and one row per race row
     */
    public static String html(final List<Race.Row> rows) {
        final StringBuilder b = new StringBuilder("<table id=\"race\"><tr>");
        for (final String c : COLUMNS) {
            b.append("<th>").append(c).append("</th>");
        }
        b.append("</tr>\n");
        for (final Race.Row r : rows) {
            b.append("<tr>");
            final Object[] cells = cells(r);
            for (int i = 0; i < cells.length; i++) {
                final String shade = i == 5 && r.spurious() > 0
                        ? HtmlReport.verdictColour(dev.faultline.loops.Verdict.SPURIOUS)
                        : i == 6 && r.lost() > 0 ? HtmlReport.verdictColour(dev.faultline.loops.Verdict.LIVELOCK) : null;
                b.append(shade == null ? "<td>" : "<td style=\"background:" + shade + "\">")
                        .append(Pictures.escape(String.valueOf(cells[i]))).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }
}
