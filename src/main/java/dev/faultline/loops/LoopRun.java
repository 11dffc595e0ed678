package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.FaultIn;
import dev.faultline.faultin.FaultInResult;
import dev.faultline.faultin.KernelProber;
import dev.faultline.faultin.ProbeMechanisms;
import dev.faultline.memory.PageKind;
import dev.faultline.memory.Region;
import dev.faultline.sys.Syscalls;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The state of one loop run: the region's lease for the whole run, the kernel-side buffer,
 * and the counters every {@link Outcome} reports. The copies go through the configured
 * no-fault mechanism; fault-ins through the configured strategy against the real kernel.
 */
final class LoopRun implements AutoCloseable {
    private final Region region;
    private final Region.Lease lease;
    private final Arena arena = Arena.ofConfined();
    private final long offset;
    private final long user;
    private final long size;
    private final LoopConfig config;
    private final MemorySegment kernel;
    private final long syscallsBefore = countAfterProbeSelfTest();
    private long rounds;
    private long probes;
    private long faultsAfterCleanFaultIn;
    private boolean cleanFaultIn;
    private boolean lastCopyAfterClean;
    private boolean bailed;
    private final java.util.List<Step> steps = new java.util.ArrayList<>();

    /** The probe mechanism's one-time self-test must not count as the run's syscalls. */
    private static long countAfterProbeSelfTest() {
        ProbeMechanisms.current();
        return Syscalls.count();
    }

