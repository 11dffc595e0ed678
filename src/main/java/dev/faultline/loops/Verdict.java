package dev.faultline.loops;

/** How a loop run ended (docs/design.md#verdicts). */
public enum Verdict {
    /** All bytes transferred. */
    COMPLETE,
    /** Stopped with a positive count exactly at the first inaccessible byte or block. */
    SHORT,
    /** Nothing transferred, error returned. */
    EFAULT,
    /** No progress for the configured number of rounds. */
    LIVELOCK,
    /** Progress was possible but the loop returned early with fewer bytes than it could have. */
    STUCK,
    /** An error caused only by a benign, transient fault. */
    SPURIOUS
}
