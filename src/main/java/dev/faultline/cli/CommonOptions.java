package dev.faultline.cli;

import dev.faultline.report.Json;
import dev.faultline.memory.Backing;
import dev.faultline.sys.Syscalls;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Map;

/** Options every command takes. */
final class CommonOptions {
    @Option(names = "--json", description = "print exactly one JSON object on stdout")
    boolean json;

    @Option(names = "--backing", defaultValue = "anon", description = "anon (default), shared or memfd")
    String backing;

    @Option(names = "--trace", description = "log every syscall with its arguments and result (stderr)")
    void trace(final boolean on) {
        Syscalls.trace(on);
    }

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    Backing backing() {
        return Backing.of(backing);
    }

    /** Prints the object as JSON when --json, else the text. */
    void print(final PrintWriter out, final Map<String, Object> object, final String text) {
        out.println(json ? Json.write(object) : text);
    }
}
