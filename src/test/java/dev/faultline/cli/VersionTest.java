package dev.faultline.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --version names the commit the build came from, as git names HEAD in the checkout that built it. */
class VersionTest {
    @Test
    void theVersionLineNamesTheCommit() throws Exception {
        final Cli c = Cli.run("--version");
        assertEquals(0, c.status());
        assertTrue(c.out().matches("faultline 0\\.1\\.0 \\(commit ([0-9a-f]{12}|unknown)\\)\\R"), c.out());
        SourceTree.assume();
        if (Files.isDirectory(Path.of(".git"))) {
            final Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").start();
            final String head = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            // the classes were built from this checkout: at HEAD, or at a commit it holds (one made since, or amended)
            assertTrue(c.out().contains("(commit " + head + ")") || known(c.out()), c.out() + " vs " + head);
        }
    }

    @Test
    void everyJsonResultNamesWhatDecidedIt() {
        for (final String[] args : new String[][] {{"map", "--layout", "rw,none", "--json"},
            {"probe", "--layout", "rw,none", "--access", "read", "--strategy", "page", "--json"},
            {"loop", "--loop", "perform-write", "--layout", "rw,none", "--json"},
            {"mte", "status", "--json"}}) {
            final Cli c = Cli.run(args);
            assertEquals(0, c.status(), String.join(" ", args) + "\n" + c.err());
            final com.fasterxml.jackson.databind.JsonNode f = c.json().get(Provenance.KEY);
            assertTrue(f != null && f.get("commit").asText().matches("[0-9a-f]{12}|unknown"), c.out());
            assertEquals(dev.faultline.sys.Unistd.pageSize(), f.get("pageSize").asLong(), c.out());
            assertEquals(Provenance.release(), f.get("kernel").asText());
            assertEquals(dev.faultline.faultin.ProbeMechanisms.current().name(), f.get("probe").asText());
        }
        final Cli loop = Cli.run("loop", "--loop", "perform-write", "--layout", "rw,none", "--block", "512", "--kernel", "pre-5.16",
                "--json");
        assertEquals(512, loop.json().get("block").asLong(), loop.out());
        assertEquals("pre-5.16", loop.json().get("era").asText());
        assertEquals("kernel", loop.json().get("strategyAsked").asText());
        assertTrue(!loop.json().get("probe").asText().isEmpty());
        final Cli matrix = Cli.run("matrix", "--block", "512", "--kernel", "5.16-5.18", "--json");
        assertEquals(0, matrix.status(), matrix.err());
        assertEquals(512, matrix.json().get("block").asLong(), "the matrix names its dio block");
        assertEquals("5.16-5.18", matrix.json().get("era").asText());
        assertTrue(!matrix.json().get("probe").asText().isEmpty());
        assertTrue(matrix.json().get(Provenance.KEY) != null);
    }

    private static boolean known(final String versionLine) throws Exception {
        final String commit = versionLine.replaceAll("(?s).*\\(commit ([0-9a-f]{12})\\).*", "$1");
        final Process p = new ProcessBuilder("git", "cat-file", "-e", commit + "^{commit}").start();
        return p.waitFor() == 0;
    }
}
