package dev.faultline.bench;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.FaultIn;
import dev.faultline.faultin.FaultInResult;
import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.ProbeImpl;
import dev.faultline.faultin.Strategy;
import dev.faultline.sys.Unistd;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The ratio goals measured side by side: one invocation is one round of {@value #ROUND} probes
 * of side A, then {@value #ROUND} of side B, in the same fork, each block timed with
 * {@link System#nanoTime}; JMH reports the two sides' nanoseconds and the rounds as secondary
 * results ({@link Sides}: {@code aNs}, {@code bNs}, {@code rounds}), and the ratio is
 * {@code aNs / bNs}. On a shared machine the host's speed drifts by tens of percent between
 * forks and minutes (bench/run's first-byte figures differ that much run to run); both sides of
 * a round see the same minute, so their ratio keeps what separately forked benchmarks lose.
 * <ul>
 * <li>{@link #javaVsC}: the mechanism's syscall from Java ({@link ProbeMechanism#loadRaw} or
 *     {@link ProbeMechanism#storeZeroRaw}, the FFM downcall with errno capture) against the same
 *     syscall from C ({@link CFloor#mechanism}, one downcall for the block).</li>
 * <li>{@link #apiVsGetppid}: one fault-in API call of the first-byte strategy over a 4 KiB range
 *     with the mechanism, as {@link ProbeBench} measures it, against getppid from Java.</li>
 * <li>{@link #apiVsRaw}: the same fault-in API call against the mechanism's bare syscall from
 *     Java: what the API with its whole result adds (the region's lease, the tally, the result).</li>
 * <li>{@link #kernelVsRaw}: one page through the kernel-shaped call ({@link FaultIn#faultInReadable}
 *     or {@link FaultIn#faultInWriteable}: one probe, the leftover alone) against the same bare
 *     syscall: what the lease and the loop add.</li>
 * </ul>
 * A block is a loop of opaque downcalls, each with its own side effect in the kernel: nothing
 * the JIT can merge or hoist; the clock is read three times a round (some 60 ns against tens of
 * microseconds).
 */
public class PairedBench extends MechanismTrial {
    /** Probes of each side per round. */
    static final int ROUND = 64;

    @Override
    int block() {
        return ROUND;
    }

    /** The two sides' time, summed over an iteration's rounds. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Sides {
        /** Nanoseconds of side A (Java's raw syscall; the fault-in API call). */
        public long aNs;
        /** Nanoseconds of side B (the same syscall from C; getppid from Java). */
        public long bNs;
        /** Rounds, each {@value #ROUND} probes a side. */
        public long rounds;

        /** Adds one round: side A from t0 to t1, side B from t1 to t2. */
        void add(final long t0, final long t1, final long t2) {
            aNs += t1 - t0;
            bNs += t2 - t1;
            rounds++;
        }

        @Setup(Level.Iteration)
        public void reset() {
            aNs = 0;
            bNs = 0;
            rounds = 0;
        }
    }

    /** The first-byte probe through the fault-in API finds the page accessible. */
    @Override
    void check() {
        if (api().leftover() != 0) {
            throw new IllegalStateException("first-byte " + access + " of " + region + ": " + api());
        }
    }

    private FaultInResult api() {
        return FaultIn.faultIn(Strategy.FIRST_BYTE, mode, KernelEra.CURRENT, ProbeImpl.FAITHFUL, region, 0,
                Unistd.pageSize());
    }

    /** @return the leftovers of {@value #ROUND} first-byte probes through the fault-in API (side A of two pairs) */
    private long apiBlock() {
        long sink = 0;
        for (int i = 0; i < ROUND; i++) {
            sink += api().leftover();
        }
        return sink;
    }

    /** @return the results of {@value #ROUND} of the mechanism's bare syscalls from Java */
    private long rawBlock() {
        long sink = 0;
        for (int i = 0; i < ROUND; i++) {
            sink += probeOnce();
        }
        return sink;
    }

    /** A: the mechanism's syscall from Java; B: the same from C. */
    @Benchmark
    public long javaVsC(final Sides s) {
        final long t0 = System.nanoTime();
        long sink = rawBlock();
        final long t1 = System.nanoTime();
        sink += c(ROUND);
        s.add(t0, t1, System.nanoTime());
        return sink;
    }

    /** A: the first-byte probe through the fault-in API; B: the mechanism's bare syscall from Java. */
    @Benchmark
    public long apiVsRaw(final Sides s) {
        final long t0 = System.nanoTime();
        long sink = apiBlock();
        final long t1 = System.nanoTime();
        sink += rawBlock();
        s.add(t0, t1, System.nanoTime());
        return sink;
    }

    /** @return the leftovers of {@value #ROUND} one-page calls of the kernel-shaped fault-in API (one probe each) */
    private long kernelBlock() {
        final long page = Unistd.pageSize();
        long sink = 0;
        for (int i = 0; i < ROUND; i++) {
            sink += mode == AccessMode.READ ? FaultIn.faultInReadable(region, 0, page)
                    : FaultIn.faultInWriteable(region, 0, page);
        }
        return sink;
    }

    /** A: one page through the kernel-shaped fault-in API (one probe); B: the mechanism's bare syscall from Java. */
    @Benchmark
    public long kernelVsRaw(final Sides s) {
        final long t0 = System.nanoTime();
        long sink = kernelBlock();
        final long t1 = System.nanoTime();
        sink += rawBlock();
        s.add(t0, t1, System.nanoTime());
        return sink;
    }

    /** A: the first-byte probe through the fault-in API; B: getppid from Java. */
    @Benchmark
    public long apiVsGetppid(final Sides s) {
        final long t0 = System.nanoTime();
        long sink = apiBlock();
        final long t1 = System.nanoTime();
        for (int i = 0; i < ROUND; i++) {
            sink += Unistd.getppid();
        }
        s.add(t0, t1, System.nanoTime());
        return sink;
    }
}
