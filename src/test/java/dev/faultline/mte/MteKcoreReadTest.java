package dev.faultline.mte;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.KcoreRead;
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
 * The kcore-read model on a mismatched granule, beside what native-notes/findings/kcore-vmalloc-mte.md
 * measured on 6.12 and 7.3: with the kernel's own GUP-based fault-in the chunk's copy keeps failing
 * while the fault-in keeps succeeding (LIVELOCK, as the real read spins); a granule-granular fault-in
 * (fault_in_subpage_writeable) would fail the read with EFAULT instead, the fix the finding suggests;
 * before v6.4 (no loop, a bounce buffer) the read fails with EFAULT, as 6.1 and 5.10 do.
 */
class MteKcoreReadTest extends MteCase {
    private static final long PAGE = Unistd.pageSize();

    private static Outcome read(final KcoreRead loop, final Strategy s) {
        try (Region r = Regions.of("rw~128+16,rw,rw", Backing.ANON)) {
            return loop.run(r, 0, 3 * PAGE, LoopConfig.of(s));
        }
    }

    @Test
    void gupSpinsAndGranuleProbingStopsIt() {
        dev.faultline.sys.Needs.strategy(Strategy.GUP);
        final Outcome gup = read(new KcoreRead(), Strategy.GUP);
        assertEquals(List.of(Verdict.LIVELOCK, 0L), List.of(gup.verdict(), gup.bytes()), gup.toString());
        final Outcome granule = read(new KcoreRead(), Strategy.GRANULE);
        assertEquals(List.of(Verdict.EFAULT, 0L, 1L), List.of(granule.verdict(), granule.bytes(), granule.rounds()),
                granule.toString());
        // before v6.4 the bounce buffer's copy_to_user is tag-checked and takes no fault-in: EFAULT at once
        final Outcome old = read(new KcoreRead(false), Strategy.GUP);
        assertEquals(List.of(Verdict.EFAULT, 0L, 1L, 0L), List.of(old.verdict(), old.bytes(), old.rounds(),
                old.probes()), old.toString());
    }
}
