package dev.faultline.scan;

import java.util.Arrays;

/**
 * What the driver saw of one case, before any rule is applied.
 *
 * @param outcome  how the call ended
 * @param returned the call's result (-1 on failure), or {@link #NONE} when the child reported none
 * @param errno    errno when it failed, else 0
 * @param landed   the request's bytes, from its start, that hold what the call was to transfer
 * @param beyond   destination bytes past what the call reported that changed
 * @param outside  buffer bytes outside the request that changed
 * @param how      for a call that did not return: what ended it ({@code signal}: a handled SIGUSR1;
 *                 {@code kill}: SIGKILL), else null
 * @param state    for a call that did not return: its task state and the system ticks it gained
 *                 over half a second ({@code R+50ticks}: spinning in the kernel), else null
 * @param why      for an unsupported case: why it could not run, else null
 */
public record ScanResult(Outcome outcome, long returned, int errno, long landed, long beyond, long outside,
                         String how, String state, String why) {
    /** The value of a field the driver could not report (the child died). */
    public static final long NONE = Long.MIN_VALUE;

    /** How a case ended. */
    public enum Outcome {
        /** The call returned by itself. */
        RETURNED,
        /** The call did not return within the deadline; a handled signal or SIGKILL ended it. */
        LIVELOCK,
        /** Neither a handled signal nor SIGKILL ended it: the task stays in the kernel. */
        UNKILLABLE,
        /** The case could not be built or run here (the driver says why). */
        UNSUPPORTED
    }

    /**
     * Reads the driver's line for one case (without its id).
     *
     * @throws IllegalArgumentException for a line the driver does not write
     */
    static ScanResult parse(final String rest) {
        final String[] f = rest.trim().split(" ");
        try {
            return switch (f[0]) {
                case "RETURNED" -> new ScanResult(Outcome.RETURNED, Long.parseLong(f[1]), Integer.parseInt(f[2]),
                        Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), null, null, null);
                case "LIVELOCK" -> new ScanResult(Outcome.LIVELOCK, num(f[3]), (int) Math.max(0, num(f[4])),
                        num(f[5]), num(f[6]), num(f[7]), f[1], f[2], null);
                case "UNKILLABLE" -> new ScanResult(Outcome.UNKILLABLE, NONE, 0, NONE, NONE, NONE, null, f[1], null);
                case "UNSUPPORTED" -> new ScanResult(Outcome.UNSUPPORTED, NONE, 0, NONE, NONE, NONE, null, null,
                        String.join(" ", Arrays.copyOfRange(f, 1, f.length)));
                default -> throw new IllegalArgumentException("scancall said \"" + rest + "\"");
            };
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("scancall said \"" + rest + "\"", e);
        }
    }

    private static long num(final String s) {
        return s.equals("-") ? NONE : Long.parseLong(s);
    }
}
