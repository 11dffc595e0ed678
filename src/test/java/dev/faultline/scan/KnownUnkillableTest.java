package dev.faultline.scan;

import dev.faultline.faultin.Progress;
import dev.faultline.oracle.KernelFs;
import dev.faultline.oracle.KnownUnkillable;
import dev.faultline.sys.Needs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The known-unkillable list answers for the running kernel, and outside the emulated machine the
 * scan does not start what it names: the row says so in one line, with the finding's page.
 */
class KnownUnkillableTest {
    @Test
    void theListAnswersForTheRunningKernel() {
        assertEquals(KernelFs.kernelAtLeast(6, 13) ? "btrfs-write-mte" : null,
                KnownUnkillable.finding("btrfs", "write", true));
        assertEquals(KernelFs.kernelAtLeast(5, 19) ? null : "btrfs-search-mte",
                KnownUnkillable.finding("btrfs", "tree-search", true));
        assertEquals("futex-lock-pi-mte", KnownUnkillable.finding("none", "futex-lock-pi", true), "every kernel");
        assertNull(KnownUnkillable.finding("none", "futex-wake-op", true), "its atomic op takes the word");
        assertNull(KnownUnkillable.finding("btrfs", "write", false), "no granule, no spin");
        final java.util.List<String> here = new java.util.ArrayList<>();
        if (!KernelFs.kernelAtLeast(5, 19)) {
            here.add("btrfs-search-mte");
        }
        if (KernelFs.kernelAtLeast(6, 13)) {
            here.add("btrfs-write-mte");
        }
        here.add("futex-lock-pi-mte");
        assertEquals(here, KnownUnkillable.onRunningKernel());
        assertNull(KnownUnkillable.finding("ext4", "write", true));
        assertEquals("x: not started: known to keep a CPU until reboot on this kernel"
                + " (native-notes/findings/btrfs-write-mte.md); --allow-unkillable starts it",
                KnownUnkillable.refusal("x", "btrfs-write-mte"));
    }

    @Test
    void theScanDoesNotStartAKnownUnkillableCase(@TempDir final Path dir) {
        Needs.available(ScanDriver.unavailable());
        final ScanCase c = ScanCase.parse("btrfs/pwrite/buffered/private/rw,rw~2048+16,rw/700/11588");
        final boolean known = KernelFs.kernelAtLeast(6, 13);
        final boolean mte = dev.faultline.mte.Mte.available();
        org.junit.jupiter.api.Assumptions.assumeFalse(known && mte && KnownUnkillable.emulated(),
                "skipped: in the emulated machine the scan starts the case (allowed there), which keeps a CPU until reboot");
        final ScanRow r = Scan.run(dir, List.of(c), false, Progress.NONE).get(0);
        if (known && !KnownUnkillable.emulated()) {
            assertFalse(r.ran(), r::toString);
            assertEquals(KnownUnkillable.refusal(c.toString(), "btrfs-write-mte"), r.note());
        } else if (!mte) {
            assertFalse(r.ran(), r::toString); // started: the driver says why it could not run (no MTE)
            assertFalse(r.note().contains("--allow-unkillable"), r.note());
        } else {
            // MTE on a kernel before 6.13 (a board's 6.12): not known to wedge here, so it ran, and returned
            assertTrue(r.ran(), r::toString);
            assertTrue(r.verdict() != ScanVerdict.UNKILLABLE && r.verdict() != ScanVerdict.LIVELOCK, r::toString);
        }
    }
}
