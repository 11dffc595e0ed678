package dev.faultline.oracle;

import dev.faultline.memory.HoleTakenException;

import java.util.function.Supplier;

/**
 * What the real kernel did in one oracle case: the call's result, what landed, and the
 * watchdog's evidence when the call did not return.
 *
 * @param returned the syscall's result ({@code -errno} on failure; 0 when it did not return)
 * @param landed   bytes that landed (the buffer for reads, the file for direct writes), or -1
 * @param evidence the watchdog's evidence of a call that did not return, or null
 */
record KernelSide(long returned, long landed, String evidence) {
    /** Attempts of one case whose region's hole was found mapped before the oracle gives up. */
    static final int ATTEMPTS = 3;

    /**
     * Runs a case again when a hole of its region was mapped by someone else while the kernel
     * used it ({@link HoleTakenException}): that result is void, never reported.
     *
     * @throws HoleTakenException when every attempt found a hole taken
     */
    static KernelSide rerunWhileHolesTaken(final Supplier<KernelSide> kernelCase) {
        for (int attempt = 1; ; attempt++) {
            try {
                return kernelCase.get();
            } catch (HoleTakenException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
