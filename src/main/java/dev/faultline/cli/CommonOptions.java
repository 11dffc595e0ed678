package dev.faultline.cli;

import dev.faultline.report.Json;
import dev.faultline.memory.Backing;
import dev.faultline.sys.Syscalls;

import java.io.PrintWriter;
import java.util.Map;

/** Options every command takes. */
final class CommonOptions {
    boolean json;
    String backing;
    boolean quiet;

    void declare(final Spec s) {
        s.flag("--json", v -> json = v).describe("print exactly one JSON object on stdout");
        s.string("--backing", v -> backing = v).byDefault("anon").words(Words::backings)
                .describe("where the region's pages come from: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})");
        s.flag("--trace", Syscalls::trace).describe("log every syscall with its arguments and result (stderr)");
        s.flag("--quiet", v -> quiet = v).describe("no progress on stderr");
    }

    /**
     * Refuses {@code --json} together with {@code option} (--format): both choose what stdout is.
     *
     * @throws BadInput one line
     */
    void refuseWithJson(final Invocation in, final String option) {
        if (json && in.matched(option)) {
            throw new BadInput("--json and " + option + " both choose what is printed: give one of them");
        }
    }

    /**
     * Refuses {@code --backing} on a command that builds its regions its own way.
     *
     * @param why what the command uses instead
     * @throws BadInput one line
     */
    void refuseBacking(final Invocation in, final String why) {
        if (in.matched("--backing")) {
            throw new BadInput("--backing does not apply here: " + why);
        }
    }

    Backing backing() {
        return Backing.of(backing);
    }

    /** Prints the object as JSON when --json, else the text. */
    void print(final PrintWriter out, final Map<String, Object> object, final String text) {
        out.println(json ? Json.write(Provenance.with(object)) : text);
    }
}
