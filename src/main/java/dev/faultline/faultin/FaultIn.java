package dev.faultline.faultin;

import dev.faultline.memory.Region;
import dev.faultline.sys.Syscalls;
import dev.faultline.sys.Unistd;

/**
 * Entry points of the faultin layer: one fault-in call with a strategy, an access mode and a
 * kernel era, with its leftover, probe count, failing offset and syscall cost.
 */
public final class FaultIn {
    /** How many probes pass between two progress reports. */
    public static final int PROGRESS_PROBES = 1 << 12;
    /** What a fault-in's progress counts. */
    public static final String PROBED = "bytes probed";

    /**
     * The last result {@link #result} made, shared by every thread: a call whose result has the
     * same values returns this instance instead of a new one ({@link FaultInResult} is a record:
     * equal values, no identity promised), so a hot loop of calls allocates nothing. Measured: a
     * 48-byte result allocated after each probe's syscall cost about a tenth of a first-byte call
     * (docs/benchmark.md). A plain field, raced on purpose: the record's fields are final, so a
     * thread sees a whole one; a stale one only fails the comparison.
     */
    private static FaultInResult last = new FaultInResult(0, 0, 0, null, 0);

    private FaultIn() {
    }

    /**
     * Faults in {@code [offset, offset+size)} of a region through the real kernel.
     *
     * @throws IndexOutOfBoundsException for a range outside the region
     * @throws dev.faultline.memory.RegionClosedException after close
     */
    public static FaultInResult faultIn(final Strategy strategy, final AccessMode mode, final KernelEra era,
                                        final Region region, final long offset, final long size) {
        return faultIn(strategy, mode, era, ProbeImpl.FAITHFUL, region, offset, size);
    }

    /**
     * As {@link #faultIn(Strategy, AccessMode, KernelEra, Region, long, long)} with a choice
     * of how the probes reach the kernel.
     */
    public static FaultInResult faultIn(final Strategy strategy, final AccessMode mode, final KernelEra era,
                                        final ProbeImpl impl, final Region region, final long offset,
                                        final long size) {
        return faultIn(strategy, mode, era, impl, region, offset, size, Progress.NONE);
    }

    /**
     * As {@link #faultIn(Strategy, AccessMode, KernelEra, ProbeImpl, Region, long, long)}, telling
     * {@code progress} every {@link #PROGRESS_PROBES} probes how far the probing has come:
     * {@value #PROBED}, the bytes from the start to the latest probe, of {@code size} (a
     * strategy with two passes, granule, counts up twice).
     */
    public static FaultInResult faultIn(final Strategy strategy, final AccessMode mode, final KernelEra era,
                                        final ProbeImpl impl, final Region region, final long offset,
                                        final long size, final Progress progress) {
        try (Region.Lease l = region.lease()) {
            final long addr = region.address(offset, size);
            return faultIn(strategy, mode, era, impl.open(addr + size, region.pageSize(), strategy, region.tagged()), addr, size,
                    region.base(), progress);
        }
    }

    /**
     * The kernel's {@code fault_in_readable(uaddr, size)} (mm/gup.c, v5.16 on) on bytes of a region,
     * with nothing but the kernel's return value: the bytes at the end of
     * {@code [offset, offset+size)} NOT faulted in, 0 when all were. One exact 1-byte load at the
     * first byte and at each later page start, through the process's {@link ProbeMechanism}: the
     * leftover of {@code faultIn(Strategy.PAGE, AccessMode.READ, KernelEra.CURRENT, region, offset,
     * size)} without its tally and result (no probe count, no failing offset, no syscall count): the
     * form for a hot loop, at about a syscall's cost a probe. A region with holes is checked when
     * the lease is returned, as for every call.
     *
     * @throws IndexOutOfBoundsException for a range outside the region
     * @throws dev.faultline.memory.RegionClosedException after close
     * @throws dev.faultline.memory.HoleTakenException when a hole of the region was mapped during the call
     */
    public static long faultInReadable(final Region region, final long offset, final long size) {
        try (Region.Lease l = region.lease()) {
            return FaultInFamily.pages(region.pageSize(), region.address(offset, size), size,
                    ProbeMechanisms.current()::load);
        }
    }

    /**
     * The kernel's {@code fault_in_writeable(uaddr, size)} (mm/gup.c, v5.16 on), as
     * {@link #faultInReadable}: a zero stored at the first byte and at each later page start
     * (destructive, as the kernel's {@code put_user(0)}); the leftover of {@code faultIn(Strategy.PAGE,
     * AccessMode.WRITE, KernelEra.CURRENT, region, offset, size)}.
     *
     * @throws IndexOutOfBoundsException for a range outside the region
     * @throws dev.faultline.memory.RegionClosedException after close
     * @throws dev.faultline.memory.HoleTakenException when a hole of the region was mapped during the call
     */
    public static long faultInWriteable(final Region region, final long offset, final long size) {
        try (Region.Lease l = region.lease()) {
            return FaultInFamily.pages(region.pageSize(), region.address(offset, size), size,
                    ProbeMechanisms.current()::storeZero);
        }
    }

    /**
     * Faults in {@code [uaddr, uaddr+size)} with any prober. With the {@link KernelProber}
     * the caller holds a lease of the region around the range; a model prober may take any
     * address (wrapping ones included).
     *
     * @param origin address that {@code failedAt} is reported relative to
     */
    public static FaultInResult faultIn(final Strategy strategy, final AccessMode mode, final KernelEra era,
                                        final Prober prober, final long uaddr, final long size, final long origin) {
        return faultIn(strategy, mode, era, prober, uaddr, size, origin, Progress.NONE);
    }

    /**
     * As {@link #faultIn(Strategy, AccessMode, KernelEra, Prober, long, long, long)}, with progress
     * as for {@link #faultIn(Strategy, AccessMode, KernelEra, ProbeImpl, Region, long, long, Progress)}.
     */
    public static FaultInResult faultIn(final Strategy strategy, final AccessMode mode, final KernelEra era,
                                        final Prober prober, final long uaddr, final long size, final long origin,
                                        final Progress progress) {
        final Syscalls.PerThread counter = Syscalls.counter();
        final long before = counter.count();
        final Tally t = new Tally(prober, Unistd.pageSize(), uaddr, size, progress);
        long left = strategy.leftover(t, mode, era, uaddr, size);
        if (era == KernelEra.PRE_5_16 && left != 0) {
            left = size;
        }
        return result(size, left, t.probes(), t.failedAt() >= 0, t.failedAt() - origin, counter.count() - before);
    }

    /** @return {@link #last} when it has these values, else a new result, which becomes {@link #last} */
    private static FaultInResult result(final long size, final long leftover, final int probes, final boolean failed,
                                        final long failedAt, final long syscalls) {
        final FaultInResult l = last;
        if (l.size() == size && l.leftover() == leftover && l.probes() == probes && l.syscalls() == syscalls
                && (failed ? l.failedAt() != null && l.failedAt() == failedAt : l.failedAt() == null)) {
            return l;
        }
        final FaultInResult r = new FaultInResult(size, leftover, probes, failed ? failedAt : null, syscalls);
        last = r;
        return r;
    }
}
