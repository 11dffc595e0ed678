package dev.faultline.lab;

import dev.faultline.sys.KernelFeatures;

import java.util.ArrayList;
import java.util.List;

/**
 * What an experiment leaves out because this kernel lacks a feature, as the one line the
 * commands print: {@code left out: guard (MADV_GUARD_INSTALL needs Linux 6.13+; this kernel said
 * EINVAL(22))}. Only what cannot be built is left out; everything else runs.
 */
public final class LeftOut {
    /** The matrix and the demo: both gup strategies and the dio loop need MADV_POPULATE_*. */
    public static final String GUP_AND_DIO = "strategies gup, gup+first-byte and loop dio";
    /** The race table: only its dio rows need MADV_POPULATE_* (it probes with page). */
    public static final String DIO = "loop dio";
    /** Liveness: only the gup strategies need MADV_POPULATE_*. */
    public static final String GUP = "strategies gup, gup+first-byte";

    private LeftOut() {
    }

    /**
     * @param guardCases the names of the cases that need a guard page (empty when none is asked for)
     * @param shared     whether those guard pages would be on a shared or file mapping
     * @param populate   what of the experiment needs MADV_POPULATE_* (the gup strategies, the dio
     *                   loop; one of the constants here), or null for nothing
     * @return one part per missing feature: what is left out and why
     */
    public static List<String> parts(final List<String> guardCases, final boolean shared, final String populate) {
        final List<String> out = new ArrayList<>();
        if (!guardCases.isEmpty() && KernelFeatures.guardWhy(shared) != null) {
            out.add(String.join(", ", guardCases) + " (" + KernelFeatures.guardWhy(shared) + ")");
        }
        if (populate != null && KernelFeatures.populateWhy() != null) {
            out.add(populate + " (" + KernelFeatures.populateWhy() + ")");
        }
        return out;
    }

    /**
     * @param parts from {@link #parts}
     * @return the line to print, or null when nothing was left out
     */
    public static String line(final List<String> parts) {
        return parts.isEmpty() ? null : "left out: " + String.join("; ", parts);
    }
}
