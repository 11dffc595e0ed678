package dev.faultline.faultin;

import java.util.Locale;

/** What the copy after the fault-in will do to the user buffer. */
public enum AccessMode {
    /** The kernel reads the user buffer (write(2), copy_from_user). */
    READ,
    /** The kernel writes the user buffer (read(2), copy_to_user). */
    WRITE;

    /** @return {@code read} or {@code write} */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param word {@code read} or {@code write}
     * @return the mode
     * @throws IllegalArgumentException for anything else
     */
    public static AccessMode of(final String word) {
        for (final AccessMode m : values()) {
            if (m.word().equals(word)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown access \"" + word + "\"; use read or write");
    }
}
