package dev.faultline.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jshell walkthrough of docs/exploring.md (linked from the README), run: its {@code jshell} block goes into jshell with
 * jshell/faultline.jsh as start-up (as bin/faultline jshell does), and every line of the output
 * block that follows must appear in what jshell printed.
 */
class JshellTest {
    @Test
    void theReadmeWalkthroughRuns() throws Exception {
        SourceTree.assume();
        final List<String> readme = Files.readAllLines(Path.of("docs/exploring.md"));
        final int start = readme.indexOf("```jshell");
        assertTrue(start >= 0, "docs/exploring.md has a ```jshell block");
        final List<String> input = new ArrayList<>();
        int i = start + 1;
        for (; !readme.get(i).equals("```"); i++) {
            input.add(readme.get(i));
        }
        input.add("/exit");
        final List<String> expected = new ArrayList<>();
        for (int k = i + 3; !readme.get(k).equals("```"); k++) {
            expected.add(onThisPage(readme.get(k)));
        }
        final String jshell = Path.of(System.getProperty("java.home"), "bin", "jshell").toString();
        final Process p = new ProcessBuilder(jshell, "-q", "--enable-native-access", "--class-path",
                System.getProperty("java.class.path"), "--startup", "DEFAULT", "--startup", "jshell/faultline.jsh",
                "-R-XX:ErrorFile=target/hs_err_%p.log").redirectErrorStream(true).start();
        p.getOutputStream().write((String.join("\n", input) + "\n").getBytes());
        p.getOutputStream().close();
        final String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jshell did not exit");
        assertEquals(0, p.exitValue(), out);
        for (final String line : expected) {
            assertTrue(out.contains(line), "jshell did not print: " + line + "\n---\n" + out);
        }
    }

    /** The documented output is 4 KiB pages': each number after "=" that is a multiple of 4096 is pages of it. */
    static String onThisPage(final String line) {
        final long page = dev.faultline.sys.Unistd.pageSize();
        return java.util.regex.Pattern.compile("(?<==)(\\d+)").matcher(line).replaceAll(m -> {
            final long n = Long.parseLong(m.group(1));
            return Long.toString(n > 0 && n % DOC_PAGE == 0 ? n / DOC_PAGE * page : n);
        });
    }

    /** The page size the documentation's output was made with. */
    private static final long DOC_PAGE = 4096;

    @Test
    void theDocumentedSizesScaleWithThePage() {
        final long page = dev.faultline.sys.Unistd.pageSize();
        assertEquals("FaultInResult[size=" + 4 * page + ", leftover=" + 2 * page + ", probes=3, failedAt=" + 2 * page,
                onThisPage("FaultInResult[size=16384, leftover=8192, probes=3, failedAt=8192"));
        assertEquals("probes=3, syscalls=3, offset=700", onThisPage("probes=3, syscalls=3, offset=700"));
    }
}
