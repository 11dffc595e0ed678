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
 * kept, and the next fault-in starts at the granule and fails: 128 bytes. With large data folios
 * (7.3.4) the chunk is the whole write; its unaligned end makes the folio read uptodate, so the
 * 128 bytes are kept as before — and a write whose both ends are block-aligned (from an unaligned
 * buffer, so still buffered; the oracle's {@code rw~4080+16,rw*3} at 512) spins again.
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
        assertEquals(List.of(Verdict.SHORT, GRANULE_AT), List.of(folio.verdict(), folio.bytes()), folio.toString());
        final Outcome older = write(BtrfsDirectWrite.Chunks.NRPTRS);
        assertEquals(List.of(Verdict.SHORT, GRANULE_AT), List.of(older.verdict(), older.bytes()), older.toString());
    }

    /** Block-aligned ends, an unaligned buffer: every chunk rule but nrptrs spins (7.3.4's oracle row). */
    @Test
    void anAlignedBufferedChunkSpinsWithPagesAndWithFolios() {
        final long at = PAGE - 16; // the granule: 16 bytes before the first page's end
        final long offset = PAGE / 8;
        for (final BtrfsDirectWrite.Chunks c : BtrfsDirectWrite.Chunks.values()) {
            try (Region r = Regions.of("rw~" + at + "+16,rw*3", Backing.ANON)) {
                final Outcome o = new BtrfsDirectWrite(c).run(r, offset, 2 * PAGE,
                        LoopConfig.of(Strategy.PAGE).withBlock(PAGE));
                assertEquals(c == BtrfsDirectWrite.Chunks.NRPTRS ? List.of(Verdict.SHORT, at - offset)
                        : List.of(Verdict.LIVELOCK, 0L), List.of(o.verdict(), o.verdict() == Verdict.LIVELOCK ? 0L
                        : o.bytes()), c + " " + o);
            }
        }
    }
}
