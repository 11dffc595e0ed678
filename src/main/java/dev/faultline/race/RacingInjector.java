package dev.faultline.race;

import dev.faultline.memory.Region;
import dev.faultline.memory.RegionClosedException;
import dev.faultline.sys.Mman;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread that zaps (MADV_DONTNEED) random pages of a shared region at a rate, racing
 * whatever runs on it, until closed. Each zap holds the region's lease, so it stops cleanly
 * when the region is closed. Timing-dependent by nature: tests that need repeatable runs use
 * {@link Injector} instead.
 */
public final class RacingInjector implements AutoCloseable {
    private final Thread thread;
    private final AtomicLong injections = new AtomicLong();
    private volatile boolean stop;

    /**
     * @param region    a shared or memfd region
     * @param perSecond injections per second (1..100000)
     * @param seed      which pages
     */
    public RacingInjector(final Region region, final int perSecond, final long seed) {
        if (perSecond < 1 || perSecond > 100_000) {
            throw new IllegalArgumentException("rate must be 1..100000 injections per second: rate=" + perSecond);
        }
        if (region.backing() == dev.faultline.memory.Backing.ANON) {
            throw new IllegalArgumentException("racing zaps need a shared or memfd region: MADV_DONTNEED on private"
                    + " anonymous memory discards its data");
        }
        final long pause = 1_000_000_000L / perSecond;
        final SplittableRandom random = new SplittableRandom(seed);
        thread = Thread.ofPlatform().name("faultline-racing-injector").daemon().start(() -> {
            while (!stop) {
                try (Region.Lease l = region.lease()) {
                    final int p = random.nextInt(region.pages());
                    // never a hole: another mmap (any thread's) may live there since the region was built
                    if (region.layout().kind(p) != dev.faultline.memory.PageKind.HOLE) {
                        Mman.madvise(region.base() + p * region.pageSize(), region.pageSize(), Mman.MADV_DONTNEED);
                        injections.incrementAndGet();
                    }
                } catch (RegionClosedException e) {
                    return;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(pause);
            }
        });
    }

    /** @return zaps made so far */
    public long injections() {
        return injections.get();
    }

    /** Stops the thread and waits for it. */
    @Override
    public void close() {
        stop = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
