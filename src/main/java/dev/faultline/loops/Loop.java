package dev.faultline.loops;

import dev.faultline.memory.Region;

/** A model of a kernel loop that combines no-fault copies with fault-in. */
public interface Loop {
    /** @return which kernel loop this models */
    LoopName id();

    /** @return the command-line name */
    default String name() {
        return id().word();
    }

    /**
     * Runs the loop over {@code [offset, offset+size)} of the region.
     *
     * @throws IllegalArgumentException when the sizes do not fit the loop (with the values)
     * @throws IndexOutOfBoundsException for a range outside the region
     */
    Outcome run(Region region, long offset, long size, LoopConfig config);
}
