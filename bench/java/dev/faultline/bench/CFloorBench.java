package dev.faultline.bench;

import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.sys.ScratchFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The C floor inside the JMH fork: {@code bench/c/probe.c}'s loops called through one FFM
 * downcall each ({@link CFloor}), on the same kind of region {@link ProbeBench} probes and
 * through this thread's scratch memfd — the file KernelProber writes to. Beside
 * {@code ProbeBench} in one run this isolates what Java adds per probe (the FFM downcall, errno
 * capture, the fault-in API) from what the process adds (the JVM's address space, its other
 * threads), which the standalone {@code cprobe} figures include. Every result is returned to
 * JMH. The first-byte probe's C floor, per mechanism, is {@link MechanismBench#c}.
 */
public class CFloorBench extends BenchSettings {
    @Param({"4096", "65536", "1048576", "16777216", "67108864"})
    long rangeBytes;

    private Region region;
    private long base;
    private int fd;

    @Setup(Level.Trial)
    public void setUp() {
        final long pages = BenchRanges.pages(rangeBytes);
        region = Region.of("rw*" + pages, Backing.ANON);
        base = region.base();
        fd = ScratchFile.get().fd();
        check("first-byte", CFloor.firstByte(fd, base, 3), 3);
        check("page", CFloor.page(fd, base, rangeBytes), pages);
        check("bulk", CFloor.bulk(fd, base, rangeBytes), rangeBytes);
    }

    private void check(final String loop, final long got, final long want) {
        if (got != want) {
            throw new IllegalStateException("C " + loop + " loop over " + region + ": " + got + " probes succeeded, want " + want);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        region.close();
    }

    @Benchmark
    public long page() {
        return CFloor.page(fd, base, rangeBytes);
    }

    @Benchmark
    public long granule() {
        return CFloor.granule(fd, base, rangeBytes);
    }

    @Benchmark
    public long bulk() {
        return CFloor.bulk(fd, base, rangeBytes);
    }
}
