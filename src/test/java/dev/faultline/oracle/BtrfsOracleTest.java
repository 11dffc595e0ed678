package dev.faultline.oracle;

import dev.faultline.loops.BtrfsSearch;
import dev.faultline.loops.Verdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real BTRFS_IOC_TREE_SEARCH_V2 against the btrfs-search model (granule strategy, as the
 * kernel since v5.19): they agree on every layout. Needs root, btrfs and btrfs-progs; reported
 * skipped with the reason otherwise (bin/test installs btrfs-progs).
 */
@Tag("root")
@Tag("fs")
class BtrfsOracleTest {
    @ParameterizedTest
    @ValueSource(longs = {4096, 16384, 65536})
    void theImageHoldsMoreFilesThanTheBiggestBufferTakes(final long page) {
        final long buffer = 3 * page - BtrfsOracle.ARGS;
        assertTrue((long) BtrfsOracle.files(page) * (BtrfsSearch.HEADER + BtrfsOracle.INODE_ITEM) > buffer,
                () -> "files(" + page + ")=" + BtrfsOracle.files(page));
    }

    @Test
    void theRealIoctlAndTheModelAgree() {
        final String why = BtrfsOracle.unavailable();
        assumeTrue(why == null, () -> "skipped: " + why);
        dev.faultline.sys.Needs.available(BtrfsOracle.spinsForGood());
        final List<Oracle.Row> rows = BtrfsOracle.run(Path.of("target/btrfs-oracle-test"), false);
        // the guard layout needs guard pages on a memfd mapping (MADV_GUARD_INSTALL, Linux 6.15+)
        // and with MTE four more layouts put a mismatched granule in the buffer
        assertEquals((dev.faultline.sys.KernelFeatures.guard(true) ? 8 : 7)
                + (dev.faultline.mte.Mte.available() ? 4 : 0), rows.size());
        for (final Oracle.Row r : rows) {
            assertTrue(r.agree(), r.toString());
        }
        assertEquals(Verdict.COMPLETE, rows.get(0).kernel());
        // the fault-free buffer is full: what is left cannot take one more inode item's record
        final long buffer = 3 * dev.faultline.sys.Unistd.pageSize() - BtrfsOracle.ARGS;
        assertEquals(buffer, rows.get(0).size());
        assertTrue(buffer - rows.get(0).kernelBytes() < BtrfsSearch.HEADER + BtrfsOracle.INODE_ITEM,
                rows.get(0).toString());
        assertEquals(Verdict.EFAULT, rows.stream().filter(r -> r.layout().equals("rw,none,rw")).findFirst()
                .orElseThrow().kernel());
        assertEquals(Verdict.COMPLETE, rows.stream().filter(r -> r.layout().equals("rw,zap,rw")).findFirst()
                .orElseThrow().kernel(), "fault-in resolves a zapped page; the ioctl completes");
    }
}
