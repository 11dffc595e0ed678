package dev.faultline.loops;

/**
 * One run of a loop model.
 *
 * @param loop           the loop's name
 * @param verdict        how it ended
 * @param bytes          bytes the loop reported transferred
 * @param requested      bytes it was asked for (btrfs: the whole records that fit the buffer)
 * @param possible       bytes an ideal loop would have transferred (up to the first
 *                       inaccessible byte, block or record, from the layout's access model)
 * @param rounds         iterations of the loop's retry loop
 * @param probes         fault-in probes, counted as the kernel would
 * @param syscalls       syscalls issued by the run
 * @param faultsAfterCleanFaultIn copies that fell short right after a fault-in that reported everything
 *                       faulted in (a fault-in that lied, or a benign fault in between)
 * @param error          the error the loop returned ({@code EFAULT}), or null
 * @param injections     faults injected during the run
 * @param lostBytes      bytes of the transferred prefix that differ between the user buffer and
 *                       the kernel side after the run (0: no data lost)
 * @param steps          the run's first fault-ins and transfers, in order (at most
 *                       {@link #TRACED_ROUNDS} rounds' worth): what the loop-trace picture draws
 */
public record Outcome(String loop, Verdict verdict, long bytes, long requested, long possible, long rounds,
                      long probes, long syscalls, long faultsAfterCleanFaultIn, String error, long injections,
                      long lostBytes, java.util.List<Step> steps) {
    /** Rounds whose steps a run keeps: enough to see a livelock repeat itself, small for 1000 rounds. */
    public static final int TRACED_ROUNDS = 24;
}
