package dev.faultline.memory;

import java.util.Locale;

/** What memory a region's pages come from. */
public enum Backing {
    /** MAP_PRIVATE|MAP_ANONYMOUS: the default, what malloc'd buffers are. */
    ANON,
    /** MAP_SHARED|MAP_ANONYMOUS: shmem without a name. */
    SHARED,
    /** MAP_SHARED of a memfd: file-backed (tmpfs), page cache keeps data when a pte is zapped. */
    MEMFD;

    /** @return the command-line word */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param word {@code anon}, {@code shared} or {@code memfd}
     * @return the backing
     * @throws IllegalArgumentException for anything else
     */
    public static Backing of(final String word) {
        for (final Backing b : values()) {
            if (b.word().equals(word)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown backing \"" + word + "\"; use anon, shared or memfd");
    }
}
