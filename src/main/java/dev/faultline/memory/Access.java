package dev.faultline.memory;

/**
 * Read and write access to one page (or granule), as one character:
 * {@code #} both, {@code r} read only, {@code w} write only, {@code .} neither.
 *
 * @param read  reads succeed
 * @param write writes succeed
 */
public record Access(boolean read, boolean write) {
    /** The legend printed under every map. */
    public static final String LEGEND = "# read+write  r read only  w write only  . no access";

    /** @return the map character */
    public char symbol() {
        return read ? (write ? '#' : 'r') : (write ? 'w' : '.');
    }
}
