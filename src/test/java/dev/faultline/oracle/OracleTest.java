package dev.faultline.oracle;

import dev.faultline.faultin.Progress;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.DirectIo;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.Region;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The models against the real kernel, case by case (ext4 under target/): generic buffered write
 * and read agree exactly on every case of the set (layouts x 3 offsets x 2 sizes; guard layouts
 * where the kernel has guard pages); direct I/O agrees with ext4's own model (no partial results,
 * no retry) on every case, and where ext4 fails the whole request the blocks before the fault
 * have landed in the buffer — exactly the blocks gfs2's loop would have kept.
 */
@Tag("fs")
class OracleTest {
    private static final long PAGE = dev.faultline.sys.Unistd.pageSize();

    private static Oracle.FileRun run;
    private static List<Oracle.Row> rows;

    @BeforeAll
    static void run() {
        run = Oracle.run(Path.of("target/oracle-test"), Progress.NONE);
        rows = run.rows();
    }

    @Test
    void bufferedWriteAndReadAgreeEverywhere() {
        for (final OracleLoop loop : new OracleLoop[] {OracleLoop.PERFORM_WRITE, OracleLoop.BUFFERED_READ}) {
            final List<Oracle.Row> mine = rows.stream().filter(r -> r.loop() == loop).toList();
            assertEquals(Oracle.cases(PAGE, false).size(), mine.size(), "every case of the set ran");
            for (final Oracle.Row r : mine) {
                // before 5.16 the kernel gives up a chunk early, as the model does: same bytes, the
                // model names the stop (STUCK), the kernel can only show SHORT
                final boolean named = Oracle.fileLoopEra() == dev.faultline.faultin.KernelEra.PRE_5_16
                        && r.kernel() == Verdict.SHORT && r.model() == Verdict.STUCK
                        && r.kernelBytes() == r.modelBytes() && r.explanation().startsWith("same bytes;");
                // before 5.14 arm64's copy_to_user could report up to 15 bytes fewer than it stored
                final boolean fuzz = dev.faultline.sys.Arch.isArm64() && !KernelFs.kernelAtLeast(5, 14)
                        && r.kernel() == r.model() && r.kernelBytes() < r.modelBytes()
                        && r.modelBytes() - r.kernelBytes() < 16 && r.explanation().startsWith("arm64's copy_to_user");
                assertTrue(r.agree() || named || fuzz, r.toString());
            }
        }
        final Oracle.Row s = rows.stream().filter(r -> r.loop() == OracleLoop.PERFORM_WRITE
                && r.layout().equals("rw*2,none,rw") && r.offset() == PAGE - 1).findFirst().orElseThrow();
        assertEquals(Verdict.SHORT, s.kernel());
        if (Oracle.fileLoopEra() == dev.faultline.faultin.KernelEra.PRE_5_16) {
            // the second chunk (file page 1) starts on the last byte of user page 1 and reaches the
            // PROT_NONE page: its whole-chunk fault-in fails, so only the first chunk is written
            assertEquals(PAGE, s.kernelBytes(), "the first file page, from the first page's last byte on");
        } else {
            assertEquals(PAGE + 1, s.kernelBytes(), "the rest of the first page and all of the second");
        }
    }

    @Test
    void ext4DirectIoAgreesWithItsOwnModelAndKeepsWhatLanded() {
        dev.faultline.sys.Needs.available(Oracle.dioUnavailable());
        assumeTrue("ext4".equals(run.fileSystem()), () -> "skipped: the oracle's files are on " + run.fileSystem()
                + ", not ext4 (ext4's direct-I/O model is what this test checks)");
        final List<Oracle.Row> dio = rows.stream().filter(r -> r.loop() == OracleLoop.DIO).toList();
        assertEquals(Oracle.cases(PAGE, true).size(), dio.size(), "every case of the set ran");
        int efault = 0;
        for (final Oracle.Row r : dio) {
            assertTrue(r.agree(), r.toString());
            if (r.kernel() == Verdict.EFAULT) {
                efault++;
                try (Region g = dev.faultline.mte.Regions.of(r.layout(), dev.faultline.memory.Backing.ANON)) {
                    final long gfs2 = new DirectIo().run(g, r.offset(), r.size(),
                            LoopConfig.of(Strategy.PAGE).withBlock(Oracle.BLOCK)).bytes();
                    assertEquals(gfs2, r.landed(), "ext4 read the blocks gfs2's loop would have kept: " + r);
                }
            } else {
                assertEquals(r.kernelBytes(), r.landed(), r.toString());
            }
        }
        assertTrue(efault > 0, "the case set has faults after whole blocks: ext4 fails those with EFAULT");
    }
}
