package dev.faultline.cli;

import dev.faultline.faultin.Progress;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * ConsoleProgress against a clock the test moves: silent for {@link ConsoleProgress#SILENT}, then
 * at most one redraw per {@link ConsoleProgress#REDRAW} on a terminal and one line per
 * {@link ConsoleProgress#LINE} elsewhere (the first at the end of the silent second); nothing with
 * --quiet.
 */
class ConsoleProgressTest {
    private static final long MS = 1_000_000L;
    private static final long SIZE = 1L << 30;

    private final AtomicLong now = new AtomicLong(5_000 * MS);
    private final StringWriter out = new StringWriter();

    private Progress progress(final boolean terminal) {
        return new ConsoleProgress(new PrintWriter(out), terminal, now::get);
    }

    /** Steps every {@code every} ms for {@code ms} ms, counting bytes up to {@link #SIZE}. */
    private void run(final Progress p, final long every, final long ms) {
        for (long t = every; t <= ms; t += every) {
            now.addAndGet(every * MS);
            p.step("bytes probed", SIZE * t / ms, SIZE);
        }
    }

    @Test
    void quietPrintsNothing() {
        assertSame(Progress.NONE, ConsoleProgress.of(new PrintWriter(out), true));
    }

    @Test
    void shortWorkStaysSilent() {
        final Progress p = progress(true);
        run(p, 1, ConsoleProgress.SILENT / MS - 1);
        p.done();
        assertEquals("", out.toString());
    }

    @Test
    void aLogGetsALineAfterASecondThenOnePerTenSeconds() {
        final Progress p = progress(false);
        run(p, 1, 25_000); // a step every millisecond for 25 s: 25,000 steps, lines at 1, 11 and 21 s
        p.done();
        assertEquals(String.format("%d/%d bytes probed (24.0s left)%n%d/%d bytes probed (14.0s left)%n"
                        + "%d/%d bytes probed (4.0s left)%n", SIZE * 1_000 / 25_000, SIZE, SIZE * 11_000 / 25_000, SIZE,
                SIZE * 21_000 / 25_000, SIZE), out.toString());
    }

    @Test
    void aTerminalIsRedrawnAtMostTenTimesASecondAndClearedAtTheEnd() {
        final Progress p = progress(true);
        run(p, 1, 2_000); // 2,000 steps in 2 s: drawn at 1.0, 1.1, ..., 2.0 s
        final int draws = (int) ((2_000 * MS - ConsoleProgress.SILENT) / ConsoleProgress.REDRAW + 1);
        assertEquals(draws, out.toString().split("\r", -1).length - 1);
        final String last = out.toString().substring(out.toString().lastIndexOf('\r') + 1);
        assertEquals(String.format("%-100s", "[" + "#".repeat(30) + "] " + SIZE + "/" + SIZE
                + " bytes probed (0.0s left)"), last);
        p.done();
        assertEquals("\r" + " ".repeat(100) + "\r", out.toString().substring(out.toString().length() - 102));
    }

    @Test
    void roundsWithoutATotalAreACount() {
        final Progress p = progress(false);
        now.addAndGet(ConsoleProgress.LINE);
        p.step("rounds", 12_345, 0);
        assertEquals(String.format("12345 rounds (10.0s)%n"), out.toString());
    }
}
