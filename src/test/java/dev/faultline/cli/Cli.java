package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures what it prints. */
record Cli(int status, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Cli run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(status, out.toString(), err.toString());
    }

    /** @return every command as typed after {@code faultline} ("map", "mte status"), in help's order, with its declaration */
    static java.util.Map<String, Spec> commands() {
        final java.util.Map<String, Spec> all = new java.util.LinkedHashMap<>();
        add(new Main().spec(), "", all);
        return all;
    }

    private static void add(final Spec parent, final String prefix, final java.util.Map<String, Spec> all) {
        for (final Command c : parent.subcommands()) {
            final Spec s = c.spec();
            all.put(prefix + s.name(), s);
            add(s, prefix + s.name() + " ", all);
        }
    }

    JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (Exception e) {
            throw new AssertionError("not one JSON object: " + out, e);
        }
    }
}
