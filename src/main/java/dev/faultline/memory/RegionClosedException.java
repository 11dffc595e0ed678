package dev.faultline.memory;

/** Thrown by any use of a region after {@link Region#close()}. */
public final class RegionClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param what the region, as its toString */
    public RegionClosedException(final String what) {
        super("region is closed: " + what);
    }
}
