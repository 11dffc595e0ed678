package dev.faultline.faultin;

import java.util.Locale;

/**
 * How much of the user buffer a fault-in probes (docs/design.md#probing-strategies). Each constant maps an
 * access mode and a kernel era onto the {@link FaultInFamily} helper the kernel (or the
 * list's proposal) uses.
 */
public enum Strategy {
    /** Probe only the first byte (S1): 0 if it is accessible, else {@code size}. */
    FIRST_BYTE("first-byte") {
        @Override
        long leftover(final Tally t, final AccessMode m, final KernelEra era, final long uaddr, final long size) {
            if (size == 0) {
                return 0;
            }
            if (!dev.faultline.sys.Arch.accessOk(uaddr, size)) {
                return size;
            }
            return (m == AccessMode.READ ? t.load(uaddr) : t.storeZero(uaddr)) ? 0 : size;
        }
    },
    /** First byte + each following page start (S2): fault_in_readable / fault_in_writeable. */
    PAGE("page") {
        @Override
        long leftover(final Tally t, final AccessMode m, final KernelEra era, final long uaddr, final long size) {
            if (era == KernelEra.PRE_5_16) {
                return FaultInFamily.faultInPagesPre516(t, uaddr, size,
                        m == AccessMode.READ ? t::load : t::storeZero);
            }
            return m == AccessMode.READ ? FaultInFamily.faultInReadable(t, uaddr, size)
                    : FaultInFamily.faultInWriteable(t, uaddr, size);
        }
    },
    /** The page pass, then every 16-byte granule (S3): fault_in_subpage_writeable. */
    GRANULE("granule") {
        @Override
        long leftover(final Tally t, final AccessMode m, final KernelEra era, final long uaddr, final long size) {
            return m == AccessMode.READ ? FaultInFamily.faultInSubpageReadable(t, uaddr, size)
                    : FaultInFamily.faultInSubpageWriteable(t, uaddr, size);
        }
    },
    /** GUP per page without touching data: fault_in_safe_writeable, MADV_POPULATE_*. */
    GUP("gup") {
        @Override
        long leftover(final Tally t, final AccessMode m, final KernelEra era, final long uaddr, final long size) {
            return m == AccessMode.READ ? FaultInFamily.faultInGupReadable(t, uaddr, size)
                    : FaultInFamily.faultInSafeWriteable(t, uaddr, size, era == KernelEra.GUP_BUG_2022);
        }
    },
    /** GUP, then one real (tag-checked) load at the first byte: the MTE fix proposed on the list. */
    GUP_FIRST_BYTE("gup+first-byte") {
        @Override
        long leftover(final Tally t, final AccessMode m, final KernelEra era, final long uaddr, final long size) {
            final long left = GUP.leftover(t, m, era, uaddr, size);
            return left < size && !t.load(uaddr) ? size : left;
        }
    };

    private final String word;

    Strategy(final String word) {
        this.word = word;
    }

    /** The helper's own answer, before the era's int form is applied. */
    abstract long leftover(Tally t, AccessMode m, KernelEra era, long uaddr, long size);

    /** @return whether it probes through MADV_POPULATE_* (Linux 5.14+): the gup strategies */
    public boolean needsPopulate() {
        return this == GUP || this == GUP_FIRST_BYTE;
    }

    /** @return the strategies this kernel can run, in declaration order (all but the gup ones without MADV_POPULATE) */
    public static java.util.List<Strategy> runnable() {
        return java.util.Arrays.stream(values())
                .filter(s -> !s.needsPopulate() || dev.faultline.sys.KernelFeatures.populate()).toList();
    }

    /** @return the word of docs/design.md#probing-strategies */
    public String word() {
        return word;
    }

    /**
     * @param word a word of docs/design.md#probing-strategies
     * @return the strategy
     * @throws IllegalArgumentException for an unknown word
     */
    public static Strategy of(final String word) {
        for (final Strategy s : values()) {
            if (s.word.equals(word.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy \"" + word
                + "\"; use first-byte, page, granule, gup or gup+first-byte");
    }
}