    LoopRun(final Region region, final long offset, final long size, final LoopConfig config) {
        this.region = region;
        this.lease = region.lease();
        try {
            this.user = region.address(offset, size);
        } catch (RuntimeException e) {
            lease.close();
            arena.close();
            throw e;
        }
        this.offset = offset;
        this.size = size;
        this.config = config;
        this.kernel = arena.allocate(Math.max(1, size));
        for (long i = 0; i < size; i++) {
            kernel.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 7 + 3));
        }
        try {
            config.hook().beforeRun(user, size);
        } catch (RuntimeException e) {
            close(); // no try-with-resources owns this run yet: a kept lease would fail every later close()
            throw e;
        }
    }

    LoopConfig config() {
        return config;
    }

    long pageSize() {
        return region.pageSize();
    }

    /** @return address of the run's first byte */
    long user() {
        return user;
    }

    /** @return the kernel-side buffer (file data for reads, sink for writes) */
    MemorySegment kernel() {
        return kernel;
    }

    void round() {
        rounds++;
        config.progress().step(LoopConfig.ROUNDS, rounds, 0);
    }

    /**
     * Accounts one transfer attempt that is not a plain copy (the dio model's block issue):
     * counted in faultsAfterCleanFaultIn when it moved nothing right after a clean fault-in; the hook sees the attempt.
     *
     * @return {@code moved}
     */
    long transferred(final long off, final long n, final long moved) {
        step(Step.Kind.TRANSFER, off, n, moved);
        return copied(n, moved == 0 ? n : 0) == 0 ? 0 : moved;
    }

    private void step(final Step.Kind kind, final long off, final long n, final long done) {
        if (rounds <= Outcome.TRACED_ROUNDS) {
            steps.add(new Step(rounds, kind, off, n, done));
        }
    }

    private long copied(final long n, final long notCopied) {
        final long copied = n - notCopied;
        lastCopyAfterClean = notCopied > 0 && cleanFaultIn;
        if (lastCopyAfterClean) {
            faultsAfterCleanFaultIn++;
        }
        cleanFaultIn = false;
        config.hook().afterCopy();
        return copied;
    }

    /** No-fault copy of {@code n} user bytes at run offset {@code off} into the kernel buffer. */
    long copyFromUser(final long off, final long n) {
        final long notCopied = config.copy().copyFromUser(user + off, kernel.asSlice(off), n);
        step(Step.Kind.TRANSFER, off, n, n - notCopied);
        return copied(n, notCopied);
    }

    /** No-fault copy of {@code n} kernel-buffer bytes to the user buffer at run offset {@code off}. */
    long copyToUser(final long off, final long n) {
        return copyToUser(config.copy(), off, n);
    }

    /**
     * Copy of {@code n} kernel-buffer bytes to the user buffer at run offset {@code off} WITH page
     * faults enabled, whatever the configured mechanism: filemap_read's copy_folio_to_iter, the
     * kernel's own copy_to_user ({@link dev.faultline.uaccess.FileCopy}: faults resolved, MTE tags
     * checked), which stops at the first byte it cannot store.
     */
    long copyToUserFaulting(final long off, final long n) {
        return copyToUser(dev.faultline.uaccess.FileCopy.INSTANCE, off, n);
    }

    private long copyToUser(final dev.faultline.uaccess.UserCopy c, final long off, final long n) {
        final long notCopied = c.copyToUser(user + off, kernel.asSlice(off), n);
        step(Step.Kind.TRANSFER, off, n, n - notCopied);
        return copied(n, notCopied);
    }

    /** Fault-in of {@code n} bytes at run offset {@code off}; returns the leftover. */
    long faultIn(final AccessMode mode, final long off, final long n) {
        final long round = rounds;
        final FaultInResult r = FaultIn.faultIn(config.strategy(), mode, config.era(), KernelProber.INSTANCE,
                user + off, n, user, config.progress() == dev.faultline.faultin.Progress.NONE
                        ? dev.faultline.faultin.Progress.NONE
                        : (what, done, total) -> config.progress().step("round " + round + ": " + what, done, total));
        probes += r.probes();
        step(Step.Kind.FAULT_IN, off, n, n - r.leftover());
        cleanFaultIn = r.leftover() == 0 && n > 0;
        config.hook().afterFaultIn(user + off, n);
        return r.leftover();
    }

    /**
     * Bytes from the run's start to the first byte the layout says the mechanism cannot
     * access (a page it cannot access, or for the CPU a mismatched MTE granule): the ideal
     * loop's reach.
     *
     * @param mode what the transfer does to the user buffer
     * @param gup  whether the transfer pins pages (VMA permissions) rather than using the CPU
     */
    long reach(final AccessMode mode, final boolean gup) {
        final long page = region.pageSize();
        long reach = size;
        for (long p = offset / page; p * page < offset + size; p++) {
            final PageKind k = region.layout().kind((int) p);
            final boolean ok = mode == AccessMode.WRITE ? k.writable() : gup ? k.readable() : k.cpuReadable();
            if (!ok) {
                reach = Math.max(0, p * page - offset);
                break;
            }
        }
        final long m = gup ? -1 : region.firstMismatch(offset, size);
        return m < 0 ? reach : Math.min(reach, m - offset);
    }

    /**
     * Asks the bail rule after a round without progress.
     *
     * @param stall rounds in a row without progress
     * @return whether the loop stops now
     */
    boolean bail(final int stall) {
        if (config.bail().bail(stall, lastCopyAfterClean)) {
            bailed = true;
        }
        return bailed;
    }

    /**
     * Bytes of the transferred prefix whose two sides differ: the user buffer (read back
     * through uaccess) against the kernel-side buffer.
     */
    private long lost(final long bytes) {
        if (bytes <= 0) {
            return 0;
        }
        final MemorySegment back = arena.allocate(bytes);
        final long got = bytes - dev.faultline.uaccess.FileCopy.INSTANCE.copyFromUser(user, back, bytes);
        final long mismatch = MemorySegment.mismatch(back, 0, got, kernel, 0, got);
        long lost = bytes - got;
        if (mismatch >= 0) {
            for (long i = mismatch; i < got; i++) {
                if (back.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) != kernel.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i)) {
                    lost++;
                }
            }
        }
        return lost;
    }

    Outcome outcome(final String loop, final long bytes, final long requested, final long possible,
                    final boolean livelock, final boolean error) {
        final long injections = config.hook().injections();
        final Verdict v;
        if (livelock) {
            v = Verdict.LIVELOCK;
        } else if (bytes >= requested) {
            v = Verdict.COMPLETE;
        } else if (injections > 0 && bytes < possible) {
            v = Verdict.SPURIOUS;
        } else if (bytes == 0 && (error || bailed)) {
            v = Verdict.EFAULT;
        } else if (bytes < possible) {
            v = Verdict.STUCK;
        } else {
            v = Verdict.SHORT;
        }
        final long syscalls = Syscalls.count() - syscallsBefore;
        return new Outcome(loop, v, bytes, requested, possible, rounds, probes, syscalls, faultsAfterCleanFaultIn,
                bytes == 0 && (error || bailed) && v != Verdict.LIVELOCK ? "EFAULT" : null, injections, lost(bytes),
                java.util.List.copyOf(steps));
    }

    @Override
    public void close() {
        arena.close();
        lease.close();
    }
}
