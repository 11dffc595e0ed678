package dev.faultline.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's command reference, checked against picocli: every command and option is in it. */
class CommandReferenceTest {
    @Test
    void everyCommandAndOptionIsDocumented() throws Exception {
        SourceTree.assume();
        final String readme = Files.readString(Path.of("README.md"));
        final List<String> missing = new ArrayList<>();
        final CommandLine root = Main.commandLine();
        final List<CommandLine> commands = new ArrayList<>(root.getSubcommands().values());
        commands.addAll(root.getSubcommands().get("mte").getSubcommands().values());
        for (final CommandLine c : commands) {
            if (!readme.contains("`" + c.getCommandName())) {
                missing.add("command " + c.getCommandName());
            }
            for (final CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                final String name = o.longestName();
                if (!name.equals("--help") && !name.equals("--version") && !readme.contains(name)) {
                    missing.add(c.getCommandName() + " " + name);
                }
            }
        }
        assertEquals(List.of(), missing);
    }
}
