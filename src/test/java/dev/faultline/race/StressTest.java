package dev.faultline.race;

import dev.faultline.loops.BailRule;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.Loop;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Loops;
import dev.faultline.loops.Outcome;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded stress (8 s): 4 threads run every loop under every injector, with a racing zapper
 * on each region as well; no lost byte, no crash, no hang, no leaked region fd.
 */
class StressTest {
    @Test
    void fourThreadsEveryInjectorNoLostByte() throws Exception {
        final long fds = countRegionFds();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong runs = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            final int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                int seed = id * 100_000;
                try {
                    while (System.nanoTime() < deadline) {
                        for (final Loop loop : Loops.runnable()) {
                            for (final InjectorKind kind : InjectorKind.values()) {
                                try (Region r = Region.of("rw*16", Backing.MEMFD);
                                     RacingInjector racer = new RacingInjector(r, 2000, seed)) {
                                    final Injector inj = new Injector(kind, r, 0.5, seed++);
                                    final Outcome o = loop.run(r, 0, r.size(), LoopConfig.of(Strategy.PAGE)
                                            .withMaxRounds(100).with(inj, BailRule.BOTH_FAIL));
                                    lost.addAndGet(o.lostBytes());
                                    if (o.verdict() == Verdict.STUCK) {
                                        throw new AssertionError(loop.name() + " " + kind + " " + o);
                                    }
                                    runs.incrementAndGet();
                                }
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (final Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!t.isAlive(), "a stress thread hangs");
        }
        assertNull(failure.get());
        // one pass per thread at least: every loop this kernel can run (dio needs MADV_POPULATE_WRITE)
        assertTrue(runs.get() >= 4L * Loops.runnable().size() * InjectorKind.values().length, "runs: " + runs.get());
        assertEquals(0, lost.get(), "bytes lost");
        assertEquals(fds, countRegionFds(), "region fds leaked");
    }

    private static long countRegionFds() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().contains("faultline-region");
                } catch (Exception e) {
                    return false;
                }
            }).count();
        }
    }
}
