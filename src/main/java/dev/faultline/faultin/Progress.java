package dev.faultline.faultin;

/**
 * Progress of long work: a fault-in over a large range, a loop's rounds, an experiment's steps.
 * Implementations print it (cli, rate-limited) or ignore it. It lives with the fault-in because
 * that is the lowest layer that reports any; the loops and the experiments above use it too.
 */
@FunctionalInterface
public interface Progress {
    /** Ignores progress. */
    Progress NONE = (what, done, total) -> { };

    /**
     * @param what  what is counted, or the step just finished
     * @param done  how many so far (bytes probed, rounds, steps)
     * @param total how many in all, or 0 when that is not known in advance (a loop's rounds)
     */
    void step(String what, long done, long total);

    /** The work is over: a progress line still on the screen is cleared. */
    default void done() {
    }

    /**
     * @param to    where the steps go
     * @param total how many steps the whole work has
     * @return a progress that counts every step it is given as one of {@code total}, whatever the
     *         step's own count, from any number of threads (one step reaches {@code to} at a time)
     */
    static Progress overall(final Progress to, final long total) {
        final long[] done = {0}; // guarded by itself: one step at a time reaches the target, in order
        return (what, ignoredDone, ignoredTotal) -> {
            synchronized (done) {
                to.step(what, ++done[0], total);
            }
        };
    }
}
