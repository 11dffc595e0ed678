package dev.faultline.report;

import dev.faultline.lab.Race;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The race table, as text and as HTML, from two fixed rows. */
class RaceTableTest {
    private static final List<Race.Row> ROWS = List.of(
            new Race.Row("perform-write", "both-fail", "zap", 5, 5, 0, 0, 12, 7, 0),
            new Race.Row("btrfs-search", "second-fault", "mprotect", 4, 1, 3, 100, 10, 6, 3));

    @Test
    void textAlignsTheColumns() {
        assertEquals("""
                loop           policy        injector   runs completed spurious  lost  rounds/run injections
                perform-write  both-fail     zap           5         5        0     0         2.4          7
                btrfs-search   second-fault  mprotect      4         1        3   100         2.5          6
                """, RaceTable.text(ROWS));
    }

    @Test
    void htmlShadesSpuriousRunsAndLostBytes() {
        final String spurious = HtmlReport.verdictColour(dev.faultline.loops.Verdict.SPURIOUS);
        final String lost = HtmlReport.verdictColour(dev.faultline.loops.Verdict.LIVELOCK);
        assertEquals("<table id=\"race\"><tr><th>loop</th><th>policy</th><th>injector</th><th>runs</th>"
                + "<th>completed</th><th>spurious</th><th>lost</th><th>rounds/run</th><th>injections</th></tr>\n"
                + "<tr><td>perform-write</td><td>both-fail</td><td>zap</td><td>5</td><td>5</td><td>0</td><td>0</td>"
                + "<td>2.4</td><td>7</td></tr>\n"
                + "<tr><td>btrfs-search</td><td>second-fault</td><td>mprotect</td><td>4</td><td>1</td>"
                + "<td style=\"background:" + spurious + "\">3</td><td style=\"background:" + lost + "\">100</td>"
                + "<td>2.5</td><td>6</td></tr>\n</table>\n", RaceTable.html(ROWS));
    }
}
