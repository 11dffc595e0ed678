package dev.faultline.oracle;

import dev.faultline.faultin.Progress;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.Ext4DirectIo;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.LoopName;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.mte.Regions;
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
 * The real O_DIRECT read on a loop-mounted btrfs image against btrfs's own model
 * (docs/kernel.md#btrfs-direct-io): every case of the dio set agrees, byte for byte, and the
 * bytes counted are the bytes that landed. At offset 0 the buffer is sector-aligned and btrfs reads
 * direct, retrying while it makes progress; at the set's other offsets ({@link Oracle#BLOCK} multiples
 * below the sector size) btrfs reads the whole buffer buffered. Either way a fault leaves a short
 * count where ext4 fails the whole read. Needs root, btrfs, mkfs.btrfs and MADV_POPULATE_WRITE;
 * reported skipped with the reason otherwise.
 */
@Tag("root")
@Tag("fs")
class BtrfsDioOracleTest {
    private static final long PAGE = Unistd.pageSize();
    private static final Path DIR = Path.of("target/btrfs-dio-oracle-test");

    private static List<Oracle.Row> rows;

    @BeforeAll
    static void run() {
        if (Oracle.btrfsDioUnavailable() == null) {
            rows = Oracle.run(DIR, List.of(OracleLoop.BTRFS_DIO.word()), false, Progress.NONE).rows();
        }
    }

    private static Oracle.Row row(final String layout, final long offset, final long size) {
        return rows.stream().filter(r -> r.layout().equals(layout) && r.offset() == offset && r.size() == size)
                .findFirst().orElseThrow(() -> new AssertionError("no case " + layout + " " + offset + " " + size));
    }

    @Test
    void everyCaseAgreesAndWhatIsCountedLanded() {
        Needs.available(Oracle.btrfsDioUnavailable());
        assertEquals(Oracle.cases(PAGE, true).size(), rows.size(), "every case of the dio set ran");
        for (final Oracle.Row r : rows) {
            assertEquals(OracleLoop.BTRFS_DIO, r.loop());
            assertTrue(r.agree(), r.toString());
            assertEquals(r.kernelBytes(), r.landed(), r.toString());
        }
    }

    @Test
    void aFaultLeavesTheCountUpToItOnBothPaths() {
        Needs.available(Oracle.btrfsDioUnavailable());
        final long size = 3 * PAGE;
        for (final long offset : new long[] {0, Oracle.BLOCK}) {
            for (final String layout : List.of("rw,none,rw*2", "rw,ro,rw*2")) {
                final Oracle.Row r = row(layout, offset, size);
                assertEquals(Verdict.SHORT, r.kernel(), r.toString());
                assertEquals(PAGE - offset, r.kernelBytes(), "up to the page the read cannot store into: " + r);
            }
        }
        assertEquals(Verdict.EFAULT, row("none,rw*3", 0, size).kernel());
        // ext4's own loop fails the same read whole: no partial results
        try (Region g = Regions.of("rw,ro,rw*2", Backing.ANON)) {
            assertEquals(Verdict.EFAULT, new Ext4DirectIo().run(g, 0, size,
                    LoopConfig.of(Strategy.PAGE).withBlock(Oracle.BLOCK)).verdict());
        }
    }

    @Test
    void aHeldOutCaseWithAPageTheFaultInBringsBackCompletes() {
        Needs.available(Oracle.btrfsDioUnavailable());
        for (final long offset : new long[] {0, Oracle.BLOCK}) {
            final Oracle.Row r = Oracle.runCase(DIR, OracleLoop.BTRFS_DIO, "rw,zap,rw*2", offset, 3 * PAGE - offset, false)
                    .rows().get(0);
            assertTrue(r.agree(), r.toString());
            assertEquals(Verdict.COMPLETE, r.kernel(), r.toString());
            assertEquals(3 * PAGE - offset, r.landed(), r.toString());
        }
    }

    @Test
    void dioOnABtrfsDirectoryIsComparedWithBtrfsOwnLoop() {
        assertEquals(LoopName.BTRFS_DIO, OracleLoop.DIO.modelOn("btrfs"));
        assertEquals(LoopName.EXT4_DIO, OracleLoop.DIO.modelOn("ext4"));
        assertEquals(LoopName.DIO, OracleLoop.DIO.modelOn("xfs"));
        assertEquals(LoopName.BTRFS_DIO, OracleLoop.BTRFS_DIO.modelOn("btrfs"));
    }
}
