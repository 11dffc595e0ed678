package dev.faultline.bench;

import dev.faultline.faultin.ProbeMechanism;
import dev.faultline.faultin.ProbeMechanisms;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Each probe mechanism's first-byte probe without the fault-in API: {@link #raw} is one call of
 * the mechanism's syscall from Java ({@link ProbeMechanism#loadRaw} or
 * {@link ProbeMechanism#storeZeroRaw}: the FFM downcall with errno capture), {@link #c} the same
 * syscall with the same arguments from C ({@code bench/c/probe.c} through libcprobe.so,
 * {@value #REPS} per downcall, so the one downcall around them is amortised). Beside
 * {@link ProbeBench}'s first-byte probe (the same mechanism through the fault-in API) and
 * {@link CallBench}'s getppid (the bare-syscall floor, from Java and from C) they split a probe
 * into the syscall floor, the mechanism's kernel work, the FFM downcall and the fault-in API.
 * The mechanism is selected after its self-test ({@link ProbeMechanisms#select}); each result is
 * returned to JMH, and the C loop's count of successful probes is checked once per trial.
 */
public class MechanismBench extends BenchSettings {
    static final int REPS = 256;

    @Param({"memfd", "zero-fd", "affinity", "sigprocmask"})
    String probe;

    @Param({"read", "write"})
    String access;

    private Region region;
    private long base;
    private ProbeMechanism m;
    private boolean load;

    @Setup(Level.Trial)
    public void setUp() {
        m = ProbeMechanisms.select(probe);
        load = switch (access) {
            case "read" -> true;
            case "write" -> false;
            default -> throw new IllegalArgumentException("access " + access);
        };
        region = Region.of("rw", Backing.ANON);
        base = region.base();
        if (load ? !m.loadOk(raw()) : !m.storeOk(raw())) {
            throw new IllegalStateException(probe + " " + access + " probe of " + region + " failed: " + raw());
        }
        final long ok = c();
        if (ok != REPS) {
            throw new IllegalStateException("C " + probe + " " + access + " loop: " + ok + " of " + REPS + " succeeded");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        region.close();
    }

    /** One probe from Java: the mechanism's syscall, no fault-in API. */
    @Benchmark
    public long raw() {
        return load ? m.loadRaw(base) : m.storeZeroRaw(base);
    }

    /** The same syscall from C, {@value #REPS} per call. */
    @Benchmark
    @OperationsPerInvocation(REPS)
    public long c() {
        return CFloor.mechanism(probe, load, base, REPS);
    }
}
