package dev.faultline.report;

import dev.faultline.scan.Scan;
import dev.faultline.scan.ScanCase;
import dev.faultline.scan.ScanResult;
import dev.faultline.scan.ScanRow;
import dev.faultline.scan.ScanVerdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scan's text report from records alone: its closing lines say what ran and where the time went. */
class ScanReportTest {
    private static final long PAGE = 4096;

    private static ScanRow row(final String c, final ScanVerdict v, final ScanResult.Outcome o) {
        final ScanResult r = new ScanResult(o, v == ScanVerdict.EXACT ? PAGE : -1, 0, PAGE, 0, 0, "", "", "");
        return new ScanRow(ScanCase.parse(c), PAGE, r, v, "", null, null, null);
    }

    private static ScanRow notRun(final String c) {
        return new ScanRow(ScanCase.parse(c), PAGE, null, null, "open failed", null, null, null);
    }

    @Test
    void theLastLinesSayHowManyCasesRanAndWhereTheTimeWent() {
        final List<Scan.FsRun> runs = List.of(
                new Scan.FsRun("tmpfs", null, List.of(
                        row("tmpfs/pread/buffered/private/rw,rw/0/4096", ScanVerdict.EXACT, ScanResult.Outcome.RETURNED),
                        row("tmpfs/pwrite/buffered/private/rw,rw/0/4096", ScanVerdict.EXACT, ScanResult.Outcome.RETURNED),
                        notRun("tmpfs/pread/direct/private/rw,rw/0/4096")), 3.0),
                new Scan.FsRun("gfs2", null, List.of(
                        row("gfs2/pread/buffered/private/rw,none/0/4096", ScanVerdict.LIVELOCK,
                                ScanResult.Outcome.LIVELOCK)), 9.0),
                new Scan.FsRun("xfs", "no mkfs.xfs", List.of(), 0));
        final String text = ScanReport.text(runs, "Machine: test", false);
        // 3 ran (the case that did not run is not counted) in 12 s: 15 a minute
        assertTrue(text.contains("\n3 cases ran on 2 file systems in 12 s (15 a minute, making the file systems"
                + " included)\n"), text);
        assertTrue(text.endsWith("Time per file system (cases run now): tmpfs 3 s (2), gfs2 9 s (1); 1 cases did not return,"
                + " each signalled once seen spinning (from 0.75 s) or at the " + (long) Scan.DEADLINE + " s deadline,"
                + " then SIGKILL\n"), text);
        assertEquals("", ScanReport.timeSpent(List.of(new Scan.FsRun("xfs", "no mkfs.xfs", List.of(), 0))));
    }

    @Test
    void lanesSideBySideTakeTheLongestLanesTime() {
        // lane 0: tmpfs 3 s, then xfs 4 s (7 s); lane 1: gfs2 9 s, beside them: the scan took 9 s
        final List<Scan.FsRun> runs = List.of(
                new Scan.FsRun("tmpfs", null, List.of(row("tmpfs/pread/buffered/private/rw,rw/0/4096", ScanVerdict.EXACT,
                        ScanResult.Outcome.RETURNED)), 3.0, 0),
                new Scan.FsRun("gfs2", null, List.of(row("gfs2/pread/buffered/private/rw,rw/0/4096", ScanVerdict.EXACT,
                        ScanResult.Outcome.RETURNED)), 9.0, 1),
                new Scan.FsRun("xfs", null, List.of(row("xfs/pread/buffered/private/rw,rw/0/4096", ScanVerdict.EXACT,
                        ScanResult.Outcome.RETURNED)), 4.0, 0));
        assertEquals(9.0, ScanReport.seconds(runs));
        final String text = ScanReport.text(runs, "Machine: test", false);
        assertTrue(text.contains("\n3 cases ran on 3 file systems in 9 s on 2 lanes (20 a minute, making the file"
                + " systems included)\n"), text);
    }

    @Test
    void aResumedScanCountsItsRecordedCasesButTimesOnlyWhatItRan() {
        final ScanRow earlier = row("gfs2/pread/buffered/private/rw,none/0/4096", ScanVerdict.LIVELOCK,
                ScanResult.Outcome.LIVELOCK);
        final ScanRow recorded = new ScanRow(earlier.scanCase(), earlier.possible(), earlier.result(), earlier.verdict(),
                "(recorded on an earlier boot)", null, null, null);
        final List<Scan.FsRun> runs = List.of(new Scan.FsRun("gfs2", null, List.of(recorded,
                row("gfs2/pwrite/buffered/private/rw,rw/0/4096", ScanVerdict.EXACT, ScanResult.Outcome.RETURNED),
                row("gfs2/pread/buffered/private/rw,rw/0/4096", ScanVerdict.EXACT, ScanResult.Outcome.RETURNED)), 4.0));
        assertTrue(recorded.recorded());
        final String text = ScanReport.text(runs, "Machine: test", false);
        // 3 cases in all, 1 of them from the record; 2 ran in 4 s: 30 a minute
        assertTrue(text.contains("\n3 cases ran on 1 file systems, 1 of them on earlier boots (the record); this run: 2 in"
                + " 4 s (30 a minute, making the file systems included)\n"), text);
        assertTrue(text.contains("Time per file system (cases run now): gfs2 4 s (2); 0 cases did not return"), text);
    }
}
