package dev.faultline.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code --untouched} is an option of copy, probe and loop only: in their --help and in the command reference (docs/commands.md), nowhere else. */
class UntouchedTest {
    private static final Set<String> TAKE_IT = Set.of("copy", "probe", "loop");

    @Test
    void onlyCopyProbeAndLoopListIt() throws Exception {
        final List<String> listed = Cli.commands().entrySet().stream()
                .filter(e -> e.getValue().find("--untouched") != null)
                .map(java.util.Map.Entry::getKey).sorted().toList();
        assertEquals(TAKE_IT.stream().sorted().toList(), listed, "the commands whose --help lists --untouched");
    }

    @Test
    void theReadmeListsItForThemOnly() throws Exception {
        SourceTree.assume();
        final List<String> rows = Files.readAllLines(Path.of("docs/commands.md")).stream()
                .filter(l -> l.startsWith("| `") && l.contains("--untouched"))
                .map(l -> l.substring(3, l.indexOf(' ', 3))).sorted().toList();
        assertEquals(TAKE_IT.stream().sorted().toList(), rows, "the command rows of docs/commands.md that list --untouched");
    }
}
