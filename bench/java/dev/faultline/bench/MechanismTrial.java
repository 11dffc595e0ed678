package dev.faultline.bench;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.ProbeMechanism;
import dev.faultline.faultin.ProbeMechanisms;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A trial of one probe mechanism's first-byte probe on a resident page ({@link MechanismBench},
 * {@link PairedBench}): the mechanism selected after its self-test, the page, and a check
 * before any measurement that the probe from Java and a block of {@link #block()} probes from C
 * both succeed there.
 */
public abstract class MechanismTrial extends BenchSettings {
    @Param({"memfd", "zero-fd", "affinity", "sigprocmask"})
    String probe;

    @Param({"read", "write"})
    String access;

    Region region;
    long base;
    ProbeMechanism m;
    AccessMode mode;
    boolean load;

    /** @return the probes of one C call */
    abstract int block();

    @Setup(Level.Trial)
    public void setUp() {
        m = ProbeMechanisms.select(probe);
        mode = AccessMode.of(access);
        load = mode == AccessMode.READ;
        region = Region.of("rw", Backing.ANON);
        base = region.base();
        final long raw = probeOnce();
        if (load ? !m.loadOk(raw) : !m.storeOk(raw)) {
            throw new IllegalStateException(probe + " " + access + " probe of " + region + " failed: " + raw);
        }
        final long ok = c(block());
        if (ok != block()) {
            throw new IllegalStateException("C " + probe + " " + access + " loop: " + ok + " of " + block()
                    + " succeeded");
        }
        check();
    }

    /** A benchmark's own check of the trial, after the probe's (none by default). */
    void check() {
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        region.close();
    }

    /** One probe from Java: the mechanism's syscall, no fault-in API. */
    final long probeOnce() {
        return load ? m.loadRaw(base) : m.storeZeroRaw(base);
    }

    /** @return how many of {@code n} probes from C succeeded */
    final long c(final int n) {
        return CFloor.mechanism(probe, load, base, n);
    }
}
