package dev.faultline.oracle;

import dev.faultline.faultin.Progress;
import dev.faultline.loops.Verdict;
import dev.faultline.sys.Needs;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real O_DIRECT write to a NOCOW file on a loop-mounted btrfs image against btrfs's own model
 * (docs/kernel.md#btrfs-direct-io): every case agrees, or differs only in the verdict's name where
 * the model knows more (STUCK: btrfs_buffered_write stopped at a chunk whose readable prefix it
 * could have written; the kernel can only show SHORT), with the same bytes. And the kernel's own
 * answer on the case that matters: an aligned write whose second page is PROT_NONE writes the
 * first page direct, then fails the buffered rest and returns EFAULT — with a page in the file
 * (from 6.12; on 5.10 and 6.1 the whole range, the btrfs-dio-size finding).
 * Needs root, btrfs, mkfs.btrfs and MADV_POPULATE_READ; reported skipped with the reason otherwise.
 */
@Tag("root")
@Tag("fs")
class BtrfsDioWriteOracleTest {
    private static final long PAGE = Unistd.pageSize();
    private static final Path DIR = Path.of("target/btrfs-dio-write-oracle-test");

    private static List<Oracle.Row> rows;

    @BeforeAll
    static void run() {
        if (Oracle.btrfsDioUnavailable() == null) {
            rows = Oracle.run(DIR, List.of(OracleLoop.BTRFS_DIO_WRITE.word()), false, Progress.NONE).rows();
        }
    }

    private static Oracle.Row row(final String layout, final long offset, final long size) {
        return rows.stream().filter(r -> r.layout().equals(layout) && r.offset() == offset && r.size() == size)
                .findFirst().orElseThrow(() -> new AssertionError("no case " + layout + " " + offset + " " + size));
    }

    @Test
    void everyCaseAgreesOrOnlyTheVerdictsNameDiffers() {
        Needs.available(Oracle.btrfsDioUnavailable());
        assertEquals(Oracle.cases(PAGE, true).size(), rows.size(), "every case of the dio set ran");
        for (final Oracle.Row r : rows) {
            assertEquals(OracleLoop.BTRFS_DIO_WRITE, r.loop());
            if (!r.agree()) {
                assertEquals(List.of(Verdict.SHORT, Verdict.STUCK, r.kernelBytes()), List.of(r.kernel(), r.model(),
                        r.modelBytes()), r.toString());
                assertTrue(r.explanation().startsWith("same bytes; the model's verdict says more: btrfs_buffered_write"),
                        r.toString());
            }
        }
    }

    @Test
    void anAlignedWriteReturnsEfaultAfterWritingThePagesBeforeTheFault() {
        Needs.available(Oracle.btrfsDioUnavailable());
        final Oracle.Row r = row("rw,none,rw*2", 0, 3 * PAGE);
        assertEquals(List.of(Verdict.EFAULT, 0L), List.of(r.kernel(), r.kernelBytes()), r.toString());
        assertEquals(landed(PAGE, 3 * PAGE, r.landed()), r.landed(),
                "the first page written direct, the rest failed buffered: " + r);
        final Oracle.Row two = row("rw*2,none,rw", 0, 3 * PAGE);
        assertEquals(List.of(Verdict.EFAULT, 0L), List.of(two.kernel(), two.kernelBytes()), two.toString());
        assertEquals(landed(2 * PAGE, 3 * PAGE, two.landed()), two.landed(), two.toString());
    }

    /**
     * The file's size right after the failed write (native-notes/findings/btrfs-dio-size.md): from
     * 6.12 the pages submitted before the fault ({@code submitted}); on 5.10 and 6.1 the whole
     * range the write mapped ({@code mapped}: btrfs_get_blocks_direct_write set i_size for it under
     * one ordered extent, and the failure drops it all — zeros, gone after a remount). The release
     * between 6.1 and 6.12 that split the ordered extent per bio is not pinned: there either is
     * accepted ({@code seen}).
     */
    private static long landed(final long submitted, final long mapped, final long seen) {
        if (KernelFs.kernelAtLeast(6, 12)) {
            return submitted;
        }
        final int[] v = KernelFs.kernelVersion();
        if (v[0] == 5 && v[1] == 10 || v[0] == 6 && v[1] == 1) {
            return mapped;
        }
        return seen == mapped ? mapped : submitted;
    }

    @Test
    void anUnalignedWriteGoesBufferedAndStopsAtTheChunkWithTheFault() {
        Needs.available(Oracle.btrfsDioUnavailable());
        final Oracle.Row r = row("rw*2,none,rw", Oracle.BLOCK, 3 * PAGE);
        // from v6.15 a chunk is one page of the file position; before, eight pages, and with large
        // data folios up to the folio's end: the whole write
        assertEquals(BtrfsChunkRule.found() == dev.faultline.loops.BtrfsDirectWrite.Chunks.PAGE
                        ? List.of(Verdict.SHORT, PAGE) : List.of(Verdict.EFAULT, 0L),
                List.of(r.kernel(), r.kernelBytes()), r.toString());
        assertEquals(!KernelFs.kernelAtLeast(6, 15), BtrfsChunkRule.found()
                == dev.faultline.loops.BtrfsDirectWrite.Chunks.NRPTRS, "nrptrs chunks before 6.15 only");
    }
}
