package dev.faultline.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Keeps the README and the docs it links true: every {@code bin/faultline} command in their {@code sh} blocks runs
 * (in-process, same arguments) with exit 0, and every line of the output block that follows
 * appears in what it printed (up to a "..." where the README cuts a line short). bin/faultline
 * itself (JDK discovery, build) and bin/test are run by .ci/run.
 *
 * <p>Two things the README cannot hold on every kernel are checked as far as they can be and
 * then reported as skipped, with the reason: a command marked {@code # Linux 6.13+} must, on a
 * kernel without guard pages, exit 2 with the one-line guard refusal (its output block is not
 * compared); and the output blocks were recorded on 4 KiB pages, so on any other page size
 * every command still runs with exit 0 but no output is compared.
 */
class ReadmeTest {
    static List<String> split(final String command) {
        final List<String> out = new ArrayList<>();
        final StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (final char c : command.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    @Test
    void everyCommandInTheReadmeRunsAndPrintsWhatTheReadmeShows() throws Exception {
        SourceTree.assume();
        final long page = dev.faultline.sys.Unistd.pageSize();
        final List<String> notCompared = new ArrayList<>();
        int commands = 0;
        long inBlocks = 0;
        for (final Path doc : documents()) {
        final List<String> lines = Files.readAllLines(doc);
        inBlocks += countCommandsInShBlocks(lines);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```sh")) {
                continue;
            }
            final StringBuilder printed = new StringBuilder();
            boolean compare = page == 4096;
            int j = i + 1;
            for (; !lines.get(j).equals("```"); j++) {
                final String line = lines.get(j).replaceAll("\\s+#.*$", "").trim();
                if (!line.startsWith("bin/faultline ")) {
                    continue;
                }
                final List<String> args = split(line.substring("bin/faultline ".length()));
                final Cli c = Cli.run(args.toArray(String[]::new));
                commands++;
                if (lines.get(j).contains("# Linux 6.13+") && !dev.faultline.sys.KernelFeatures.guard()) {
                    assertEquals(2, c.status(), line + "\n" + c.err());
                    assertTrue(c.err().contains("guard pages need MADV_GUARD_INSTALL (Linux 6.13+"), c.err());
                    notCompared.add(line + " (no guard pages here: MADV_GUARD_INSTALL, Linux 6.13+)");
                    compare = false;
                    continue;
                }
                assertEquals(0, c.status(), line + "\n" + c.err());
                printed.append(c.out());
            }
            if (!compare && page != 4096) {
                notCompared.add(doc + ": " + line(lines, i) + " (output recorded on 4096-byte pages, this kernel has " + page + ")");
            }
            if (compare && j + 2 < lines.size() && lines.get(j + 1).isEmpty() && lines.get(j + 2).equals("```")) {
                for (int k = j + 3; !lines.get(k).equals("```"); k++) {
                    final String want = lines.get(k).contains("...")
                            ? lines.get(k).substring(0, lines.get(k).indexOf("...")) : lines.get(k);
                    assertTrue(printed.toString().contains(want), doc + " shows a line no command printed:\n" + want
                            + "\nprinted:\n" + printed);
                }
            }
        }
        }
        // as many as the sh blocks hold: a parsing slip that skips a block would show here
        assertTrue(inBlocks >= 10, "the README and its docs show their commands in sh blocks: " + inBlocks);
        assertEquals(inBlocks, commands, "every bin/faultline command of the sh blocks ran");
        assumeTrue(notCompared.isEmpty(), () -> "skipped after every command ran: output not compared for "
                + String.join("; ", notCompared));
    }

    /** @return the README and every page of docs/ it links to ({@code ](docs/NAME.md)}), in the README's order */
    static List<Path> documents() throws java.io.IOException {
        final List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\]\\((docs/[A-Za-z0-9_-]+\\.md)\\)")
                .matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            final Path d = Path.of(m.group(1));
            if (!docs.contains(d)) {
                assertTrue(Files.isRegularFile(d), "the README links " + d + ", which is missing");
                docs.add(d);
            }
        }
        return docs;
    }

    private static String line(final List<String> lines, final int fence) {
        return lines.get(fence + 1).replaceAll("\\s+#.*$", "").trim();
    }

    /** Lines starting with {@code bin/faultline } inside the README's {@code sh} blocks, counted by plain text. */
    private static long countCommandsInShBlocks(final List<String> lines) {
        long n = 0;
        boolean inside = false;
        for (final String l : lines) {
            if (l.equals("```sh")) {
                inside = true;
            } else if (l.equals("```")) {
                inside = false;
            } else if (inside && l.trim().startsWith("bin/faultline ") && !l.trim().startsWith("bin/faultline jshell")) {
                n++;
            }
        }
        return n;
    }
}
