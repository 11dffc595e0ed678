package dev.faultline.scan;

/**
 * What the real kernel did with one scan case, by {@link Rules}, in order of severity. Where the
 * models' words meet these: a model's COMPLETE, or its SHORT at the first inaccessible byte, is
 * EXACT here; a model's STUCK, or a SHORT that stops a block early, is SHORT here; EFAULT and
 * LIVELOCK mean the same in both; the models have no word for DIRTY, OVERREPORT and UNKILLABLE,
 * which only the real kernel shows.
 */
public enum ScanVerdict {
    /** Returned exactly the possible bytes, and exactly those landed. */
    EXACT,
    /** Returned fewer than possible (by {@link ScanRow#shortBy()}), honestly: nothing past the count changed. */
    SHORT,
    /** Failed with EFAULT, and nothing landed. */
    EFAULT,
    /** Failed with another errno (named in the row), and nothing landed. */
    ERROR,
    /** Failed or returned short, but more landed than reported, or bytes outside the request changed. */
    DIRTY,
    /** Returned more than landed. */
    OVERREPORT,
    /** Did not return within the deadline; a handled signal or SIGKILL ended it. */
    LIVELOCK,
    /** Did not return, and SIGKILL did not end it: the task keeps a CPU until reboot. */
    UNKILLABLE;

    /** @return whether the verdict is an anomaly, which must name a finding */
    public boolean anomaly() {
        return compareTo(DIRTY) >= 0;
    }
}
