package dev.faultline.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * The training run behind bin/faultline's start-up archive (bin/lib/jdk.sh): a few cheap
 * commands in one JVM, their output discarded, so the JDK 25 AOT cache (or the dynamic CDS
 * archive on JDK 22-24) holds what every start needs: a command's declaration and parse, the
 * libc bindings, a small region. Not a user command; nothing is written to disk.
 */
final class StartupTraining {
    /** The command lines run, in order. */
    static final List<List<String>> COMMANDS = List.of(
            List.of("mte", "status"),
            List.of("mte", "status", "--json"),
            List.of("map", "--layout", "rw,none"),
            List.of("probe", "--layout", "rw,none", "--access", "read", "--strategy", "page"));

    private StartupTraining() {
    }

    /**
     * Runs {@link #COMMANDS}, then ends like {@link Main#main}: by returning, or exit 1 when one of them fails.
     *
     * @param args ignored
     */
    public static void main(final String[] args) {
        final PrintWriter sink = new PrintWriter(Writer.nullWriter());
        for (final List<String> command : COMMANDS) {
            final int status = Main.run(sink, sink, command.toArray(String[]::new));
            if (status != 0) {
                System.err.println("training: exit " + status + " from " + String.join(" ", command));
                System.exit(1);
            }
        }
        // as Main does on success: return, no System.exit
    }
}
