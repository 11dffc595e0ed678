package dev.faultline.lab;

import dev.faultline.report.Json;
import dev.faultline.report.Reports;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.BtrfsSearch;
import dev.faultline.memory.Backing;
import dev.faultline.sys.KernelFeatures;
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
 * Cells: VERDICT bytes for first-byte, page, granule, gup, gup+first-byte. The byte counts are
 * formulas of the page size P: {@code 2P} (the whole range), {@code P} (up to the page start),
 * {@code P-O} (from the {@link FaultCase#DMA_OFFSET} start up to the bad page), {@code R} (the
 * btrfs records of the range: whole 32-byte headers plus {@code --record} payloads). On a kernel
 * without guard pages or MADV_POPULATE_* the rows and columns it cannot build are left out,
 * and the test checks that they are and that the matrix says why.
 */
class MatrixTest {
    private static Matrix matrix;
    private static final long P = Unistd.pageSize();
    private static final long O = FaultCase.DMA_OFFSET;
    private static final long REC = BtrfsSearch.HEADER + LoopConfig.DEFAULT_RECORD;
    /** The sub-page cases the matrix adds on an arm64 machine with MTE (none elsewhere). */
    private static final List<FaultCase> MTE_CASES = dev.faultline.mte.Mte.available() ? FaultCase.mteCases(P) : List.of();

    private static final String[] EXPECTED = {
        "perform-write no-fault   | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P",
        "perform-write none@page  | SHORT P | SHORT P | SHORT P | SHORT P | SHORT P",
        "perform-write none@off   | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O",
        "perform-write hole       | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O",
        "perform-write guard      | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O",
        "perform-write read-only  | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P",
        "perform-write write-only | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P",
        "perform-write zap        | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P",
        "perform-write first-byte | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "btrfs-search no-fault    | COMPLETE R | COMPLETE R | COMPLETE R | COMPLETE R | COMPLETE R",
        "btrfs-search none@page   | LIVELOCK | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "btrfs-search none@off    | LIVELOCK | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "btrfs-search hole        | LIVELOCK | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "btrfs-search guard       | LIVELOCK | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "btrfs-search read-only   | LIVELOCK | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "btrfs-search write-only  | COMPLETE R | COMPLETE R | COMPLETE R | COMPLETE R | COMPLETE R",
        "btrfs-search zap         | LIVELOCK | COMPLETE R | COMPLETE R | COMPLETE R | COMPLETE R",
        "btrfs-search first-byte  | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "dio no-fault             | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P",
        "dio none@page            | SHORT P | SHORT P | SHORT P | SHORT P | SHORT P",
        "dio none@off             | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK",
        "dio hole                 | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK",
        "dio guard                | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK",
        "dio read-only            | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK | LIVELOCK",
        "dio write-only           | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P",
        "dio zap                  | LIVELOCK | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P",
        "dio first-byte           | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
        "gfs2-read no-fault       | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P",
        "gfs2-read none@page      | SHORT P | SHORT P | SHORT P | SHORT P | SHORT P",
        "gfs2-read none@off       | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O",
        "gfs2-read hole           | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O",
        "gfs2-read guard          | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O",
        "gfs2-read read-only      | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O | SHORT P-O",
        "gfs2-read write-only     | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P",
        "gfs2-read zap            | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P | COMPLETE 2P",
        "gfs2-read first-byte     | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0 | EFAULT 0",
    };

    /** A cell of EXPECTED with its formula worked out for this page size. */
    static String bytes(final String cell) {
        final String[] w = cell.trim().split(" ");
        if (w.length == 1) {
            return w[0];
        }
        final long b = switch (w[1]) {
            case "2P" -> 2 * P;
            case "P" -> P;
            case "P-O" -> P - O;
            case "R" -> 2 * P / REC * REC;
            default -> Long.parseLong(w[1]);
        };
        return w[0] + " " + b;
    }

    @BeforeAll
    static void runMatrix() {
        matrix = Matrix.run(LoopConfig.of(Strategy.PAGE), Backing.ANON, dev.faultline.faultin.Progress.NONE);
    }

    @Test
    void shouldReproduceTheReferenceCellByCell() {
        final List<String> got = new ArrayList<>();
        final List<String> want = new ArrayList<>();
        final List<String> cases = new ArrayList<>();
        for (final String line : EXPECTED) {
            final String[] cells = line.split("\\|");
            final String[] head = cells[0].trim().split("\\s+");
            if (matrix.loops().stream().noneMatch(l -> l.name().equals(head[0]))
                    || head[1].equals("guard") && !KernelFeatures.guard()) {
                continue;
            }
            if (!cases.contains(head[1])) {
                cases.add(head[1]);
            }
            final StringBuilder g = new StringBuilder(head[0] + " " + head[1]);
            final StringBuilder w = new StringBuilder(head[0] + " " + head[1]);
            for (final Strategy s : matrix.strategies()) {
                final MatrixRow r = matrix.find(dev.faultline.loops.LoopName.of(head[0]), s, head[1]);
                g.append(" | ").append(r == null ? "missing"
                        : r.outcome().verdict().name().equals("LIVELOCK") ? "LIVELOCK"
                        : r.outcome().verdict() + " " + r.outcome().bytes());
                w.append(" | ").append(bytes(cells[1 + s.ordinal()]));
            }
            got.add(g.toString());
            want.add(w.toString());
        }
        assertEquals(String.join("\n", want), String.join("\n", got), "page size " + P);
        // on an MTE machine the matrix adds the sub-page cases (MteMatrixTest checks their cells)
        assertEquals(matrix.loops().size() * (cases.size() + MTE_CASES.size()) * matrix.strategies().size(),
                matrix.rows().size());
        assertEquals(List.of(), matrix.skipped());
    }

    @Test
    void leavesOutExactlyWhatThisKernelCannotBuildAndSaysWhy() {
        final boolean guard = KernelFeatures.guard();
        final boolean populate = KernelFeatures.populate();
        assertEquals(guard, matrix.rows().stream().anyMatch(r -> r.fault().name().equals("guard")));
        assertEquals(populate, matrix.rows().stream().anyMatch(r -> r.loop() == dev.faultline.loops.LoopName.DIO));
        assertEquals(populate, matrix.rows().stream().anyMatch(r -> r.strategy().word().startsWith("gup")));
        final List<String> parts = new ArrayList<>();
        if (!guard) {
            parts.add("guard (MADV_GUARD_INSTALL needs Linux 6.13+; this kernel said EINVAL(22))");
        }
        if (!populate) {
            parts.add("strategies gup, gup+first-byte and loop dio (MADV_POPULATE_READ/WRITE need Linux 5.14+;"
                    + " this kernel said EINVAL(22))");
        }
        assertEquals(parts, matrix.leftOut());
        assertEquals(parts.isEmpty(), !Reports.table(matrix).contains("left out: "));
    }

    @Test
    void livelocksRunExactlyMaxRoundsWithoutProgress() {
        final MatrixRow r = matrix.find(dev.faultline.loops.LoopName.BTRFS_SEARCH, Strategy.FIRST_BYTE, "none@page");
        assertEquals(1001, r.outcome().rounds());
        assertEquals(1001, r.outcome().probes());
    }

    @Test
    void findingsSayWhatTheRowsShow() {
        final List<String> f = Findings.of(matrix);
        final String mte = MTE_CASES.stream().map(c -> ", " + c.name()).collect(java.util.stream.Collectors.joining());
        assertTrue(f.contains("btrfs-search with first-byte: LIVELOCK on none@page, none@off, hole, "
                + (KernelFeatures.guard() ? "guard, " : "") + "read-only, zap" + mte),
                String.join("\n", f));
        // page faults never livelock perform-write; a mismatched granule does, with the tag-blind gup
        // (which needs MADV_POPULATE: without it, Linux 5.10, the matrix leaves the gup strategies out)
        final boolean gupOnMte = !MTE_CASES.isEmpty() && KernelFeatures.populate();
        assertEquals(!gupOnMte, f.stream().anyMatch(l -> l.startsWith("perform-write never livelocks")));
        assertEquals(gupOnMte ? List.of("perform-write with gup: LIVELOCK on " + mte.substring(2)) : List.of(),
                f.stream().filter(l -> l.startsWith("perform-write with")).toList(), String.join("\n", f));
        assertEquals(KernelFeatures.populate(), f.stream().anyMatch(l -> l.startsWith("FINDING dio: on a device of "
                + LoopConfig.DEFAULT_BLOCK + "-byte logical blocks")));
    }

    @Test
    void reportsCarryEveryCell() {
        final String csv = Reports.csv(matrix);
        assertEquals(matrix.rows().size() + 1, csv.split("\n").length);
        assertTrue(csv.startsWith("loop,strategy,fault,verdict,bytes,requested,possible,rounds,probes,syscalls,"
                + "faultsAfterCleanFaultIn,error,injections,lostBytes,layout,offset,size\n"), csv.lines().findFirst().orElse(""));
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
