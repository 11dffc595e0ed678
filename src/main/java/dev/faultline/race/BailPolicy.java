package dev.faultline.race;

import dev.faultline.loops.BailRule;

import java.util.Locale;

/** The bail-out policies the race experiment compares. */
public final class BailPolicy {
    private BailPolicy() {
    }

    /** The list's rule: each loop's own logic, never early. */
    public static BailRule bothFail() {
        return BailRule.BOTH_FAIL;
    }

    /**
     * Bail when a copy fails again right after a fault-in that reported success: the rule
     * that benign faults (reclaim, writeback) turn into spurious errors.
     */
    public static BailRule secondFault() {
        return new BailRule() {
            @Override
            public boolean bail(final int stall, final boolean afterCleanFaultIn) {
                return afterCleanFaultIn;
            }

            @Override
            public String name() {
                return "second-fault";
            }
        };
    }

    /**
     * Bail after {@code k} rounds in a row without progress.
     *
     * @param k at least 1
     */
    public static BailRule afterK(final int k) {
        if (k < 1) {
            throw new IllegalArgumentException("after-k needs k >= 1: k=" + k);
        }
        return new BailRule() {
            @Override
            public boolean bail(final int stall, final boolean afterCleanFaultIn) {
                return stall >= k;
            }

            @Override
            public String name() {
                return "after-" + k;
            }
        };
    }

    /**
     * @param word {@code both-fail}, {@code second-fault} or {@code after-K}
     * @return the rule
     * @throws IllegalArgumentException for anything else
     */
    public static BailRule of(final String word) {
        final String w = word.toLowerCase(Locale.ROOT);
        if (w.equals("both-fail")) {
            return bothFail();
        }
        if (w.equals("second-fault")) {
            return secondFault();
        }
        if (w.startsWith("after-")) {
            try {
                return afterK(Integer.parseInt(w.substring(6)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("after-K needs a number: \"" + word + "\"");
            }
        }
        throw new IllegalArgumentException("unknown bail policy \"" + word + "\"; use both-fail, second-fault or after-K");
    }
}
