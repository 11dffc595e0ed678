package dev.faultline.scan;

import dev.faultline.faultin.Progress;
import dev.faultline.sys.KernelFeatures;
import dev.faultline.sys.Needs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The scan on two lanes against the real kernel: every case gets the verdict and the counts it gets
 * on one lane (the lanes share nothing a case can see: each file system has its own mount point and
 * its driver its own CPU), and every case is counted once in the progress over all file systems.
 */
@Tag("fs")
class ScanLanesTest {
    /** The calls without a file system and tmpfs both mount a tmpfs as root: side by side, each its own. */
    private static final List<String> FS = List.of(ScanCall.NO_FS, "tmpfs");
    private static final ScanCases.Plan PLAN = new ScanCases.Plan(Set.of(ScanCall.PREAD, ScanCall.PWRITE,
            ScanCall.READV, ScanCall.FUTEX_WAKE_OP, ScanCall.FUTEX_WAIT), true, false, KernelFeatures.guard(), 0);

    private static List<Scan.FsRun> scan(final int lanes, final Progress progress) {
        return Scan.run(new Scan.Options(FS, PLAN, false, Path.of("target/scan-lanes-" + lanes), ScanRecord.NONE,
                lanes), progress);
    }

    @Test
    void twoLanesGiveEveryCaseWhatOneLaneGives() {
        Needs.available(ScanDriver.unavailable());
        final List<Scan.FsRun> one = scan(1, Progress.NONE);
        final AtomicLong steps = new AtomicLong();
        final List<Long> counts = new ArrayList<>();
        final List<Scan.FsRun> two = scan(2, (what, done, total) -> {
            steps.incrementAndGet();
            counts.add(done);
            assertEquals(FS.stream().mapToLong(fs -> ScanCases.of(fs, PLAN, dev.faultline.sys.Unistd.pageSize()).size())
                    .sum(), total, "the progress counts over all file systems");
        });
        assertEquals(FS.size(), two.size());
        long cases = 0;
        for (int f = 0; f < FS.size(); f++) {
            assertEquals(FS.get(f), two.get(f).fs(), "the runs come back in the order of the file systems");
            assertNull(two.get(f).skipped(), FS.get(f));
            assertEquals(f, two.get(f).lane(), "each lane took the next file system: " + FS.get(f));
            final List<ScanRow> a = one.get(f).rows();
            final List<ScanRow> b = two.get(f).rows();
            assertEquals(a.size(), b.size(), FS.get(f));
            for (int i = 0; i < a.size(); i++) {
                final String c = a.get(i).scanCase().toString();
                assertEquals(c, b.get(i).scanCase().toString());
                assertEquals(a.get(i).verdictText(), b.get(i).verdictText(), c);
                assertEquals(a.get(i).possible(), b.get(i).possible(), c);
                if (a.get(i).ran()) {
                    assertEquals(a.get(i).result().returned(), b.get(i).result().returned(), c);
                    assertEquals(a.get(i).result().landed(), b.get(i).result().landed(), c);
                }
            }
            cases += b.size();
        }
        assertEquals(cases, steps.get(), "one step per case");
        for (int i = 0; i < counts.size(); i++) {
            assertEquals(i + 1, counts.get(i), "the steps count up by one, whichever lane took them");
        }
    }

    @Test
    void noLaneIsRefused() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Scan.Options(FS, PLAN,
                false, Path.of("target/scan-lanes-0"), ScanRecord.NONE, 0));
        assertEquals("a scan runs on 1 lane or more, not 0", e.getMessage());
    }
}
