package dev.faultline.bench;

import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.sys.Prctl;
import dev.faultline.sys.ScratchFile;
import dev.faultline.sys.Unistd;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-call baselines that do not depend on the range, measured once per run: an empty
 * downcall (getauxval: a libc call with no syscall), the cheapest syscall (getppid) and the
 * first-byte probe's bare syscall (a 1-byte pwrite from the region into this thread's scratch
 * memfd, without the fault-in API around it). With {@link CFloorBench}'s first-byte loop and
 * {@link ProbeBench}'s first-byte probe they split what a probe from Java costs into the syscall,
 * the FFM downcall and the fault-in API.
 */
public class CallBench extends BenchSettings {
    private Region region;
    private long base;

    @Setup(Level.Trial)
    public void setUp() {
        region = Region.of("rw", Backing.ANON);
        base = region.base();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        region.close();
    }

    @Benchmark
    public long emptyDowncall() {
        return Prctl.getauxval(Prctl.AT_HWCAP);
    }

    @Benchmark
    public int getppid() {
        return Unistd.getppid();
    }

    /** One faithful load probe (a 1-byte pwrite from the region), without the fault-in API. */
    @Benchmark
    public long rawLoadProbe() {
        return ScratchFile.get().fromUser(base, 1);
    }
}
