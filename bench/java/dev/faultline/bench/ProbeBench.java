package dev.faultline.bench;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.FaultIn;
import dev.faultline.faultin.FaultInResult;
import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.ProbeImpl;
import dev.faultline.faultin.ProbeMechanisms;
import dev.faultline.faultin.Strategy;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;


/**
 * What one fault-in call costs, per strategy and implementation, as the range grows.
 *
 * <p>One call of {@link FaultIn#faultIn} per benchmark invocation, its result returned (no dead
 * code, no hand loop around the probe). The region is resident (filled when made); the only
 * state a probe changes is the zero bytes a write probe stores and the pages GUP populates,
 * neither of which changes the next call's answer, so nothing needs rebuilding per invocation.
 * {@code fault=3/4} puts a PROT_NONE page at three quarters of the range: every implementation
 * must find it (same leftover and probe count as another implementation; checked once per trial).
 * {@code probe} names the probe mechanism the faithful probes use ({@link ProbeMechanisms#select},
 * after its self-test); {@code default} keeps the process's own choice
 * ({@link ProbeMechanisms#current}).
 *
 * <p>HOW TO RUN: {@code bench/run quick} (about 7 minutes here) or {@code bench/run full}.
 */
public class ProbeBench extends BenchSettings {
    @Param({"4096", "65536", "1048576", "16777216", "67108864"})
    long rangeBytes;

    @Param({"read", "write"})
    String access;

    @Param({"first-byte", "page", "granule", "gup", "gup+first-byte"})
    String strategy;

    @Param({"faithful", "batched", "bulk"})
    String impl;

    @Param({"none", "3/4"})
    String fault;

    /** default, or a mechanism name: sigprocmask, zero-fd, affinity, memfd. */
    @Param({"default"})
    String probe;

    private Region region;
    private Strategy s;
    private AccessMode m;
    private ProbeImpl i;

    @Setup(Level.Trial)
    public void setUp() {
        if (probe.equals("default")) {
            ProbeMechanisms.current();
        } else {
            ProbeMechanisms.select(probe);
        }
        final int pages = BenchRanges.pages(rangeBytes);
        final String layout = fault.equals("none") || pages < 4
                ? "rw*" + pages
                : "rw*" + (pages * 3 / 4) + ",none,rw*" + (pages - pages * 3 / 4 - 1);
        region = Region.of(layout, Backing.ANON);
        s = Strategy.of(strategy);
        m = AccessMode.of(access);
        i = ProbeImpl.of(impl);
        // another implementation as the reference (bulk, or batched for bulk): the faithful one
        // would cost seconds per trial at 64 MiB, and a property test already holds all three equal
        final ProbeImpl reference = i == ProbeImpl.BULK ? ProbeImpl.BATCHED : ProbeImpl.BULK;
        final FaultInResult want = FaultIn.faultIn(s, m, KernelEra.CURRENT, reference, region, 0, rangeBytes);
        final FaultInResult got = probe();
        if (want.leftover() != got.leftover() || want.probes() != got.probes()
                || !java.util.Objects.equals(want.failedAt(), got.failedAt())) {
            throw new IllegalStateException("implementations disagree: " + want + " vs " + got);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        region.close();
    }

    @Benchmark
    public FaultInResult probe() {
        return FaultIn.faultIn(s, m, KernelEra.CURRENT, i, region, 0, rangeBytes);
    }
}
