package dev.faultline.uaccess;

import java.util.function.LongUnaryOperator;

/** The exact-prefix loop shared by the copy mechanisms. */
final class Transfer {
    private Transfer() {
    }

    /**
     * Calls {@code step} with the bytes done so far until it reports no progress (0 or
     * {@code -errno}) or all {@code n} are done, so a short count that was not a fault is
     * continued and the one that was a fault is confirmed by a failing call at the stop point.
     *
     * @param n    bytes wanted
     * @param step one syscall from {@code done}, returning bytes moved or {@code -errno}
     * @return bytes done
     */
    static long prefix(final long n, final LongUnaryOperator step) {
        long done = 0;
        while (done < n) {
            final long r = step.applyAsLong(done);
            if (r <= 0) {
                break;
            }
            done += r;
        }
        return done;
    }
}
