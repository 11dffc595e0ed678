package dev.faultline.cli;

import dev.faultline.sys.Syscalls;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code faultline COMMAND [options]}: the command-line contract of docs/design.md#command-line.
 * Exit 0 on success, 2 on bad input (one line on stderr, no stack trace), 1 on an internal failure.
 */
public final class Main implements Command {
    /** The program's name, first word of every usage line. */
    static final String NAME = "faultline";
    /** What --version prints. */
    static final String VERSION = "faultline 0.1.0";

    /**
     * The commands, in the order help lists them. A start makes and declares only the ones up to
     * the command named (help and typos see them all).
     */
    static final List<Supplier<Command>> COMMANDS = List.of(MapCommand::new, CopyCommand::new, ProbeCommand::new,
            LoopCommand::new, MatrixCommand::new, DemoCommand::new, RaceCommand::new, OracleCommand::new,
            ScanCommand::new, LivenessCommand::new, MteCommand::new, BoardReportCommand::new, HelpCommand::new);

    /** Exit status for bad input. */
    static final int BAD_INPUT = 2;
    /** Exit status for an internal failure. */
    static final int INTERNAL = 1;

    @Override
    public Spec spec() {
        final Spec s = new Spec(NAME, "Runs the fault_in_*() argument of October 2021 against the real kernel.");
        COMMANDS.forEach(s::subcommand);
        return s;
    }

    @Override
    public int call(final Invocation in) {
        throw new BadInput("missing command: map, copy, probe, loop, matrix, demo, race, oracle, scan, liveness, mte, board-report or help");
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
        Invocation in = null;
        try {
            in = Parser.parse(new Main(), args).printTo(out, err);
            if (in.spec().helpRequested()) {
                out.print(Usage.of(in.name(), in.spec()));
                return 0;
            }
            if (in.spec().versionRequested()) {
                out.println(Build.versionLine());
                return 0;
            }
            OutputPath.check(in);
            return in.command().call(in);
        } catch (BadInput e) {
            final String name = e.command() != null ? e.command() : in != null ? in.name() : NAME;
            err.println(name + ": " + oneLine(e.getMessage()) + " (see --help)");
            return BAD_INPUT;
        } catch (Exception ex) {
            final String name = in != null ? in.name() : NAME;
            final boolean ours = ex instanceof IllegalArgumentException || ex instanceof IndexOutOfBoundsException;
            final String path = ours || in == null ? null : OutputPath.problem(ex, in);
            final boolean bad = ours || path != null;
            final String message = path != null ? path : Objects.requireNonNullElse(ex.getMessage(), ex.getClass().getName());
            err.println(name + ": " + (bad ? oneLine(message) : "internal error: " + message));
            if (!bad) {
                ex.printStackTrace(err);
            }
            return bad ? BAD_INPUT : INTERNAL;
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

    /**
     * Runs the command line and exits with its status. Status 0 returns from main instead of
     * calling System.exit: the JVM ends with main (every thread Faultline starts is a daemon, and
     * shutdown hooks run either way), and Runtime.exit's debug logging (JDK 21+) would look its
     * System.Logger up first, a service scan of the class path's jars: a sixth of {@code mte
     * status}'s start (bench/startup).
     *
     * @param args the command line
     */
    public static void main(final String[] args) {
        final PrintWriter out = new PrintWriter(System.out, true);
        final PrintWriter err = new PrintWriter(System.err, true);
        final int status = run(out, err, args);
        if (status != 0) {
            System.exit(status);
        }
    }
}
