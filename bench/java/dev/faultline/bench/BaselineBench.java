package dev.faultline.bench;

import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.sys.Libc;
import dev.faultline.sys.Mman;
import dev.faultline.sys.Prctl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * Baselines measured in the same run as {@link ProbeBench}: an empty downcall (getauxval: a
 * libc call with no syscall), the cheapest syscall (getppid), a plain memory copy of the range
 * (MemorySegment.copy between two owned segments) and MADV_POPULATE_READ of a resident range.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class BaselineBench {
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
        region = Region.of("rw*" + rangeBytes / Libc.pageSize(), Backing.ANON);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        region.close();
        arena.close();
    }

    @Benchmark
    public long emptyDowncall() {
        return Libc.getauxval(Prctl.AT_HWCAP);
    }

    @Benchmark
    public int getppid() {
        return Libc.getppid();
    }

    /** One faithful load probe (a 1-byte pwrite from the region) without the fault-in API around it. */
    @Benchmark
    public long rawLoadProbe() {
        return dev.faultline.sys.ScratchFile.get().fromUser(region.base(), 1);
    }

    @Benchmark
    public MemorySegment memoryCopy() {
        MemorySegment.copy(src, 0, dst, 0, rangeBytes);
        return dst;
    }

    @Benchmark
    public long populateRead() {
        return Libc.madvise(region.base(), rangeBytes, Mman.MADV_POPULATE_READ);
    }
}
