package dev.faultline.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

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
public class MechanismBench extends MechanismTrial {
    static final int REPS = 256;

    @Override
    int block() {
        return REPS;
    }

    /** One probe from Java: the mechanism's syscall, no fault-in API. */
    @Benchmark
    public long raw() {
        return probeOnce();
    }

    /** The same syscall from C, {@value #REPS} per call. */
    @Benchmark
    @OperationsPerInvocation(REPS)
    public long c() {
        return c(REPS);
    }
}
