package dev.faultline.mte;

import dev.faultline.faultin.Strategy;
import dev.faultline.lab.Liveness;
import dev.faultline.lab.Matrix;
import dev.faultline.lab.MatrixRow;
import dev.faultline.faultin.Progress;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.Backing;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MTE rows of the matrix: sub-page faults, where page-granular probing lies.
 */
class MteMatrixTest extends MteCase {
    private static final long PAGE = dev.faultline.sys.Unistd.pageSize();
    private static Matrix matrix;

    private static MatrixRow cell(final String loop, final String strategy, final String fault) {
        if (matrix == null) {
            matrix = Matrix.run(LoopConfig.of(Strategy.PAGE), Backing.ANON, Progress.NONE);
        }
        // the gup strategies and the dio model need MADV_POPULATE_* (bullseye's 5.10 has MTE but not it)
        dev.faultline.sys.Needs.strategy(Strategy.of(strategy));
        dev.faultline.sys.Needs.loop(dev.faultline.loops.Loops.byName(loop));
        final MatrixRow r = matrix.find(dev.faultline.loops.LoopName.of(loop), Strategy.of(strategy), fault);
        assertTrue(r != null, loop + " " + strategy + " " + fault + " was not run");
        return r;
    }

    private static void verdict(final Verdict v, final long bytes, final String loop, final String strategy,
                                final String fault) {
        final MatrixRow r = cell(loop, strategy, fault);
        assertEquals(v, r.outcome().verdict(), r.toString());
        if (v != Verdict.LIVELOCK) {
            assertEquals(bytes, r.outcome().bytes(), r.toString());
        }
    }

    /** Al Viro's case: `rw~16+16,rw`, page LIVELOCK, granule EFAULT (docs/kernel.md#btrfs-search_ioctl). */
    @Test
    void btrfsSearchLivelocksWithPageAndFailsWithGranuleOnASubPageFault() {
        verdict(Verdict.LIVELOCK, 0, "btrfs-search", "first-byte", "mte@16");
        verdict(Verdict.LIVELOCK, 0, "btrfs-search", "page", "mte@16");
        verdict(Verdict.EFAULT, 0, "btrfs-search", "granule", "mte@16");
        verdict(Verdict.LIVELOCK, 0, "btrfs-search", "gup", "mte@16");
        // the list's gup+first-byte fix probes only the record start, which matches: no help here
        verdict(Verdict.LIVELOCK, 0, "btrfs-search", "gup+first-byte", "mte@16");
        // a granule at a page start is seen by the page probe; just after or before it is not
        verdict(Verdict.EFAULT, 0, "btrfs-search", "page", "mte@page");
        verdict(Verdict.LIVELOCK, 0, "btrfs-search", "page", "mte@page+16");
        verdict(Verdict.LIVELOCK, 0, "btrfs-search", "page", "mte@page-16");
        verdict(Verdict.EFAULT, 0, "btrfs-search", "granule", "mte@page+16");
        verdict(Verdict.EFAULT, 0, "btrfs-search", "granule", "mte@page-16");
    }

    /**
     * generic_perform_write stops at the granule with every strategy that loads the first byte
     * (the kernel's fault_in_iov_iter_readable does); a tag-blind GUP fault-in reports success
     * and the loop spins.
     */
    @Test
    void performWriteStopsAtTheGranuleUnlessTheFaultInIsTagBlind() {
        for (final Strategy s : Strategy.runnable()) {
            final Verdict v = s == Strategy.GUP ? Verdict.LIVELOCK : Verdict.SHORT;
            verdict(v, 16, "perform-write", s.word(), "mte@16");
            // from the DMA offset in the first page to the granule just after the second page's start
            verdict(v, PAGE + 16 - dev.faultline.lab.FaultCase.DMA_OFFSET, "perform-write", s.word(), "mte@page+16");
        }
    }

    @Test
    void directIoIgnoresTags() {
        for (final Strategy s : Strategy.runnable()) {
            verdict(Verdict.COMPLETE, 2 * PAGE, "dio", s.word(), "mte@16");
        }
    }

    /** gfs2 buffered read: its GUP fault-in is tag-blind (the list left this open: docs/kernel.md#gfs2-buffered-read). */
    @Test
    void gfs2ReadWithGupLivelocksAndGranuleStops() {
        verdict(Verdict.LIVELOCK, 0, "gfs2-read", "gup", "mte@16");
        verdict(Verdict.SHORT, 16, "gfs2-read", "granule", "mte@16");
        verdict(Verdict.SHORT, 16, "gfs2-read", "gup+first-byte", "mte@16");
    }

    /**
     * Catalin's contract (leftover &lt; size implies the next no-fault copy moves a byte) holds for
     * the two probes that look at every granule a copy can start on: granule and gup+first-byte.
     * (first-byte, page and the tag-blind gup may break it on sub-page faults; which of them do
     * depends on where the random layouts put their marks, so it is not asserted here.)
     */
    @Test
    void catalinsContractHoldsForGranuleAndGupFirstByte() {
        final Liveness.Report r = Liveness.check(8, 7);
        assertTrue(r.checked() > 0);
        for (final Liveness.Violation v : r.violations()) {
            assertFalse(v.strategy().equals("granule") || v.strategy().equals("gup+first-byte"), v.toString());
        }
    }
}
