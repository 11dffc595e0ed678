package dev.faultline.loops;

import java.util.Locale;

/**
 * When a loop gives up after a copy that made no progress: the one place bail-out rules live.
 * Every loop's own kernel logic already ends when its fault-in fails ("both fail"); the other
 * rules may end it earlier (docs/design.md, "Bail policies").
 *
 * @param kind which rule
 * @param k    for {@link Kind#AFTER_K}: rounds in a row without progress before giving up (at
 *             least 1); 0 for the others
 */
public record BailRule(Kind kind, int k) {
    /** The rules by kind. */
    public enum Kind {
        /**
         * The list's rule (Andreas, Oct 21 2021): bail only if the copy made no progress AND the
         * fault-in failed — exactly each loop's own kernel logic, so it never bails early.
         */
        BOTH_FAIL,
        /**
         * Bail when a copy fails again right after a fault-in that reported success: the rule
         * that turns benign faults (reclaim, writeback) into spurious errors.
         */
        SECOND_FAULT,
        /** Bail after K rounds in a row without progress. */
        AFTER_K
    }

    /** The list's rule: each loop's own logic, never early. */
    public static final BailRule BOTH_FAIL = new BailRule(Kind.BOTH_FAIL, 0);
    /** Bail on a second fault right after a clean fault-in. */
    public static final BailRule SECOND_FAULT = new BailRule(Kind.SECOND_FAULT, 0);

    /**
     * @throws IllegalArgumentException when {@code k} does not fit the kind
     */
    public BailRule {
        if (kind == Kind.AFTER_K && k < 1) {
            throw new IllegalArgumentException("after-k needs k >= 1: k=" + k);
        }
        if (kind != Kind.AFTER_K && k != 0) {
            throw new IllegalArgumentException(kind + " takes no k: k=" + k);
        }
    }

    /** @return bail after {@code k} rounds in a row without progress */
    public static BailRule afterK(final int k) {
        return new BailRule(Kind.AFTER_K, k);
    }

    /**
     * @param stall             rounds in a row without progress, this one included
     * @param afterCleanFaultIn whether the copy that just failed followed a fault-in that
     *                          reported everything faulted in
     * @return whether to stop now with what was transferred (an error if nothing)
     */
    public boolean bail(final int stall, final boolean afterCleanFaultIn) {
        return switch (kind) {
            case BOTH_FAIL -> false;
            case SECOND_FAULT -> afterCleanFaultIn;
            case AFTER_K -> stall >= k;
        };
    }

    /** @return the command-line name: {@code both-fail}, {@code second-fault} or {@code after-K} */
    public String name() {
        return switch (kind) {
            case BOTH_FAIL -> "both-fail";
            case SECOND_FAULT -> "second-fault";
            case AFTER_K -> "after-" + k;
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
            return BOTH_FAIL;
        }
        if (w.equals("second-fault")) {
            return SECOND_FAULT;
        }
        if (w.startsWith("after-") && w.length() > 6 && w.substring(6).chars().allMatch(c -> c >= '0' && c <= '9')
                && w.length() <= 6 + 9) {
            return afterK(Integer.parseInt(w.substring(6)));
        }
        if (w.startsWith("after-")) {
            throw new IllegalArgumentException("after-K needs a number: \"" + word + "\"");
        }
        throw new IllegalArgumentException("unknown bail policy \"" + word + "\"; use both-fail, second-fault or after-K");
    }

    @Override
    public String toString() {
        return name();
    }
}
