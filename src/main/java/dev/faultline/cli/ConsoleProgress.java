package dev.faultline.cli;

import dev.faultline.faultin.Progress;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress on stderr, only for long work and at a bounded rate: nothing in the first
 * {@link #SILENT} (short work stays silent); then on a terminal a bar with counts and time left,
 * redrawn at most every {@link #REDRAW} and cleared at the end; otherwise (a log, a pipe) one plain
 * line at most every {@link #LINE}; nothing at all with --quiet.
 */
final class ConsoleProgress implements Progress {
    /** How long work runs before the first sign of life. */
    static final long SILENT = 1_000_000_000L;
    /** The shortest time between two redraws of the bar on a terminal. */
    static final long REDRAW = 100_000_000L;
    /** The shortest time between two lines when stderr is not a terminal. */
    static final long LINE = 10_000_000_000L;
    private static final int BAR = 30;
    private static final int WIDTH = 100;
    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier nanos;
    private final long start;
    private long last;
    private boolean drawn;

    ConsoleProgress(final PrintWriter err, final boolean terminal, final LongSupplier nanos) {
        this.err = err;
        this.terminal = terminal;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
        this.last = start - (terminal ? REDRAW : LINE) + SILENT;
    }

    static Progress of(final PrintWriter err, final boolean quiet) {
        return quiet ? Progress.NONE
                : new ConsoleProgress(err, System.console() != null && System.console().isTerminal(), System::nanoTime);
    }

    @Override
    public void step(final String what, final long done, final long total) {
        final long now = nanos.getAsLong();
        if (now - last < (terminal ? REDRAW : LINE)) {
            return;
        }
        last = now;
        final double elapsed = (now - start) / 1e9;
        final String count = total > 0
                ? String.format(Locale.ENGLISH, "%d/%d %s (%.1fs left)", done, total, what,
                done == 0 ? 0 : elapsed / done * (total - done))
                : String.format(Locale.ENGLISH, "%d %s (%.1fs)", done, what, elapsed);
        if (terminal) {
            final int filled = total <= 0 ? 0 : (int) (BAR * Math.min(done, total) / total);
            final String line = total > 0 ? "[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + count : count;
            err.print("\r" + String.format(Locale.ENGLISH, "%-" + WIDTH + "s", line));
            drawn = true;
        } else {
            err.println(count);
        }
        err.flush();
    }

    @Override
    public void done() {
        if (drawn) {
            err.print("\r" + " ".repeat(WIDTH) + "\r");
            err.flush();
            drawn = false;
        }
    }
}
