package dev.faultline.report;

import dev.faultline.lab.FaultCase;
import dev.faultline.lab.LeftOut;
import dev.faultline.lab.Matrix;
import dev.faultline.lab.MatrixRow;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.Loop;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.RegionMeasurement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's HTML report: the matrix with verdicts coloured, the reading, the headline loop
 * traces, a picture of every fault case's region as the kernel measured it, and the race table.
 * Self-contained (inline SVG and CSS).
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    static String verdictColour(final Verdict v) {
        return switch (v) {
            case COMPLETE -> "#c8e6c9";
            case SHORT -> "#e3f2fd";
            case EFAULT -> "#fff9c4";
            case LIVELOCK -> "#ffcdd2";
            case STUCK -> "#ffe0b2";
            case SPURIOUS -> "#e1bee7";
        };
    }

    /**
     * @param m        the matrix
     * @param findings its reading
     * @param extra    preformatted sections (title, body) to append
     * @param race     the race section's title and text, shown above its table
     * @param raceRows the race's rows, shown as a table
     * @param pictures every fault case of the matrix as the kernel measured its region ({@link Matrix#measureCases})
     * @return the HTML document
     */
    public static String of(final Matrix m, final List<String> findings, final List<String[]> extra,
                            final String[] race, final List<dev.faultline.lab.Race.Row> raceRows,
                            final java.util.Map<FaultCase, RegionMeasurement> pictures) {
        final StringBuilder b = new StringBuilder("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Faultline report</title>
                <style>body{font-family:sans-serif;margin:24px;max-width:1200px}table{border-collapse:collapse}
                td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}th{background:#f5f5f5}
                pre{background:#fafafa;padding:8px;font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
                svg{max-width:100%;height:auto}</style></head><body>
                <h1>Faultline: fault-in strategies x kernel loops x faults</h1>
                <p>Real mappings of this machine; loops are models, copies are the <code>nofault</code> model,
                fault-ins are real probes. Cells: verdict and bytes.</p>
                """);
        b.append("<table id=\"matrix\"><tr><th>loop</th><th>fault</th>");
        for (final Strategy s : m.strategies()) {
            b.append("<th>").append(s.word()).append("</th>");
        }
        b.append("</tr>\n");
        final List<FaultCase> cases = m.faultCases();
        for (final Loop loop : m.loops()) {
            for (final FaultCase c : cases) {
                b.append("<tr><td>").append(loop.name()).append("</td><td>").append(c.name()).append("</td>");
                for (final Strategy s : m.strategies()) {
                    final MatrixRow r = m.find(loop.id(), s, c.name());
                    if (r == null) {
                        b.append("<td>-</td>");
                        continue;
                    }
                    final Verdict v = r.outcome().verdict();
                    b.append(String.format(Locale.ENGLISH, "<td class=\"verdict\" style=\"background:%s\">%s%s</td>",
                            verdictColour(v), v, v == Verdict.LIVELOCK ? "" : " " + r.outcome().bytes()));
                }
                b.append("</tr>\n");
            }
        }
        b.append("</table>\n");
        if (LeftOut.line(m.leftOut()) != null) {
            b.append("<p>").append(Pictures.escape(LeftOut.line(m.leftOut()))).append("</p>\n");
        }
        b.append("<h2>Reading</h2><ul>\n");
        findings.forEach(f -> b.append("<li>").append(Pictures.escape(f)).append("</li>\n"));
        b.append("</ul>\n");
        traces(b, m);
        b.append("<h2>The fault cases, as the kernel measured them</h2>\n");
        pictures.forEach((c, r) -> b.append("<h3>").append(c.name()).append(": ").append(Pictures.escape(c.what()))
                .append("</h3>\n").append("<div class=\"map\">").append(Pictures.map(r)).append("</div>\n"));
        for (final String[] e : extra) {
            b.append("<h2>").append(Pictures.escape(e[0])).append("</h2><pre>").append(Pictures.escape(e[1]))
                    .append("</pre>\n");
        }
        b.append("<h2>").append(Pictures.escape(race[0])).append("</h2><p>").append(Pictures.escape(race[1]))
                .append("</p>\n").append(RaceTable.html(raceRows));
        // the rendered width, for the test that keeps the page inside a 1280-pixel window
        b.append("<script>document.body.dataset.scrollWidth = document.documentElement.scrollWidth;</script>\n");
        return b.append("</body></html>\n").toString();
    }

    /** The headline loop traces: btrfs-search's first-byte livelock and perform-write's walk to the fault. */
    private static void traces(final StringBuilder b, final Matrix m) {
        final List<MatrixRow> picked = new ArrayList<>();
        m.rows().stream().filter(r -> r.loop() == dev.faultline.loops.LoopName.BTRFS_SEARCH && r.strategy() == Strategy.FIRST_BYTE
                && r.outcome().verdict() == Verdict.LIVELOCK).findFirst().ifPresent(picked::add);
        m.rows().stream().filter(r -> r.loop() == dev.faultline.loops.LoopName.PERFORM_WRITE && r.strategy() == Strategy.PAGE
                && r.outcome().verdict() == Verdict.SHORT).findFirst().ifPresent(picked::add);
        if (picked.isEmpty()) {
            return;
        }
        b.append("<h2>Two loop runs, round by round</h2>\n");
        for (final MatrixRow r : picked) {
            final String title = r.loop() + " with " + r.strategy() + " on " + r.fault().name() + " ("
                    + r.fault().layout() + ")";
            b.append("<h3>").append(Pictures.escape(title)).append("</h3>\n<div class=\"trace\">")
                    .append(LoopTrace.svg(r.outcome(), title, r.fault().size(),
                            dev.faultline.sys.Unistd.pageSize())).append("</div>\n");
        }
    }
}
