package dev.faultline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The emulated machine's shell (bin/mte-lab and bin/lib) runs only in the lab and CI's lab steps; what can be
 * checked on any machine is checked here: every script parses ({@code bash -n}), the board's kernels.md row is
 * read from a console's markers, and {@code doc_row} replaces a kernel's row in its section, in sweep order,
 * leaving every other section as it was.
 */
class LabDocRowsTest {
    private static final String KERNELS = "bullseye bookworm trixie trixie-16k trixie-backports";

    @Test
    void everyLabScriptParses() throws Exception {
        SourceTree.assume();
        final List<Path> scripts = new ArrayList<>(List.of(Path.of("bin/mte-lab"), Path.of("bin/test"), Path.of("bin/faultline")));
        try (Stream<Path> lib = Files.list(Path.of("bin/lib"))) {
            lib.filter(p -> p.toString().endsWith(".sh")).sorted().forEach(scripts::add);
        }
        for (final Path s : scripts) {
            final NewcomerErrorsTest.Run r = NewcomerErrorsTest.run(Map.of(), List.of("/bin/bash", "-n", s.toString()));
            assertEquals(0, r.status(), s + ": " + r.err());
        }
    }

    @Test
    void theBoardRowIsReadFromTheConsole(@TempDir final Path dir) throws Exception {
        SourceTree.assume();
        final Path log = Files.writeString(dir.resolve("trixie.log"), String.join("\n",
                "[    2.0] EXT4-fs (vda): mounted filesystem",
                "@@BOARD-START@@",
                "@@BOARD-KERNEL 6.12.117+deb13-arm64 4096 2@@",
                "@@BOARD-STEP-BEGIN demo@@",
                "@@BOARD-STEP demo 0 383@@",
                "@@BOARD-STEP-BEGIN test@@",
                "@@BOARD-NOTE test Tests run: 615, Failures: 1, Errors: 0, Skipped: 2@@",
                "@@BOARD-STEP test 1 1105@@",
                "@@BOARD-NOTE first-session 7 lines, exits: 0 2 (documented: 2 before 6.13) 0 0 0 0 0@@",
                "@@BOARD-STEP first-session 0 31@@",
                "@@BOARD-NOTE jshell 5 lines; 6 of the 6 documented output lines seen@@",
                "@@BOARD-STEP jshell 0 49@@",
                "@@BOARD-NOTE board-report mte: exit 0, 0.1 s; scan: exit 0, 120.0 s; (5 parts, 0 did not finish with exit 0),"
                        + " 228873 bytes@@",
                "@@BOARD-STEP board-report 0 433@@",
                "@@BOARD-EXIT=1@@", ""));
        final NewcomerErrorsTest.Run r = bash("source bin/lib/board.sh && board_row trixie " + log + " abc1234 2761");
        assertEquals(0, r.status(), r.err());
        final String[] cells = r.out().strip().split(" \\| ");
        // the date is the console's mtime: every other cell is exact
        assertEquals(List.of("| trixie", "6.12.117+deb13-arm64", "4096", "exit 0, 383 s", "615, 1, 0, 2, exit 1, 1105 s",
                "0 2 (documented: 2 before 6.13) 0 0 0 0 0, 31 s", "6 of 6, 49 s", "5 parts, 0 did not finish with exit 0, 433 s",
                "not run", "46 min 1 s"), List.of(cells).subList(0, 10));
        assertEquals(List.of("abc1234", "`bin/mte-lab board trixie` |"), List.of(cells).subList(11, 13));
    }

    @Test
    void docRowReplacesTheKernelsRowInSweepOrderAndKeepsTheOtherSections(@TempDir final Path dir) throws Exception {
        SourceTree.assume();
        final Path doc = Files.writeString(dir.resolve("kernels.md"), String.join("\n",
                "# Kernels", "", "## The whole suite", "", "| kernel | x |", "|---|---|", "| trixie | whole |", "",
                "## Selftests", "", "| kernel | s |", "|---|---|", "| trixie-backports | old |", "| bullseye | kept |", "",
                "## Failures and skips of each kernel's newest run", "", "none", ""));
        final String fn = "SWEEP_KERNELS=\"" + KERNELS + "\"; source bin/lib/docrows.sh && ";
        assertEquals(0, bash(fn + "doc_row " + doc + " '## Selftests' '| kernel | s |' trixie-backports '| trixie-backports | new |'"
                + " && doc_row " + doc + " '## Selftests' '| kernel | s |' trixie '| trixie | added |'"
                + " && doc_row " + doc + " '## Board' '| kernel | a | b |' trixie-16k '| trixie-16k | 1 | 2 |'").status());
        assertEquals(String.join("\n",
                "# Kernels", "", "## The whole suite", "", "| kernel | x |", "|---|---|", "| trixie | whole |", "",
                "## Selftests", "", "| kernel | s |", "|---|---|", "| bullseye | kept |", "| trixie | added |",
                "| trixie-backports | new |", "",
                "## Board", "", "| kernel | a | b |", "|---|---|---|", "| trixie-16k | 1 | 2 |", "",
                "## Failures and skips of each kernel's newest run", "", "none", ""), Files.readString(doc));
    }

    private static NewcomerErrorsTest.Run bash(final String script) throws Exception {
        return NewcomerErrorsTest.run(Map.of(), List.of("/bin/bash", "-c", script));
    }
}
