package dev.faultline.memory;

import java.util.Locale;

/**
 * Thrown when a hole page of a region was found mapped (by another thread, or by a mapping asked
 * for at that address): whatever the kernel did with the hole's addresses meanwhile is not the
 * experiment's, and its result must not be reported. Callers that can rerun the experiment do.
 */
public final class HoleTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param region  the region
     * @param page    the hole's page index
     * @param address the hole's address
     */
    HoleTakenException(final Region region, final int page, final long address) {
        super(String.format(Locale.ENGLISH, "hole page %d (0x%x) of %s is mapped by someone else: the result is"
                + " void, rerun it", page, address, region));
    }
}
