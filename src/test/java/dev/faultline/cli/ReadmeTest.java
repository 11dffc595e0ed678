package dev.faultline.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the README true: every {@code bin/faultline} command in its {@code sh} blocks runs
 * (in-process, same arguments) with exit 0, and every line of the output block that follows
 * appears in what it printed (up to a "..." where the README cuts a line short). bin/faultline
 * itself (JDK discovery, build) and bin/test are run by .ci/run.
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
        final List<String> lines = Files.readAllLines(Path.of("README.md"));
        int commands = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```sh")) {
                continue;
            }
            final StringBuilder printed = new StringBuilder();
            int j = i + 1;
            for (; !lines.get(j).equals("```"); j++) {
                final String line = lines.get(j).replaceAll("\\s+#.*$", "").trim();
                if (!line.startsWith("bin/faultline ")) {
                    continue;
                }
                final List<String> args = split(line.substring("bin/faultline ".length()));
                final Cli c = Cli.run(args.toArray(String[]::new));
                assertEquals(0, c.status(), line + "\n" + c.err());
                printed.append(c.out());
                commands++;
            }
            if (j + 2 < lines.size() && lines.get(j + 1).isEmpty() && lines.get(j + 2).equals("```")) {
                for (int k = j + 3; !lines.get(k).equals("```"); k++) {
                    final String want = lines.get(k).contains("...")
                            ? lines.get(k).substring(0, lines.get(k).indexOf("...")) : lines.get(k);
                    assertTrue(printed.toString().contains(want), "README shows a line no command printed:\n" + want
                            + "\nprinted:\n" + printed);
                }
            }
        }
        assertEquals(9, commands, "bin/faultline commands found in the README");
    }
}
