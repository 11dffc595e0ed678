package dev.faultline.memory;

/** A layout that cannot be parsed or cannot be built on this machine; the message says why. */
public final class LayoutException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: what is wrong, with the offending value, and what to do */
    public LayoutException(final String message) {
        super(message);
    }
}
