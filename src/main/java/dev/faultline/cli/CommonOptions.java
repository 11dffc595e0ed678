package dev.faultline.cli;

import dev.faultline.report.Json;
import dev.faultline.memory.Backing;
import dev.faultline.sys.Syscalls;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Map;

/** Options every command takes. */
final class CommonOptions {
    @Option(names = "--json", description = "print exactly one JSON object on stdout")
    boolean json;

    @Option(names = "--backing", defaultValue = "anon", completionCandidates = Words.Backings.class,
            description = "where the region's pages come from: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String backing;

    @Option(names = "--trace", description = "log every syscall with its arguments and result (stderr)")
    void trace(final boolean on) {
        Syscalls.trace(on);
    }

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    /**
     * Refuses {@code --json} together with {@code option} (--format): both choose what stdout is.
     *
     * @throws picocli.CommandLine.ParameterException one line
     */
    void refuseWithJson(final CommandSpec spec, final String option) {
        if (json && spec.commandLine().getParseResult().hasMatchedOption(option)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--json and " + option + " both choose what is printed: give one of them");
        }
    }

    /**
     * Refuses {@code --backing} on a command that builds its regions its own way.
     *
     * @param why what the command uses instead
     * @throws picocli.CommandLine.ParameterException one line
     */
    void refuseBacking(final CommandSpec spec, final String why) {
        if (spec.commandLine().getParseResult().hasMatchedOption("--backing")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--backing does not apply here: " + why);
        }
    }

    Backing backing() {
        return Backing.of(backing);
    }

    /** Prints the object as JSON when --json, else the text. */
    void print(final PrintWriter out, final Map<String, Object> object, final String text) {
        out.println(json ? Json.write(object) : text);
    }
}
