package dev.faultline.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A command's --help: the usage line, what it does, every option with its valid words and
 * default, and its subcommands. Lines wrap at {@link #WIDTH} columns, at spaces.
 */
final class Usage {
    /** Columns of the help text. */
    static final int WIDTH = 80;
    /** Widest option column before a description moves to its own line. */
    private static final int OPTION_COLUMN = 28;

    private Usage() {
    }

    /**
     * @param name the command as typed after {@code faultline} ("mte status"), or "faultline"
     * @param spec its declaration
     * @return the help text, ending with a newline
     */
    static String of(final String name, final Spec spec) {
        final StringBuilder b = new StringBuilder();
        final String command = name.equals(Main.NAME) ? Main.NAME : Main.NAME + " " + name;
        final List<String> synopsis = new ArrayList<>();
        synopsis.add("[-hV]");
        for (final Opt o : spec.options()) {
            if (o.shortName() == null) {
                synopsis.add(o.isRequired() ? spelling(o) : "[" + spelling(o) + "]");
            }
        }
        if (spec.hasSubcommands()) {
            synopsis.add("[COMMAND]");
        }
        if (spec.wordsLabel() != null) {
            synopsis.add("[" + spec.wordsLabel() + "...]");
        }
        wrap(b, "Usage: " + command + " ", synopsis, ("Usage: " + command + " ").length());
        wrap(b, "", List.of(spec.description().split(" ")), 0);
        final List<String[]> rows = new ArrayList<>();
        for (final Opt o : spec.options()) {
            rows.add(new String[] {(o.shortName() != null ? "  " + o.shortName() + ", " : "      ") + spelling(o),
                text(o)});
        }
        table(b, rows);
        if (spec.hasSubcommands()) {
            b.append("Commands:\n");
            final List<String[]> commands = new ArrayList<>();
            for (final Command c : spec.subcommands()) {
                final Spec s = c.spec();
                commands.add(new String[] {"  " + s.name(), s.description()});
            }
            table(b, commands);
        }
        return b.toString();
    }

    /** @return how the option is typed: {@code --layout=<layout>}, {@code --json}, {@code --loops=<loops>[,<loops>...]} */
    static String spelling(final Opt o) {
        return switch (o.kind()) {
            case FLAG -> o.name();
            case ONE -> o.name() + "=" + o.label();
            case LIST -> o.name() + "=" + o.label() + "[," + o.label() + "...]";
        };
    }

    /** @return the option's description with its words and default filled in */
    static String text(final Opt o) {
        String d = o.description();
        if (o.defaultValue() != null) {
            d = d.replace("${DEFAULT-VALUE}", o.defaultValue());
        }
        if (o.words() != null) {
            d = d.replace("${COMPLETION-CANDIDATES}", String.join(", ", o.words()));
        }
        return d;
    }

    private static void table(final StringBuilder b, final List<String[]> rows) {
        int column = 0;
        for (final String[] r : rows) {
            if (r[0].length() <= OPTION_COLUMN) {
                column = Math.max(column, r[0].length());
            }
        }
        final int indent = column + 2;
        for (final String[] r : rows) {
            final String left = r[0].length() <= column ? r[0] + " ".repeat(indent - r[0].length()) : r[0];
            if (left.length() > indent) {
                b.append(left).append('\n');
                wrap(b, " ".repeat(indent), List.of(r[1].split(" ")), indent);
            } else {
                wrap(b, left, List.of(r[1].split(" ")), indent);
            }
        }
    }

    /** Appends {@code first} and the words, wrapped at {@link #WIDTH}, continuation lines indented. */
    private static void wrap(final StringBuilder b, final String first, final List<String> words, final int indent) {
        final StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (final String w : words) {
            if (!empty && line.length() + 1 + w.length() > WIDTH) {
                b.append(line.toString().stripTrailing()).append('\n');
                line.setLength(0);
                line.append(" ".repeat(indent));
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(w);
            empty = false;
        }
        b.append(line.toString().stripTrailing()).append('\n');
    }
}
