package dev.faultline.mte;

import dev.faultline.oracle.Oracle;
import dev.faultline.faultin.Progress;
import dev.faultline.loops.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * O_DIRECT never checks MTE tags, measured: a real ext4 direct read (iomap, GUP-pinned pages
 * filled through the kernel's own mapping) into a buffer with a mismatched granule completes and
 * writes that granule too, as the dio model predicts; a buffered read into the same buffer stops
 * at the granule. The guest's root is tmpfs, whose O_DIRECT is a buffered read, so the oracle
 * must have used its ext4 image. Runs in the emulated MTE machine (bin/mte-lab test), which loads
 * the ext4 and loop modules and carries mkfs.ext4.
 */
@org.junit.jupiter.api.Tag("root")
@org.junit.jupiter.api.Tag("fs")
class MteDirectIoTest extends MteCase {
    @Test
    void directIoCompletesAndWritesTheMismatchedGranule() {
        // the dio model needs MADV_POPULATE_WRITE (bullseye's 5.10 lacks it); the ext4 image needs root and mkfs.ext4
        dev.faultline.sys.Needs.available(dev.faultline.oracle.Oracle.dioUnavailable());
        dev.faultline.sys.Needs.available(dev.faultline.oracle.LoopImage.Fs.EXT4.unavailable());
        final Oracle.FileRun run = Oracle.run(Path.of("target/mte-dio-oracle"), List.of("buffered-read", "dio"), false,
                Progress.NONE);
        assertEquals("ext4", run.fileSystem(), "tmpfs would serve O_DIRECT from the page cache");
        final List<Oracle.Row> dio = run.rows().stream()
                .filter(r -> r.loop() == dev.faultline.oracle.OracleLoop.DIO && r.layout().contains("~")).toList();
        assertEquals(18, dio.size()); // 3 MTE layouts x 3 offsets x 2 sizes
        for (final Oracle.Row r : dio) {
            assertTrue(r.agree(), r.toString());
            assertEquals(Verdict.COMPLETE, r.kernel(), r.toString());
            assertEquals(r.size(), r.kernelBytes(), r.toString());
            assertEquals(r.size(), r.landed(), "the data landed in the mismatched granule too: " + r);
        }
        final Oracle.Row buffered = run.rows().stream()
                .filter(r -> r.loop() == dev.faultline.oracle.OracleLoop.BUFFERED_READ && r.layout().equals("rw~128+16,rw*3")
                        && r.offset() == 0 && r.size() == 3 * dev.faultline.sys.Unistd.pageSize())
                .findFirst().orElseThrow();
        assertEquals(Verdict.SHORT, buffered.kernel(), buffered.toString());
        assertEquals(128, buffered.kernelBytes(), "a buffered read stops at the granule");
    }
}
