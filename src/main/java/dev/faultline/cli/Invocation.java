package dev.faultline.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * One command line, parsed: the command that runs (its options set), what was given, and where
 * to print. Made by {@link Parser#parse}.
 */
final class Invocation {
    private final String name;
    private final Command command;
    private final Spec spec;
    private final List<Opt.Given> given;
    private PrintWriter out;
    private PrintWriter err;

    Invocation(final String name, final Command command, final Spec spec, final List<Opt.Given> given) {
        this.name = name;
        this.command = command;
        this.spec = spec;
        this.given = List.copyOf(given);
    }

    /** @return the command as typed after {@code faultline}: "map", "mte status"; "faultline" for none */
    String name() {
        return name;
    }

    Command command() {
        return command;
    }

    Spec spec() {
        return spec;
    }

    /** @return every option of the command, given or not, with its value */
    List<Opt.Given> options() {
        return given;
    }

    /** @return whether the command line gave {@code option} (its long name) */
    boolean matched(final String option) {
        for (final Opt.Given g : given) {
            if (g.opt().name().equals(option)) {
                return g.matched();
            }
        }
        throw new IllegalStateException(name + " has no option " + option + ": a bug in the command, not bad input");
    }

    /** Where the command prints: stdout and stderr. */
    Invocation printTo(final PrintWriter stdout, final PrintWriter stderr) {
        this.out = stdout;
        this.err = stderr;
        return this;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }
}
