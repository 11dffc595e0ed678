package dev.faultline.bench;

import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.sys.Libc;
import dev.faultline.sys.Mman;
import dev.faultline.sys.Prctl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Baselines measured in the same run as {@link ProbeBench}: an empty downcall (getauxval: a
 * libc call with no syscall), the cheapest syscall (getppid), a plain memory copy of the range
 * (MemorySegment.copy between two owned segments) and MADV_POPULATE_READ of a resident range.
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

    /** The first-byte fault-in without the region lease and bounds check around it. */
    @Benchmark
    public dev.faultline.faultin.FaultInResult firstByteNoLease() {
        return dev.faultline.faultin.FaultIn.faultIn(dev.faultline.faultin.Strategy.FIRST_BYTE,
                dev.faultline.faultin.AccessMode.READ, dev.faultline.faultin.KernelEra.CURRENT,
                dev.faultline.faultin.KernelProber.INSTANCE, region.base(), 4096, region.base());
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
