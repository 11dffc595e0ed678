package dev.faultline.scan;

import java.util.ArrayList;
import java.util.List;

/** Runs a scan's lanes side by side, each on a thread of its own, and waits for all of them. */
final class Lanes {
    private Lanes() {
    }

    /**
     * Runs every lane to its end; one lane runs on the calling thread.
     *
     * @throws RuntimeException the first lane's failure (the others' are attached as suppressed)
     */
    static void run(final Runnable... lanes) {
        if (lanes.length == 1) {
            lanes[0].run();
            return;
        }
        final List<Throwable> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Thread> threads = new ArrayList<>(lanes.length);
        for (int l = 0; l < lanes.length; l++) {
            final Runnable lane = lanes[l];
            threads.add(Thread.ofPlatform().name("scan-lane-" + l).start(() -> {
                try {
                    lane.run();
                } catch (RuntimeException | Error e) {
                    failed.add(e);
                }
            }));
        }
        boolean interrupted = false;
        for (final Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the lanes end when their drivers do: wait for them, then say so
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!failed.isEmpty()) {
            final Throwable first = failed.get(0);
            failed.stream().skip(1).forEach(first::addSuppressed);
            if (first instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) first;
        }
    }
}
