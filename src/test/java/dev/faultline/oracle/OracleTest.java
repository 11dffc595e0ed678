package dev.faultline.oracle;

import dev.faultline.lab.Progress;
import dev.faultline.loops.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The models against the real kernel, case by case (x86, ext4 under target/): generic buffered
 * write and read agree exactly on every case of the set (layouts x 3 offsets x 2 sizes; guard layouts where the kernel has guard pages); direct I/O agrees where nothing
 * faults after the first block and otherwise differs in one explained way.
 */
@Tag("fs")
class OracleTest {
    private static final long PAGE = dev.faultline.sys.Unistd.pageSize();

    private static List<Oracle.Row> rows;

    @BeforeAll
    static void run() {
        rows = Oracle.run(Path.of("target/oracle-test"), Progress.NONE).rows();
    }

    @Test
    void bufferedWriteAndReadAgreeEverywhere() {
        for (final OracleLoop loop : new OracleLoop[] {OracleLoop.PERFORM_WRITE, OracleLoop.BUFFERED_READ}) {
            final List<Oracle.Row> mine = rows.stream().filter(r -> r.loop() == loop).toList();
            assertEquals(Oracle.cases(PAGE, false).size(), mine.size(), "every case of the set ran");
            for (final Oracle.Row r : mine) {
                assertTrue(r.agree(), r.toString());
            }
        }
        final Oracle.Row s = rows.stream().filter(r -> r.loop() == OracleLoop.PERFORM_WRITE
                && r.layout().equals("rw*2,none,rw") && r.offset() == PAGE - 1).findFirst().orElseThrow();
        assertEquals(Verdict.SHORT, s.kernel());
        assertEquals(PAGE + 1, s.kernelBytes(), "the rest of the first page and all of the second");
    }

    @Test
    void directIoDiffersOnlyWhereExt4ThrowsAwayAPartialResult() {
        dev.faultline.sys.Needs.available(Oracle.dioUnavailable());
        final List<Oracle.Row> dio = rows.stream().filter(r -> r.loop() == OracleLoop.DIO).toList();
        assertEquals(Oracle.cases(PAGE, true).size(), dio.size(), "every case of the set ran");
        int disagreements = 0;
        for (final Oracle.Row r : dio) {
            if (r.agree()) {
                assertEquals(r.kernelBytes(), r.landed(), r.toString());
                continue;
            }
            disagreements++;
            assertEquals(Verdict.EFAULT, r.kernel(), r.toString());
            assertEquals(Verdict.SHORT, r.model(), r.toString());
            assertEquals(r.modelBytes(), r.landed(), "the kernel read exactly the model's blocks before failing: " + r);
            assertTrue(r.explanation().startsWith("ext4 calls iomap_dio_rw without IOMAP_DIO_PARTIAL"));
        }
        // the cases where a fault follows at least one whole block (the model's partial result):
        // ext4 reports EFAULT on exactly those (31 of 48 on 4 KiB pages with guard pages)
        assertEquals(dio.stream().filter(r -> r.model() == Verdict.SHORT && r.modelBytes() > 0).count(), disagreements);
        assertTrue(disagreements > 0, "the known difference shows");
    }
}
