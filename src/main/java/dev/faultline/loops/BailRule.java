package dev.faultline.loops;

/**
 * When a loop gives up after a copy that made no progress. Every loop's own kernel logic
 * already ends when its fault-in fails ("both fail"); a rule may end it earlier.
 */
public interface BailRule {
    /**
     * The list's rule (Andreas, Oct 21 2021): bail only if the copy made no progress AND the
     * fault-in failed — exactly each loop's own kernel logic, so it never bails early.
     */
    BailRule BOTH_FAIL = new BailRule() {
        @Override
        public boolean bail(final int stall, final boolean afterCleanFaultIn) {
            return false;
        }

        @Override
        public String name() {
            return "both-fail";
        }
    };

    /**
     * @param stall             rounds in a row without progress, this one included
     * @param afterCleanFaultIn whether the copy that just failed followed a fault-in that
     *                          reported everything faulted in
     * @return whether to stop now with what was transferred (an error if nothing)
     */
    boolean bail(int stall, boolean afterCleanFaultIn);

    /** @return the command-line name */
    String name();
}
