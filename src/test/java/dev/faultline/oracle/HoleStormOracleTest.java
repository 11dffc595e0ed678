package dev.faultline.oracle;

import dev.faultline.loops.Verdict;
import dev.faultline.memory.MappingStorm;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two oracle cases that disagreed with their model when a hole was refilled before the call
 * (a write from "rw,hole,rw" and from "rw,ro,hole,rw"), each {@link #RUNS} times beside a thread
 * that maps and unmaps pages as fast as it can: every run agrees, with the exact bytes before the
 * hole, and no page of the storm was written by anyone else.
 */
@Tag("fs")
class HoleStormOracleTest {
    private static final long PAGE = Unistd.pageSize();
    private static final long OFFSET = 700;
    private static final int RUNS = 1000;
    // the sizes are the 6000 and 9000 on 4 KiB pages: past the hole on every page size

    @Test
    void theOracleCasesWithHolesAgreeBesideAMappingStorm() throws Exception {
        final Path dir = Path.of("target/oracle-storm");
        try (MappingStorm storm = MappingStorm.start()) {
            for (int i = 0; i < RUNS; i++) {
                check(Oracle.runCase(dir, OracleLoop.PERFORM_WRITE, "rw,hole,rw", OFFSET, PAGE + 1904, false).rows()
                        .get(0), PAGE - OFFSET, i);
                check(Oracle.runCase(dir, OracleLoop.PERFORM_WRITE, "rw,ro,hole,rw", OFFSET, 2 * PAGE + 808, false).rows()
                        .get(0), 2 * PAGE - OFFSET, i);
            }
            assertTrue(storm.mappings() > 0, "the storm ran");
            assertEquals(0, storm.placedInGap(), "the kernel placed a mapping of its choice in the gap");
            assertEquals(0, storm.pagesChanged(), "a page of the storm was written by someone else");
        }
    }

    private static void check(final Oracle.Row r, final long possible, final int run) {
        assertEquals(Verdict.SHORT, r.kernel(), () -> "run " + run + ": " + r);
        assertEquals(possible, r.kernelBytes(), () -> "run " + run + ": " + r);
        assertTrue(r.agree(), () -> "run " + run + ": " + r);
    }
}
