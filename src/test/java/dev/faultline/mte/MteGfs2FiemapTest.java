package dev.faultline.mte;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.Gfs2Fiemap;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Outcome;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The gfs2-fiemap model with a mismatched granule inside the extent array (the 32-byte fiemap
 * header at offset 0, the array after it, the granule at byte 128): gfs2_fiemap's retry loop
 * faults the whole array in with the tag-blind GUP and restarts from extent 0, so the pass keeps
 * failing at the same extent (LIVELOCK); a granule-granular fault-in fails and the ioctl returns
 * EFAULT; without the retry loop one faulting, tag-checked pass returns EFAULT.
 */
class MteGfs2FiemapTest extends MteCase {
    private static final long PAGE = Unistd.pageSize();
    /** sizeof(struct fiemap), include/uapi/linux/fiemap.h. */
    private static final long HEADER = 32;

    private static Outcome fiemap(final Gfs2Fiemap loop, final Strategy s) {
        try (Region r = Regions.of("rw~128+16,rw,rw", Backing.ANON)) {
            return loop.run(r, HEADER, 3 * PAGE - HEADER, LoopConfig.of(s));
        }
    }

    @Test
    void gupRestartsForeverAndGranuleProbingFails() {
        dev.faultline.sys.Needs.strategy(Strategy.GUP); // MADV_POPULATE_WRITE: 5.14+
        final Outcome gup = fiemap(new Gfs2Fiemap(), Strategy.GUP);
        assertEquals(List.of(Verdict.LIVELOCK, 0L), List.of(gup.verdict(), gup.bytes()), gup.toString());
        final Outcome granule = fiemap(new Gfs2Fiemap(), Strategy.GRANULE);
        assertEquals(List.of(Verdict.EFAULT, 0L, 1L), List.of(granule.verdict(), granule.bytes(), granule.rounds()),
                granule.toString());
        final Outcome old = fiemap(new Gfs2Fiemap(false), Strategy.GUP);
        assertEquals(List.of(Verdict.EFAULT, 0L, 1L), List.of(old.verdict(), old.bytes(), old.rounds()), old.toString());
    }
}
