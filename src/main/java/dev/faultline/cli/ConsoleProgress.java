package dev.faultline.cli;

import dev.faultline.lab.Progress;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on stderr: a bar with counts and time left on a terminal, a plain line per step
 * otherwise, nothing with --quiet.
 */
final class ConsoleProgress implements Progress {
    private static final int BAR = 30;
    private final PrintWriter err;
    private final boolean terminal;
    private final long start = System.nanoTime();

    private ConsoleProgress(final PrintWriter err, final boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    static Progress of(final PrintWriter err, final boolean quiet) {
        return quiet ? Progress.NONE : new ConsoleProgress(err, System.console() != null && System.console().isTerminal());
    }

    @Override
    public void step(final String what, final int done, final int total) {
        final double elapsed = (System.nanoTime() - start) / 1e9;
        final double left = done == 0 ? 0 : elapsed / done * (total - done);
        if (terminal) {
            final int filled = total == 0 ? BAR : BAR * done / total;
            err.printf(Locale.ENGLISH, "\r[%s%s] %d/%d %.1fs left  %-40s", "#".repeat(filled), " ".repeat(BAR - filled),
                    done, total, left, what);
            if (done == total) {
                err.println();
            }
        } else {
            err.printf(Locale.ENGLISH, "%d/%d %s (%.1fs left)%n", done, total, what, left);
        }
        err.flush();
    }
}
