package dev.faultline.cli;

import java.util.List;
import java.util.Map;

/** The board report's one HTML page: a table of the parts, then all of it as JSON inside the page. */
final class BoardReportPage {
    private BoardReportPage() {
    }

    /**
     * @param rows one per part: part, command, exit, seconds, stderr
     * @param json the whole report as one JSON object (the element {@code faultline-board-report})
     * @return the page
     */
    static String html(final List<Map<String, Object>> rows, final String json) {
        final StringBuilder b = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\">"
                + "<title>Faultline board report</title></head><body>\n<h1>Faultline board report</h1>\n"
                + "<p>Every part's JSON is in the element <code>faultline-board-report</code> below; attach this"
                + " file as it is.</p>\n<table border=\"1\" cellpadding=\"4\">\n"
                + "<tr><th>part</th><th>command</th><th>exit</th><th>seconds</th><th>stderr</th></tr>\n");
        for (final Map<String, Object> r : rows) {
            b.append("<tr><td>").append(esc(r.get("part"))).append("</td><td><code>").append(esc(r.get("command")))
                    .append("</code></td><td>").append(esc(r.get("exit"))).append("</td><td>")
                    .append(esc(r.get("seconds"))).append("</td><td><pre>").append(esc(r.get("stderr")))
                    .append("</pre></td></tr>\n");
        }
        // "</" cannot end the script element early: JSON allows "<\/"
        return b.append("</table>\n<script type=\"application/json\" id=\"faultline-board-report\">\n")
                .append(json.replace("</", "<\\/")).append("\n</script>\n</body></html>\n").toString();
    }

    private static String esc(final Object o) {
        return String.valueOf(o).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
