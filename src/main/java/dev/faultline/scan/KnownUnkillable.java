package dev.faultline.scan;

import dev.faultline.oracle.KernelFs;

import java.util.List;
import java.util.function.Predicate;

/**
 * The one list of cases known to leave a task that SIGKILL does not end, on the kernels where
 * they do: outside the emulated machine, Faultline starts none of them without
 * {@code --allow-unkillable}. The scan feeds it: a row it marks UNKILLABLE gets a finding page,
 * and its condition an entry here.
 */
public final class KnownUnkillable {
    /** Set to 1 by bin/mte-lab's guest: a case that wedges a CPU there costs a reboot of the guest, not the host. */
    public static final String EMULATED = "FAULTLINE_EMULATED_MACHINE";

    /** A kind of case, the finding that explains it, and on which kernels it does not end. */
    private record Entry(String finding, Predicate<ScanCase> matches, int[] since) {
    }

    private static final List<Entry> ENTRIES = List.of(
            // btrfs_buffered_write since the 2025 rewrite (6.15): copy_one_range reverts a short copy into a
            // folio that is not uptodate and is called again with the same arguments: no progress or signal check
            new Entry("btrfs-write-mte", c -> c.fs().equals("btrfs") && c.call().writes() && c.layout().contains("~"),
                    new int[] {6, 15}));

    private KnownUnkillable() {
    }

    /** @return the finding of the entry that matches the case on the running kernel, or null */
    public static String finding(final ScanCase c) {
        return ENTRIES.stream().filter(e -> e.matches().test(c) && KernelFs.kernelAtLeast(e.since()[0], e.since()[1]))
                .map(Entry::finding).findFirst().orElse(null);
    }

    /** @return whether this is the emulated machine ({@link #EMULATED} set to 1) */
    public static boolean emulated() {
        return "1".equals(System.getenv(EMULATED));
    }
}
