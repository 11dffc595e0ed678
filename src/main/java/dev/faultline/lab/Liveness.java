package dev.faultline.lab;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.FaultIn;
import dev.faultline.faultin.FaultInResult;
import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.Strategy;
import dev.faultline.memory.Backing;
import dev.faultline.memory.PageKind;
import dev.faultline.memory.Region;
import dev.faultline.mte.Mte;
import dev.faultline.mte.Regions;
import dev.faultline.uaccess.CopyResult;
import dev.faultline.uaccess.NoFaultCopy;
import dev.faultline.uaccess.UserCopies;
import dev.faultline.sys.Unistd;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Catalin's proposed liveness contract (Oct 21 2021): "if fault_in returns less than size, a
 * subsequent uaccess at uaddr must copy at least one byte". Checked against the real kernel
 * for every strategy and access over generated layouts and starts: fault in, then a no-fault
 * copy at the same start. With MTE, half the accessible pages get a mismatched granule.
 * Without MADV_POPULATE_* the gup strategies are left out ({@link LeftOut#GUP}).
 */
public final class Liveness {
    private static final PageKind[] KINDS = {PageKind.RW, PageKind.RO, PageKind.WO, PageKind.NONE, PageKind.HOLE,
            PageKind.ZAP};

    /**
     * One violation.
     *
     * @param strategy the strategy
     * @param access   read or write
     * @param layout   the layout
     * @param offset   the start
     * @param leftover what the fault-in returned
     */
    public record Violation(String strategy, String access, String layout, long offset, long leftover) {
    }

    /**
     * The result.
     *
     * @param checked    fault-in calls that returned less than size (each one a claim checked)
     * @param calls      fault-in calls made
     * @param violations claims the copy then refuted
     */
    public record Report(int checked, int calls, List<Violation> violations) {
    }

    private Liveness() {
    }

    /**
     * @param layouts how many random layouts (1 to 3 pages)
     * @param seed    random seed (reported, so a run can be repeated)
     * @return every claim checked and every violation
     */
    public static Report check(final int layouts, final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final List<Violation> violations = new ArrayList<>();
        int checked = 0;
        int calls = 0;
        for (int l = 0; l < layouts; l++) {
            final int pages = 1 + rnd.nextInt(3);
            final StringBuilder text = new StringBuilder();
            for (int p = 0; p < pages; p++) {
                final PageKind k = KINDS[rnd.nextInt(KINDS.length)];
                text.append(p == 0 ? "" : ",").append(k.word());
                if (Mte.available() && k.readable() && rnd.nextInt(2) == 0) {
                    // any granule of the page (256 of them on 4 KiB pages)
                    text.append('~').append(16 * rnd.nextInt((int) (Unistd.pageSize() / 16))).append("+16");
                }
            }
            final long page = Unistd.pageSize();
            final long size = pages * page;
            final long[] starts = {0, 1, 15, 16, page - 1, page - 16, page, page + 100};
            for (final Strategy s : Strategy.runnable()) {
                for (final AccessMode mode : AccessMode.values()) {
                    for (final long start : starts) {
                        if (start >= size) {
                            continue;
                        }
                        try (Region r = Regions.of(text.toString(), Backing.ANON)) {
                            final long n = size - start;
                            final FaultInResult f = FaultIn.faultIn(s, mode, KernelEra.CURRENT, r, start, n);
                            calls++;
                            if (f.leftover() >= n) {
                                continue;
                            }
                            checked++;
                            final CopyResult c = mode == AccessMode.READ
                                    ? UserCopies.fromUser(NoFaultCopy.INSTANCE, r, start, n)
                                    : UserCopies.toUser(NoFaultCopy.INSTANCE, r, start, new byte[(int) n]);
                            if (c.copied() == 0) {
                                violations.add(new Violation(s.word(), mode.word(), text.toString(), start, f.leftover()));
                            }
                        }
                    }
                }
            }
        }
        return new Report(checked, calls, violations);
    }
}
