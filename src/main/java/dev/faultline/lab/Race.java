package dev.faultline.lab;

import dev.faultline.faultin.Progress;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.BailRule;
import dev.faultline.loops.Loop;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Outcome;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.mte.Regions;
import dev.faultline.race.Injector;
import dev.faultline.race.InjectorKind;
import dev.faultline.sys.Mman;
import dev.faultline.sys.Pagemap;
import dev.faultline.uaccess.FileCopy;
import dev.faultline.uaccess.UserCopies;

import java.util.ArrayList;
import java.util.List;

/**
 * The bail-out experiment: for each loop and policy, N runs under each injector, on a shared
 * file-backed region (memfd) whose data survives a zap. Seeds 1..N make it repeatable.
 */
public final class Race {
    /** The region every run uses: 16 pages of a memfd. */
    public static final String LAYOUT = "rw*16";
    /** include/uapi/asm-generic/mman-common.h: MS_INVALIDATE (a no-op on Linux, measured). */
    private static final int MS_INVALIDATE = 2;

    /**
     * One loop x policy x injector.
     *
     * @param loop           loop name
     * @param policy         bail rule name
     * @param injector       injector word
     * @param runs           runs made
     * @param completed      runs that transferred everything
     * @param spurious       runs that ended with a SPURIOUS verdict
     * @param lost           bytes that differ between user and kernel side, over all runs
     * @param rounds         loop rounds, over all runs
     * @param injections     faults injected, over all runs
     * @param faultsAfterCleanFaultIn copies that failed right after a clean fault-in, over all runs
     */
    public record Row(String loop, String policy, String injector, int runs, int completed, int spurious, long lost,
                      long rounds, long injections, long faultsAfterCleanFaultIn) {
    }

    private Race() {
    }

    /**
     * @return the rows, in loop x policy x injector order
     */
    public static List<Row> run(final List<Loop> loops, final List<BailRule> policies, final List<InjectorKind> kinds,
                                final int runs, final double rate, final Progress progress) {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1: runs=" + runs);
        }
        final List<Row> rows = new ArrayList<>();
        final int total = loops.size() * policies.size() * kinds.size();
        for (final Loop loop : loops) {
            for (final BailRule policy : policies) {
                for (final InjectorKind kind : kinds) {
                    int completed = 0;
                    int spurious = 0;
                    long lost = 0;
                    long rounds = 0;
                    long injections = 0;
                    long faultsAfterCleanFaultIn = 0;
                    for (int seed = 1; seed <= runs; seed++) {
                        try (Region r = Regions.of(LAYOUT, Backing.MEMFD)) {
                            final Injector inj = new Injector(kind, r, rate, seed);
                            final Outcome o = loop.run(r, 0, r.size(),
                                    LoopConfig.of(Strategy.PAGE).withMaxRounds(200).with(inj, policy));
                            completed += o.verdict() == Verdict.COMPLETE ? 1 : 0;
                            spurious += o.verdict() == Verdict.SPURIOUS ? 1 : 0;
                            lost += o.lostBytes();
                            rounds += o.rounds();
                            injections += o.injections();
                            faultsAfterCleanFaultIn += o.faultsAfterCleanFaultIn();
                        }
                    }
                    rows.add(new Row(loop.name(), policy.name(), kind.word(), runs, completed, spurious, lost, rounds,
                            injections, faultsAfterCleanFaultIn));
                    progress.step(loop.name() + " " + policy.name() + " " + kind.word(), rows.size(), total);
                }
            }
        }
        progress.done();
        return rows;
    }

    /**
     * Measures whether each injector, and msync(MS_SYNC|MS_INVALIDATE) of a dirty page, really
     * takes the pte away: a present page of a memfd mapping, the call, then pagemap's present bit.
     *
     * @return per injector: true when the page is no longer present afterwards
     */
    public static java.util.Map<String, Boolean> clearsPresentBit() {
        final java.util.Map<String, Boolean> out = new java.util.LinkedHashMap<>();
        for (final InjectorKind k : InjectorKind.values()) {
            try (Region r = Regions.of("rw", Backing.MEMFD)) {
                UserCopies.fromUser(FileCopy.INSTANCE, r, 0, 1);
                final long base = r.base();
                switch (k) {
                    case ZAP -> Mman.madvise(base, r.pageSize(), Mman.MADV_DONTNEED);
                    case PAGEOUT -> Mman.madvise(base, r.pageSize(), Mman.MADV_PAGEOUT);
                    case MPROTECT -> Mman.mprotect(base, r.pageSize(), Mman.PROT_NONE);
                }
                out.put(k.word(), (Pagemap.entries(base, 1)[0] & Pagemap.PM_PRESENT) == 0);
            }
        }
        try (Region r = Regions.of("rw", Backing.MEMFD)) {
            UserCopies.toUser(FileCopy.INSTANCE, r, 0, new byte[] {1});
            Mman.msync(r.base(), r.pageSize(), Mman.MS_SYNC | MS_INVALIDATE);
            out.put("msync", (Pagemap.entries(r.base(), 1)[0] & Pagemap.PM_PRESENT) == 0);
        }
        return out;
    }
}
