package dev.faultline.mte;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.Gfs2DirectHoleRead;
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
 * The gfs2-dio-hole model on a mismatched granule at byte {@link #GRANULE_AT} of the buffer: iomap's
 * hole zeroing (a tag-checked uaccess) stores up to the granule; gfs2's GUP fault-in is tag-blind and
 * succeeds, the next call stores nothing, and with no progress rule the loop spins (LIVELOCK, as the
 * buffered read does on 6.12); a granule-granular fault-in fails at the granule and the read ends
 * SHORT at it. The oracle compares the real O_DIRECT read of a sparse gfs2 file (oracle --loop
 * gfs2-dio-hole).
 */
class MteGfs2DioHoleTest extends MteCase {
    private static final long PAGE = Unistd.pageSize();
    /** Where the layout {@code rw~128+16,rw,rw} puts the mismatched granule. */
    private static final long GRANULE_AT = 128;

    private static Outcome read(final Strategy s) {
        try (Region r = Regions.of("rw~" + GRANULE_AT + "+16,rw,rw", Backing.ANON)) {
            return new Gfs2DirectHoleRead().run(r, 0, 3 * PAGE, LoopConfig.of(s));
        }
    }

    @Test
    void gupSpinsAndGranuleProbingStopsAtTheGranule() {
        dev.faultline.sys.Needs.strategy(Strategy.GUP); // MADV_POPULATE_WRITE: 5.14+
        final Outcome gup = read(Strategy.GUP);
        assertEquals(List.of(Verdict.LIVELOCK, GRANULE_AT), List.of(gup.verdict(), gup.bytes()), gup.toString());
        final Outcome granule = read(Strategy.GRANULE);
        assertEquals(List.of(Verdict.SHORT, GRANULE_AT, 1L), List.of(granule.verdict(), granule.bytes(),
                granule.rounds()), granule.toString());
    }
}
