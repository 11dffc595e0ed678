package dev.faultline.faultin;

/**
 * One probe at one address: the primitive every fault_in_* helper is made of. Each method
 * returns whether the probe succeeded; none throws for an inaccessible address.
 */
public interface Prober {
    /** get_user of one byte (a real, tag-checked CPU access under uaccess). */
    boolean load(long addr);

    /** put_user(0, addr): stores a zero byte (destructive, tag-checked). */
    boolean storeZero(long addr);

    /**
     * Resolves a fault on the page at {@code pageAddr} without touching data
     * (fixup_user_fault / GUP; MTE tag-blind).
     *
     * @param pageAddr a page-aligned address
     * @param mode     the access to fault in for
     */
    boolean gup(long pageAddr, AccessMode mode);

    /**
     * What this prober already knows without a syscall: every {@link #load} at an address in
     * {@code [addr, result)} would succeed. Lets a caller count a long run of known-good probe
     * points instead of asking each one.
     *
     * @return {@code addr} when nothing is known
     */
    default long knownGoodLoadsUntil(final long addr) {
        return addr;
    }
}
