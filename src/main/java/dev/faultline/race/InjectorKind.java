package dev.faultline.race;

import java.util.Locale;

/** What an injector does to the pages a fault-in just made present. */
public enum InjectorKind {
    /** MADV_DONTNEED on a shared mapping: the pte goes, the data stays (reclaim). */
    ZAP,
    /** MADV_PAGEOUT: ask reclaim to page the range out (whether the pte goes is measured). */
    PAGEOUT,
    /** mprotect(PROT_NONE) until the next copy attempt has run, then the old protection back. */
    MPROTECT;

    /** @return the command-line word */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param word zap, pageout or mprotect
     * @return the kind
     * @throws IllegalArgumentException for anything else
     */
    public static InjectorKind of(final String word) {
        for (final InjectorKind k : values()) {
            if (k.word().equals(word)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown injector \"" + word + "\"; use zap, pageout or mprotect");
    }
}
