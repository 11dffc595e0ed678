package dev.faultline.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 item 1: a path the user gives for output that cannot be used is one line naming the
 * option, the path and the reason, exit 2, before any work (no progress line, no stack trace);
 * a missing parent is refused, not created.
 */
class OutputPathTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void files() throws Exception {
        Files.writeString(tmp.resolve("file"), "x");
    }

    /** Runs with {@code TMP} in the arguments replaced by the temporary directory. */
    static Cli run(final String args) {
        final String[] a = args.split(" ", -1);
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i].replace("TMP", tmp.toString()).replace("EMPTY", "");
        }
        return Cli.run(a);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "map --layout rw --svg TMP|map: --svg TMP: is a directory; give a file name",
        "map --layout rw --svg EMPTY|map: --svg '': an empty path; give a file name",
        "map --layout rw --svg TMP/missing/map.svg|map: --svg TMP/missing/map.svg: directory TMP/missing does not exist",
        "map --layout rw --svg TMP/file/map.svg|map: --svg TMP/file/map.svg: TMP/file is not a directory",
        "map --layout rw --svg -x|map: --svg -x: looks like an option, not a path; give a file name (./-x if that is its name)",
        "demo --out --jsn|demo: --out --jsn: looks like an option, not a path; give a directory (./--jsn if that is its name)",
        "demo --out TMP/file|demo: --out TMP/file: is a file, not a directory",
        "demo --out TMP/missing/report|demo: --out TMP/missing/report: directory TMP/missing does not exist (Faultline creates the last directory only)",
        "demo --out EMPTY|demo: --out '': an empty path; give a directory",
        "matrix --out TMP/file|matrix: --out TMP/file: is a file, not a directory",
        "matrix --out TMP/missing/m|matrix: --out TMP/missing/m: directory TMP/missing does not exist (Faultline creates the last directory only)",
        "oracle --dir TMP/file|oracle: --dir TMP/file: is a file, not a directory",
        "oracle --dir TMP/missing/o|oracle: --dir TMP/missing/o: directory TMP/missing does not exist (Faultline creates the last directory only)",
    })
    void anUnusablePathIsOneLineExitTwo(final String args, final String message) {
        final Cli c = run(args);
        assertEquals(2, c.status(), c.err());
        assertEquals(message.replace("TMP", tmp.toString()) + "\n", c.err());
        assertEquals("", c.out());
        assertFalse(Files.exists(tmp.resolve("missing")), "a missing parent is not created");
    }

    /** /proc refuses new entries: ENOENT as root, EACCES otherwise; the kernel's reason is the line's end. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "demo --out /proc/faultline-out|demo: --out /proc/faultline-out: cannot create it: ",
        "matrix --out /proc/faultline-out|matrix: --out /proc/faultline-out: cannot create it: ",
        "oracle --dir /proc/faultline-out|oracle: --dir /proc/faultline-out: cannot create it: ",
        "map --layout rw --svg /proc/faultline.svg|map: ",
    })
    void aPathTheKernelRefusesIsOneLineExitTwo(final String args, final String start) {
        final Cli c = run(args);
        assertEquals(2, c.status(), c.err());
        assertEquals(1, c.err().lines().count(), c.err());
        assertTrue(c.err().startsWith(start), c.err());
        assertTrue(c.err().contains("/proc/faultline"), "names the path: " + c.err());
        assertTrue(c.err().matches("(?s).*: (no such file or directory|permission denied|[A-Z][a-z ]+)\n"),
                "ends with the reason: " + c.err());
    }

    @Test
    void aFileInAnExistingDirectoryIsWritten() throws Exception {
        final Cli c = run("map --layout rw,none --svg TMP/map.svg");
        assertEquals(0, c.status(), c.err());
        assertTrue(Files.readString(tmp.resolve("map.svg")).startsWith("<svg"));
    }

    @Test
    void aWriteThatFailsLaterNamesTheOptionAndThePath() {
        final String line = OutputPath.problem(new java.io.UncheckedIOException(
                new java.nio.file.AccessDeniedException(tmp.resolve("o/btrfs.img").toString())),
                Parser.parse(new Main(), "oracle", "--dir", tmp.resolve("o").toString()));
        assertEquals("--dir " + tmp.resolve("o") + ": cannot write " + tmp.resolve("o/btrfs.img")
                + ": permission denied", line);
    }

    @Test
    void everyPathOptionSaysWhetherItIsAFileOrADirectory() {
        for (final java.util.Map.Entry<String, Spec> c : Cli.commands().entrySet()) {
            assertTrue(OutputPath.labelled(c.getValue()), c.getKey());
        }
    }
}
