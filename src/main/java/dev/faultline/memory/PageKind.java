package dev.faultline.memory;

import java.util.Locale;

/**
 * What one page of a layout is, with the access the VMA grants to the kernel's page-table
 * walk (GUP): that is the expected map. The CPU may grant more on some architectures (x86
 * reads a PROT_WRITE-only page once present); see native-notes/mprotect.md.
 */
public enum PageKind {
    /** PROT_READ|PROT_WRITE. */
    RW("rw", true, true),
    /** PROT_READ. */
    RO("ro", true, false),
    /** PROT_WRITE only. */
    WO("wo", false, true),
    /** PROT_NONE. */
    NONE("none", false, false),
    /** Unmapped: munmap'd out of the reservation. */
    HOLE("hole", false, false),
    /** MADV_GUARD_INSTALL (Linux 6.13+): mapped, but every access faults, no VMA split. */
    GUARD("guard", false, false),
    /** rw page of a shared file mapping dropped from the page table by MADV_DONTNEED; data kept. */
    ZAP("zap", true, true);

    private final String word;
    private final boolean read;
    private final boolean write;

    PageKind(final String word, final boolean read, final boolean write) {
        this.word = word;
        this.read = read;
        this.write = write;
    }

    /** @return the layout word */
    public String word() {
        return word;
    }

    /** @return whether the VMA lets the kernel read the page */
    public boolean readable() {
        return read;
    }

    /** @return whether the VMA lets the kernel write the page */
    public boolean writable() {
        return write;
    }

    /**
     * @return whether a CPU load under uaccess (copy_from_user) reads the page: the VMA's
     *         read permission, or PROT_WRITE-only, which neither x86 nor arm64 page tables can express
     *         without read (measured: native-notes/mprotect.md)
     */
    public boolean cpuReadable() {
        return read || this == WO;
    }

    /** @return whether the page is inside a mapping (not a hole) */
    public boolean mapped() {
        return this != HOLE;
    }

    /**
     * @param word a layout word
     * @return the kind
     * @throws LayoutException for an unknown word, naming the words that exist
     */
    public static PageKind of(final String word) {
        final PageKind k = find(word);
        if (k == null) {
            throw new LayoutException("unknown layout word \"" + word + "\"; words: " + words());
        }
        return k;
    }

    /**
     * @param word a layout word
     * @return the kind, or null
     */
    public static PageKind find(final String word) {
        for (final PageKind k : values()) {
            if (k.word.equals(word.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }

    /** @return every word, space separated */
    public static String words() {
        final StringBuilder b = new StringBuilder();
        for (final PageKind k : values()) {
            b.append(b.isEmpty() ? "" : " ").append(k.word);
        }
        return b.toString();
    }
}
