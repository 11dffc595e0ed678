package dev.faultline.mte;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A direct Java load through a pointer whose tag mismatches kills the JVM with SIGSEGV,
 * si_code SEGV_MTESERR (9): run in a child JVM, whose exit status and hs_err file are the result.
 * The same child with a matching granule survives, so the test can fail both ways.
 */
class JavaLoadCrashTest extends MteCase {
    private static Process child(final Path dir, final long offset) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=" + dir.resolve("hs_err.log"), "-cp", System.getProperty("java.class.path"),
                MteLoadProbe.class.getName(), Long.toString(offset)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
    }

    @Test
    void mismatchedLoadDiesWithSegvMteserr(@TempDir final Path dir) throws Exception {
        final Process p = child(dir, 16);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM did not finish");
        final String out = Files.readString(dir.resolve("out.txt"));
        assertTrue(p.exitValue() != 0, "the child survived a mismatched load: " + out);
        assertTrue(out.contains("loading"), out);
        final String hsErr = Files.readString(dir.resolve("hs_err.log"));
        assertTrue(hsErr.contains("si_code: 9"), "hs_err names SEGV_MTESERR (si_code 9)");
    }

    @Test
    void matchingLoadSurvives(@TempDir final Path dir) throws Exception {
        final Process p = child(dir, 32);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("out.txt")));
        assertTrue(Files.readString(dir.resolve("out.txt")).contains("survived"));
    }
}
