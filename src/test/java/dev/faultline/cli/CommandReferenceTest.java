package dev.faultline.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The command reference (docs/commands.md), checked against the commands' declarations: every command and option is in it. */
class CommandReferenceTest {
    @Test
    void everyCommandAndOptionIsDocumented() throws Exception {
        SourceTree.assume();
        final String readme = Files.readString(Path.of("docs/commands.md"));
        final List<String> missing = new ArrayList<>();
        for (final Spec c : Cli.commands().values()) {
            if (!readme.contains("`" + c.name())) {
                missing.add("command " + c.name());
            }
            for (final Opt o : c.options()) {
                final String name = o.name();
                if (!name.equals("--help") && !name.equals("--version") && !readme.contains(name)) {
                    missing.add(c.name() + " " + name);
                }
            }
        }
        assertEquals(List.of(), missing);
    }
}
