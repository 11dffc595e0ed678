package dev.faultline.faultin;

/**
 * Which kernel's fault_in_* return semantics to reproduce (docs/kernel.md#kernel-eras-in-faultline).
 */
public enum KernelEra {
    /** v6.x after the April 2025 fixes: size_t bytes not faulted in. */
    CURRENT("current"),
    /**
     * Before v5.16: fault_in_pages_readable/writeable returned int 0 or -EFAULT (modelled as
     * leftover 0 or size), probing the unaligned start, start+PAGE, ... and the last byte.
     */
    PRE_5_16("pre-5.16"),
    /**
     * v5.16 to v5.18: the size_t helpers (bytes not faulted in: the first byte, then each page
     * start); generic_perform_write faults in each chunk before its copy and gives up only when
     * nothing could be (leftover == bytes); btrfs search_ioctl faults in with fault_in_writeable,
     * page by page (fault_in_subpage_writeable came in v5.19).
     */
    V5_16("5.16-5.18"),
    /**
     * v5.19 to v6.14: as 5.16-5.18, but btrfs search_ioctl faults in with
     * fault_in_subpage_writeable (granule). generic_perform_write still faults in before each
     * chunk (after a failed copy only from v6.15). The GUP fault-in is the fixed one, as the
     * stable trees of these series carry the April 2025 fix; {@link #GUP_BUG_2022} is the one before.
     */
    V5_19("5.19-6.14"),
    /**
     * fe673d3f5bf1 (2022) until the April 2025 fix: fault_in_safe_writeable reports a
     * partial fault-in as complete (0). Affects the {@code gup} strategies only.
     */
    GUP_BUG_2022("gup-bug-2022");

    private final String word;

    KernelEra(final String word) {
        this.word = word;
    }

    /** @return the command-line word */
    public String word() {
        return word;
    }

    /**
     * @param word a command-line word
     * @return the era
     * @throws IllegalArgumentException for an unknown word
     */
    public static KernelEra of(final String word) {
        for (final KernelEra e : values()) {
            if (e.word.equals(word)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown kernel \"" + word + "\"; use current, 5.19-6.14, 5.16-5.18, pre-5.16 or gup-bug-2022");
    }
}
