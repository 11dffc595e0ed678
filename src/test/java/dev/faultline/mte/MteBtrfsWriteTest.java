package dev.faultline.mte;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.BtrfsDirectWrite;
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
 * btrfs-dio-write's buffered part with a mismatched granule at byte {@link #GRANULE_AT} (an unaligned
 * size, so the whole write is buffered; native-notes/findings/btrfs-write-mte.md): fault_in_readable
 * (the {@code page} strategy, the kernel's own) loads the page's first byte and passes; the copy
 * stops at the granule. From v6.15 the short copy into a folio that is not uptodate is reverted and
 * retried with nothing changed: LIVELOCK. Before, the page is read uptodate, the 128 bytes are
 * kept, and the next fault-in starts at the granule and fails: 128 bytes.
 */
class MteBtrfsWriteTest extends MteCase {
    private static final long PAGE = Unistd.pageSize();
    /** Where the layout {@code rw~128+16,rw,rw} puts the mismatched granule. */
    private static final long GRANULE_AT = 128;

    private static Outcome write(final BtrfsDirectWrite.Chunks chunks) {
        try (Region r = Regions.of("rw~" + GRANULE_AT + "+16,rw,rw", Backing.ANON)) {
            return new BtrfsDirectWrite(chunks).run(r, 0, 3 * PAGE - 8,
                    LoopConfig.of(Strategy.PAGE).withBlock(PAGE));
        }
    }

    @Test
    void copyOneRangeSpinsWhereTheOldLoopStopsAtTheGranule() {
        final Outcome newer = write(BtrfsDirectWrite.Chunks.PAGE);
        assertEquals(Verdict.LIVELOCK, newer.verdict(), newer.toString());
        final Outcome folio = write(BtrfsDirectWrite.Chunks.FOLIO);
        assertEquals(Verdict.LIVELOCK, folio.verdict(), folio.toString());
        final Outcome older = write(BtrfsDirectWrite.Chunks.NRPTRS);
        assertEquals(List.of(Verdict.SHORT, GRANULE_AT), List.of(older.verdict(), older.bytes()), older.toString());
    }
}
