package dev.faultline.oracle;

import dev.faultline.loops.Verdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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
    @Test
    void theRealIoctlAndTheModelAgree() {
        final String why = BtrfsOracle.unavailable();
        assumeTrue(why == null, () -> "skipped: " + why);
        final List<Oracle.Row> rows = BtrfsOracle.run(Path.of("target/btrfs-oracle-test"), false);
        // the guard layout needs guard pages on a memfd mapping (MADV_GUARD_INSTALL, Linux 6.15+)
        assertEquals(dev.faultline.sys.KernelFeatures.guard(true) ? 8 : 7, rows.size());
        for (final Oracle.Row r : rows) {
            assertTrue(r.agree(), r.toString());
        }
        assertEquals(Verdict.COMPLETE, rows.get(0).kernel());
        assertTrue(rows.get(0).kernelBytes() > 12_000, rows.get(0).toString());
        assertEquals(Verdict.EFAULT, rows.stream().filter(r -> r.layout().equals("rw,none,rw")).findFirst()
                .orElseThrow().kernel());
        assertEquals(Verdict.COMPLETE, rows.stream().filter(r -> r.layout().equals("rw,zap,rw")).findFirst()
                .orElseThrow().kernel(), "fault-in resolves a zapped page; the ioctl completes");
    }
}
