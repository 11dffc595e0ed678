package dev.faultline.cli;

import dev.faultline.sys.Syscalls;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code faultline COMMAND [options]}: the command-line contract of docs/design.md#command-line.
 * Exit 0 on success, 2 on bad input (one line on stderr, no stack trace), 1 on an internal failure.
 */
@Command(name = "faultline", mixinStandardHelpOptions = true, version = "faultline 0.1.0",
        description = "Runs the fault_in_*() argument of October 2021 against the real kernel.")
public final class Main implements Runnable {
    /**
     * The commands, in the order help lists them. They are not in {@code @Command(subcommands)}:
     * picocli would build every command's model by reflection on each start, and a run needs one.
     */
    static final List<Class<?>> COMMANDS = List.of(MapCommand.class, CopyCommand.class, ProbeCommand.class,
            LoopCommand.class, MatrixCommand.class, DemoCommand.class, RaceCommand.class, OracleCommand.class,
            LivenessCommand.class, MteCommand.class, CommandLine.HelpCommand.class);

    /** Exit status for bad input. */
    static final int BAD_INPUT = 2;
    /** Exit status for an internal failure. */
    static final int INTERNAL = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: map, copy, probe, loop, matrix, demo, race, oracle, liveness, mte or help");
    }

    /**
     * The command line for {@code args}: when the first argument names a command, only that
     * command is registered (start-up time); otherwise (help, version, a misspelt or missing
     * command) all of them, so help and picocli's suggestions see every command.
     *
     * @param args the arguments that will be parsed, or none for the full command line
     * @return the root command line
     */
    static CommandLine commandLine(final String... args) {
        final CommandLine cl = new CommandLine(new Main());
        final String first = args.length > 0 ? args[0] : null;
        Class<?> named = null;
        for (final Class<?> c : COMMANDS) {
            // help names another command: it needs them all
            if (c.getAnnotation(Command.class).name().equals(first) && c != CommandLine.HelpCommand.class) {
                named = c;
            }
        }
        for (final Class<?> c : COMMANDS) {
            if (named == null || c == named) {
                cl.addSubcommand(c);
            }
        }
        Converters.register(cl);
        return cl;
    }

    /**
     * Runs a command line and returns its exit status (no System.exit: tests call this).
     *
     * @param out  stdout
     * @param err  stderr
     * @param args the arguments
     * @return the exit status
     */
    public static int run(final PrintWriter out, final PrintWriter err, final String... args) {
        if (!Main.class.getModule().isNativeAccessEnabled()) {
            err.println("faultline: native access is disabled: run java with --enable-native-access=ALL-UNNAMED"
                    + " (bin/faultline does this)");
            err.flush();
            return INTERNAL;
        }
        final CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(oneLine(Typos.line(ex, cl)));
            return BAD_INPUT;
        });
        cl.setExecutionStrategy(parsed -> {
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
            try {
                OutputPath.check(parsed);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ExecutionException(leaf(parsed), e.getMessage(), e);
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            final boolean ours = ex instanceof IllegalArgumentException || ex instanceof IndexOutOfBoundsException;
            final String path = ours ? null : OutputPath.problem(ex, parsed);
            final boolean bad = ours || path != null;
            final String message = path != null ? path
                    : java.util.Objects.requireNonNullElse(ex.getMessage(), ex.getClass().getName());
            err.println(Typos.name(c) + ": " + (bad ? "" : "internal error: ")
                    + (bad ? oneLine(message) : message));
            if (!bad) {
                ex.printStackTrace(err);
            }
            return bad ? BAD_INPUT : INTERNAL;
        });
        try {
            return cl.execute(args);
        } finally {
            Syscalls.trace(false);
            out.flush();
            err.flush();
        }
    }

    /** A message stays one line even when it quotes a value with a line break in it. */
    private static String oneLine(final String message) {
        return message.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static CommandLine leaf(final CommandLine.ParseResult parsed) {
        CommandLine.ParseResult p = parsed;
        while (p.hasSubcommand()) {
            p = p.subcommand();
        }
        return p.commandSpec().commandLine();
    }

    /**
     * @param args the command line
     */
    public static void main(final String[] args) {
        final PrintWriter out = new PrintWriter(System.out, true);
        final PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }
}
