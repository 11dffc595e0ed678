package dev.faultline.loops;

/**
 * One step of a loop run, for the loop-trace picture: a fault-in of {@code length} bytes at run
 * offset {@code offset} that faulted in {@code done} of them, or a transfer (a no-fault copy, a
 * block issue) of {@code length} bytes that moved {@code done}.
 *
 * @param round  the loop round (1-based) the step belongs to
 * @param kind   fault-in or transfer
 * @param offset run offset of the step's first byte
 * @param length bytes asked for
 * @param done   bytes faulted in or moved, from {@code offset} on
 */
public record Step(long round, Kind kind, long offset, long length, long done) {
    /** What a step did. */
    public enum Kind {
        /** A fault_in_*() call. */
        FAULT_IN,
        /** A copy with page faults disabled, or a direct-I/O block issue. */
        TRANSFER
    }
}
