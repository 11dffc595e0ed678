package dev.faultline.bench;

import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.sys.Mman;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Range baselines measured in the same run as {@link ProbeBench}: a plain memory copy of the
 * range (MemorySegment.copy between two owned segments) and MADV_POPULATE_READ of a resident
 * range. The per-call baselines are in {@link CallBench}.
 */
public class BaselineBench extends BenchSettings {
    @Param({"4096", "65536", "1048576", "16777216", "67108864"})
    long rangeBytes;

    private Arena arena;
    private MemorySegment src;
    private MemorySegment dst;
    private Region region;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        src = arena.allocate(rangeBytes, 4096);
        dst = arena.allocate(rangeBytes, 4096);
        src.fill((byte) 1);
        dst.fill((byte) 2);
        region = Region.of("rw*" + BenchRanges.pages(rangeBytes), Backing.ANON);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        region.close();
        arena.close();
    }

    @Benchmark
    public MemorySegment memoryCopy() {
        MemorySegment.copy(src, 0, dst, 0, rangeBytes);
        return dst;
    }

    @Benchmark
    public long populateRead() {
        return Mman.madvise(region.base(), rangeBytes, Mman.MADV_POPULATE_READ);
    }
}
