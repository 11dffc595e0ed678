package dev.faultline.mte;

import dev.faultline.oracle.BtrfsOracle;
import dev.faultline.oracle.Oracle;
import dev.faultline.loops.Verdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Al Viro's case on a real arm64 kernel: the real BTRFS_IOC_TREE_SEARCH_V2 with a mismatched MTE
 * granule inside the result buffer. Debian trixie's 6.12 btrfs faults in with
 * fault_in_subpage_writeable (18788e34642e), so it returns EFAULT, as the granule model does;
 * every layout agrees with the model. Runs in the emulated MTE machine (bin/mte-lab test), which
 * loads the btrfs and loop modules and carries mkfs.btrfs.
 */
@Tag("root")
@Tag("fs")
class MteBtrfsOracleTest extends MteCase {
    @Test
    void theRealIoctlReturnsEfaultOnASubPageFault() {
        final String why = BtrfsOracle.unavailable();
        assumeTrue(why == null, () -> "skipped: " + why);
        dev.faultline.sys.Needs.available(BtrfsOracle.spinsForGood());
        final List<Oracle.Row> rows = BtrfsOracle.run(Path.of("target/mte-btrfs-oracle"), false);
        for (final Oracle.Row r : rows) {
            assertTrue(r.agree(), r.toString());
        }
        final List<Oracle.Row> mte = rows.stream().filter(r -> r.layout().contains("~")).toList();
        assertEquals(4, mte.size());
        for (final Oracle.Row r : mte) {
            assertEquals(Verdict.EFAULT, r.kernel(), r.toString());
        }
    }
}
