package dev.faultline.faultin;

import java.util.Locale;

/**
 * How a fault-in's probes reach the kernel. All three give the same leftover, probe count and
 * failing offset for every strategy (a property test holds them to it); they differ in syscalls.
 */
public enum ProbeImpl {
    /** One syscall per probe point, at exactly the addresses the kernel touches. */
    FAITHFUL,
    /** The same points, up to IOV_MAX per syscall. */
    BATCHED,
    /** As few syscalls as possible: one large uaccess copy finds the first fault. */
    BULK;

    /** @return the command-line word */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param word faithful, batched or bulk
     * @return the implementation
     * @throws IllegalArgumentException for anything else
     */
    public static ProbeImpl of(final String word) {
        for (final ProbeImpl i : values()) {
            if (i.word().equals(word)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown probe implementation \"" + word + "\"; use faithful, batched or bulk");
    }

    /**
     * @return a prober for one call ending at {@code end}; a single-point strategy
     *         ({@code first-byte}) has nothing to batch and gets the faithful prober
     */
    Prober open(final long end, final long page, final Strategy strategy, final boolean tagged) {
        ProbeMechanisms.current(); // self-tested now, outside the syscall count of the call
        if (strategy == Strategy.FIRST_BYTE) {
            return KernelProber.INSTANCE;
        }
        return switch (this) {
            case FAITHFUL -> KernelProber.INSTANCE;
            case BATCHED -> new BatchedProber(end, page, strategy);
            case BULK -> new BulkProber(end, page, tagged);
        };
    }
}
