package dev.faultline.lab;

import dev.faultline.report.Json;
import dev.faultline.report.Reports;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Loops;
import dev.faultline.memory.Backing;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole x86 matrix, cell by cell: the summary table of docs/kernel.md#summary-by-loop for every case that
 * page-level faults can show, plus the findings where the loop logic goes elsewhere.
 * Cells: VERDICT bytes for first-byte, page, granule, gup, gup+first-byte.
 */
class MatrixTest {
    private static Matrix matrix;

    private static final String[] EXPECTED = {
        "perform-write no-fault   | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192",
        "perform-write none@page  | SHORT 4096 | SHORT 4096 | SHORT 4096 | SHORT 4096 | SHORT 4096",
        "perform-write none@off   | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584",
        "perform-write hole       | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584",
        "perform-write guard      | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584",
        "perform-write read-only  | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192",
        "perform-write write-only | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192",
        "perform-write zap        | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192",
        "perform-write first-byte | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "btrfs-search no-fault    | COMPLETE 8184 | COMPLETE 8184 | COMPLETE 8184 | COMPLETE 8184 | COMPLETE 8184",
        "btrfs-search none@page   | LIVELOCK | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "btrfs-search none@off    | LIVELOCK | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "btrfs-search hole        | LIVELOCK | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "btrfs-search guard       | LIVELOCK | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "btrfs-search read-only   | LIVELOCK | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "btrfs-search write-only  | COMPLETE 8184 | COMPLETE 8184 | COMPLETE 8184 | COMPLETE 8184 | COMPLETE 8184",
        "btrfs-search zap         | LIVELOCK | COMPLETE 8184 | COMPLETE 8184 | COMPLETE 8184 | COMPLETE 8184",
        "btrfs-search first-byte  | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "dio no-fault             | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192",
        "dio none@page            | SHORT 4096 | SHORT 4096 | SHORT 4096 | SHORT 4096 | SHORT 4096",
        "dio none@off             | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK",
        "dio hole                 | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK",
        "dio guard                | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK",
        "dio read-only            | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK",
        "dio write-only           | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192",
        "dio zap                  | LIVELOCK | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192",
        "dio first-byte           | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "gfs2-read no-fault       | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192",
        "gfs2-read none@page      | SHORT 4096 | SHORT 4096 | SHORT 4096 | SHORT 4096 | SHORT 4096",
        "gfs2-read none@off       | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584",
        "gfs2-read hole           | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584",
        "gfs2-read guard          | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584",
        "gfs2-read read-only      | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584 | SHORT 3584",
        "gfs2-read write-only     | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192",
        "gfs2-read zap            | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192 | COMPLETE 8192",
        "gfs2-read first-byte     | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
    };

    @BeforeAll
    static void runMatrix() {
        matrix = Matrix.run(LoopConfig.of(Strategy.PAGE), Backing.ANON, Progress.NONE);
    }

    @Test
    void shouldReproduceTheReferenceCellByCell() {
        assertTrue(Unistd.pageSize() == 4096, "the expected bytes assume 4 KiB pages");
        final List<String> got = new ArrayList<>();
        for (final String line : EXPECTED) {
            final String[] head = line.substring(0, line.indexOf('|')).trim().split("\\s+");
            final StringBuilder b = new StringBuilder(String.format("%-13s %-10s", head[0], head[1]));
            for (final Strategy s : Strategy.values()) {
                final MatrixRow r = matrix.find(head[0], s.word(), head[1]);
                b.append(" | ").append(r == null ? "missing"
                        : r.outcome().verdict().name().equals("LIVELOCK") ? "LIVELOCK"
                        : r.outcome().verdict() + " " + r.outcome().bytes());
            }
            got.add(b.toString().replaceAll("\\s+", " "));
        }
        final List<String> want = new ArrayList<>();
        for (final String line : EXPECTED) {
            want.add(line.replaceAll("\\s+", " "));
        }
        assertEquals(String.join("\n", want), String.join("\n", got));
        assertEquals(Loops.all().size() * 9 * Strategy.values().length, matrix.rows().size());
        assertEquals(List.of(), matrix.skipped());
    }

    @Test
    void livelocksRunExactlyMaxRoundsWithoutProgress() {
        final MatrixRow r = matrix.find("btrfs-search", "first-byte", "none@page");
        assertEquals(1001, r.outcome().rounds());
        assertEquals(1001, r.outcome().probes());
    }

    @Test
    void findingsSayWhatTheRowsShow() {
        final List<String> f = Findings.of(matrix);
        assertTrue(f.contains("btrfs-search with first-byte: LIVELOCK on none@page, none@off, hole, guard, read-only, zap"),
                String.join("\n", f));
        assertTrue(f.stream().anyMatch(l -> l.startsWith("perform-write never livelocks")));
        assertTrue(f.stream().anyMatch(l -> l.startsWith("FINDING dio: a 4 KiB block that straddles")));
        assertTrue(f.stream().noneMatch(l -> l.startsWith("perform-write with")), "perform-write has no bad cell");
    }

    @Test
    void reportsCarryEveryCell() {
        final String csv = Reports.csv(matrix);
        assertEquals(matrix.rows().size() + 1, csv.split("\n").length);
        assertTrue(csv.startsWith("loop,strategy,fault,verdict,bytes,requested,possible,rounds,probes,syscalls,"
                + "spuriousFaults,error,injections,lostBytes,layout,offset,size\n"), csv.lines().findFirst().orElse(""));
        assertTrue(Reports.markdown(matrix).contains("| btrfs-search | none@page | **LIVELOCK** | EFAULT 0 |"));
        assertTrue(Json.write(Reports.json(matrix)).startsWith("{\"rows\":[{\"loop\":\"perform-write\""));
    }

    @Test
    void livenessContractHoldsForPageFaultsOnX86() {
        final Liveness.Report r = Liveness.check(6, 42);
        assertTrue(r.checked() > 0, "claims were checked");
        assertEquals(List.of(), r.violations());
    }
}
