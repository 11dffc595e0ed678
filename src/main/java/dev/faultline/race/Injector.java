package dev.faultline.race;

import dev.faultline.loops.FaultHook;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.sys.Errno;
import dev.faultline.sys.Mman;
import dev.faultline.sys.SyscallException;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A deterministic fault injector: a hook that fires right after each fault-in returns and,
 * with probability {@code rate} drawn from {@code seed}, makes the pages just faulted in
 * unusable again for the next copy — the benign, transient faults of docs/kernel.md#benign-faults (reclaim,
 * writeback, a protection change). Before the run it makes the whole range cold (the same
 * action on every page), so the loop starts with faults to resolve. Counts every injection.
 */
public final class Injector implements FaultHook {
    private final InjectorKind kind;
    private final Region region;
    private final double rate;
    private final SplittableRandom random;
    private final long page;
    private long injections;
    private long flippedAddr = -1;
    private long flippedLen;
    private int flippedProt;

    /**
     * @param kind   what to do
     * @param region the region the loop runs on
     * @param rate   probability per fault-in, 0..1
     * @param seed   random seed
     * @throws IllegalArgumentException when the region cannot take the injection without
     *                                  losing data (zap on private anonymous memory)
     */
    public Injector(final InjectorKind kind, final Region region, final double rate, final long seed) {
        if (rate < 0 || rate > 1 || Double.isNaN(rate)) {
            throw new IllegalArgumentException(String.format(Locale.ENGLISH,
                    "--rate is a probability per fault-in, 0..1: rate=%s", rate));
        }
        if (kind == InjectorKind.ZAP && region.backing() == Backing.ANON) {
            throw new IllegalArgumentException("zap injection needs --backing shared or memfd: MADV_DONTNEED on"
                    + " private anonymous memory discards its data");
        }
        this.kind = kind;
        this.region = region;
        this.rate = rate;
        this.random = new SplittableRandom(seed);
        this.page = region.pageSize();
    }

    /** Makes the whole range cold (zap, pageout) or flips its first page until the first copy (mprotect). */
    @Override
    public void beforeRun(final long addr, final long len) {
        if (len > 0) {
            inject(addr, len);
        }
    }

    @Override
    public void afterFaultIn(final long addr, final long len) {
        if (len > 0 && random.nextDouble() < rate) {
            inject(addr, len);
        }
    }

    private void inject(final long addr, final long len) {
        final long first = addr & -page;
        final long end = (addr + len + page - 1) & -page;
        switch (kind) {
            case ZAP -> adviseOwned(first, end, Mman.MADV_DONTNEED, "zap", false);
            case PAGEOUT -> adviseOwned(first, end, Mman.MADV_PAGEOUT, "pageout", true);
            case MPROTECT -> {
                final int index = (int) ((first - region.base()) / page);
                flippedProt = region.prot(index);
                if (flippedProt == 0) {
                    return;
                }
                SyscallException.check("mprotect", Mman.mprotect(first, page, Mman.PROT_NONE), "flip");
                flippedAddr = first;
                flippedLen = page;
            }
        }
        injections++;
    }

    /**
     * madvise over the region's own pages of {@code [first, end)}, run by run: not over a
     * {@code hole}, where another mmap (any thread's, the JVM's too) may have been placed since
     * the region was built, and MADV_DONTNEED would drop its data.
     */
    private void adviseOwned(final long first, final long end, final int advice, final String what,
                             final boolean einvalOk) {
        final int from = (int) ((first - region.base()) / page);
        final int[] runs = region.layout().ownedRuns(from, from + (int) ((end - first) / page));
        for (int i = 0; i < runs.length; i += 2) {
            advise(region.base() + runs[i] * page, runs[i + 1] * page, advice, what, einvalOk);
        }
    }

    /** madvise over the range, which the region owns. */
    private static void advise(final long addr, final long len, final int advice, final String what,
                               final boolean einvalOk) {
        final long r = Mman.madvise(addr, len, advice);
        if (r < 0 && r != -Errno.ENOMEM.number() && !(einvalOk && r == -Errno.EINVAL.number())) {
            SyscallException.check("madvise", r, what);
        }
    }

    @Override
    public void afterCopy() {
        if (flippedAddr >= 0) {
            SyscallException.check("mprotect", Mman.mprotect(flippedAddr, flippedLen, flippedProt), "restore");
            flippedAddr = -1;
        }
    }

    @Override
    public long injections() {
        return injections;
    }

    /** @return the kind */
    public InjectorKind kind() {
        return kind;
    }
}
