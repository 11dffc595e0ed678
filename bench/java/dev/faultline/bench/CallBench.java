package dev.faultline.bench;

import dev.faultline.sys.Prctl;
import dev.faultline.sys.Unistd;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Per-call baselines that do not depend on the range, measured once per run: an empty
 * downcall (getauxval: a libc call with no syscall) and the cheapest syscall, getppid, from Java
 * and from C ({@code bench/c/probe.c} through libcprobe.so, {@value #REPS} per downcall): the
 * bare-syscall floor. With {@link MechanismBench} (each probe mechanism's syscall from Java and
 * from C) and {@link ProbeBench}'s first-byte probe they split what a probe from Java costs into
 * the syscall floor, the mechanism's kernel work, the FFM downcall and the fault-in API.
 */
public class CallBench extends BenchSettings {
    static final int REPS = 256;

    @Benchmark
    public long emptyDowncall() {
        return Prctl.getauxval(Prctl.AT_HWCAP);
    }

    @Benchmark
    public int getppid() {
        return Unistd.getppid();
    }

    /** getppid from C, {@value #REPS} per downcall: the syscall floor without FFM. */
    @Benchmark
    @OperationsPerInvocation(REPS)
    public long cGetppid() {
        return CFloor.getppid(REPS);
    }
}
