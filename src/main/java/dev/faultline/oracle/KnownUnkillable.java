package dev.faultline.oracle;

import java.util.List;

/**
 * The one list of kernel paths known to leave a task that SIGKILL does not end, and on which
 * kernels: outside the emulated machine, no Faultline command starts one without
 * {@code --allow-unkillable} (the scan's cases, the oracle's btrfs search). The scan feeds it: a
 * row it marks UNKILLABLE gets a finding page, and its path an entry here.
 */
public final class KnownUnkillable {
    /** Set to 1 by bin/mte-lab's guest: a case that wedges a CPU there costs a reboot of the guest, not the host. */
    public static final String EMULATED = "FAULTLINE_EMULATED_MACHINE";

    /**
     * A path: on a file system (or none), an operation ({@code read}, {@code write}, or the scan's call) from a
     * buffer with a mismatched MTE granule; its finding; the kernels it spins on ({@code [from, to)},
     * major*100+minor, 0 for no bound).
     */
    private record Entry(String finding, String fs, String operation, int from, int to) {
        boolean onRunningKernel() {
            return (from == 0 || KernelFs.kernelAtLeast(from / 100, from % 100))
                    && (to == 0 || !KernelFs.kernelAtLeast(to / 100, to % 100));
        }
    }

    private static final List<Entry> ENTRIES = List.of(
            // btrfs search_ioctl before v5.19 (fault_in_pages_writeable, then fault_in_writeable: page-granular)
            new Entry("btrfs-search-mte", "btrfs", "tree-search", 0, 519),
            // btrfs_buffered_write from v6.13 (c87c299776e4 "btrfs: make buffered write to copy one page a time"; the
            // 2025 copy_one_range rewrite kept it): a short copy into a folio that is not uptodate is reverted and
            // the same range tried again, no progress or signal check (native-notes/findings/btrfs-write-mte.md)
            new Entry("btrfs-write-mte", "btrfs", "write", 613, 0),
            // futex_lock_pi (kernel/futex/pi.c): futex_get_value_locked is tag-checked with page faults disabled,
            // fault_in_user_writeable (fixup_user_fault without FAULT_FLAG_KILLABLE) is not, and the retry has
            // no signal check (native-notes/findings/futex-lock-pi-mte.md); the scan's case runs on no file system
            new Entry("futex-lock-pi-mte", "none", "futex-lock-pi", 0, 0));

    private KnownUnkillable() {
    }

    /**
     * @param fs        the file system
     * @param operation {@code read}, {@code write} or {@code tree-search}
     * @param mteMarks  whether the buffer has a mismatched MTE granule
     * @return the finding page of the entry that matches on the running kernel, or null
     */
    public static String finding(final String fs, final String operation, final boolean mteMarks) {
        if (!mteMarks) {
            return null;
        }
        return ENTRIES.stream().filter(e -> e.fs().equals(fs) && e.operation().equals(operation) && e.onRunningKernel())
                .map(Entry::finding).findFirst().orElse(null);
    }

    /**
     * @return the finding pages of the paths known to keep a CPU until reboot on the running kernel
     *         (with a mismatched MTE granule), in the list's order, each once
     */
    public static List<String> onRunningKernel() {
        return ENTRIES.stream().filter(Entry::onRunningKernel).map(Entry::finding).distinct().toList();
    }

    /** @return whether this is the emulated machine ({@link #EMULATED} set to 1) */
    public static boolean emulated() {
        return "1".equals(System.getenv(EMULATED));
    }

    /** @return the one line a command prints for what it did not start (the finding's page named) */
    public static String refusal(final String what, final String finding) {
        return what + ": not started: known to keep a CPU until reboot on this kernel"
                + " (native-notes/findings/" + finding + ".md); --allow-unkillable starts it";
    }
}
