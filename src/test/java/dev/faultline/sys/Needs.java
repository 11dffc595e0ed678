package dev.faultline.sys;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.Loop;
import dev.faultline.loops.Loops;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a test needs from the kernel, each as an assumption with the reason: a test that needs
 * a missing feature is reported skipped, saying which, never failed and never passed without
 * checking anything. The reasons are the words of docs/kernel.md#versions-at-a-glance.
 */
public final class Needs {
    /** The reason a guard-page test is skipped. */
    public static final String NO_GUARD = "skipped: no guard pages (MADV_GUARD_INSTALL, Linux 6.13+)";
    /** The reason a shared guard-page test is skipped. */
    public static final String NO_SHARED_GUARD =
            "skipped: no guard pages on shared or file mappings (MADV_GUARD_INSTALL, Linux 6.15+)";
    /** The reason a test of MADV_POPULATE_* users is skipped. */
    public static final String NO_POPULATE = "skipped: no MADV_POPULATE_READ/WRITE (Linux 5.14+)";

    private Needs() {
    }

    /** Guard pages on private anonymous memory. */
    public static void guard() {
        assumeTrue(KernelFeatures.guard(), NO_GUARD);
    }

    /** Guard pages on shared or file mappings. */
    public static void sharedGuard() {
        assumeTrue(KernelFeatures.guard(true), NO_SHARED_GUARD);
    }

    /** MADV_POPULATE_READ/WRITE. */
    public static void populate() {
        assumeTrue(KernelFeatures.populate(), NO_POPULATE);
    }

    /** @param layout a layout: guard pages in it need MADV_GUARD_INSTALL */
    public static void layout(final String layout) {
        if (layout.contains("guard")) {
            guard();
        }
    }

    /** @param s a strategy: the gup ones need MADV_POPULATE_* */
    public static void strategy(final Strategy s) {
        if (s.needsPopulate()) {
            assumeTrue(KernelFeatures.populate(), () -> NO_POPULATE + ": strategy " + s.word());
        }
    }

    /** @param loop a loop model: dio needs MADV_POPULATE_WRITE */
    public static void loop(final Loop loop) {
        if (Loops.needsPopulate(loop)) {
            assumeTrue(KernelFeatures.populate(), () -> NO_POPULATE + ": loop " + loop.name());
        }
    }

    /**
     * @param why null when the thing is there, else why not (the oracle's own {@code unavailable()} answers)
     */
    public static void available(final String why) {
        assumeTrue(why == null, () -> "skipped: " + why);
    }
}
