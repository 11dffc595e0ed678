package dev.faultline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Parse errors as one line, an unknown option or command first, with the closest valid
 * spelling: picocli reports a missing required option before an unknown one ({@code map
 * --layuot rw}) and suggests only options sharing the first two letters.
 */
final class Typos {
    private Typos() {
    }

    /**
     * @param ex   the parse error
     * @param root the command line that parsed
     * @return one line for stderr, without the newline
     */
    static String line(final ParameterException ex, final CommandLine root) {
        final CommandLine c = ex.getCommandLine();
        if (ex.getMessage() != null && ex.getMessage().startsWith("Unknown subcommand '") && ex.getValue() != null) {
            return "help: " + unknownCommand(c, ex.getValue());
        }
        final List<CommandLine> chain = new ArrayList<>();
        for (CommandLine p = c; p != null; p = p.getParent()) {
            chain.addFirst(p);
        }
        for (final CommandLine p : chain) {
            final List<String> unmatched = p.getParseResult() == null ? List.of() : p.getParseResult().unmatched();
            if (!unmatched.isEmpty()) {
                final String first = unmatched.getFirst();
                if (first.startsWith("-") && first.length() > 1) {
                    return name(p) + ": " + unknownOption(p, root, first);
                }
                if (!p.getSubcommands().isEmpty()) {
                    return name(p) + ": " + unknownCommand(p, first);
                }
            }
        }
        return name(c) + ": " + ex.getMessage() + " (see --help)";
    }

    /** @return the command's name as typed after {@code faultline}: map, mte status; faultline itself */
    static String name(final CommandLine c) {
        return c.getParent() == null ? c.getCommandName()
                : c.getCommandSpec().qualifiedName(" ").substring(c.getCommandSpec().root().name().length() + 1);
    }

    private static String unknownOption(final CommandLine c, final CommandLine root, final String typed) {
        final String option = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        final List<String> names = new ArrayList<>();
        for (final OptionSpec o : c.getCommandSpec().options()) {
            if (!o.hidden()) {
                names.addAll(List.of(o.names()));
            }
        }
        final String close = closest(option, names);
        if (close != null) {
            return "Unknown option: '" + option + "'; did you mean '" + close + "'? (see --help)";
        }
        final List<String> others = new ArrayList<>();
        // the root that parsed may hold only the command that ran (Main registers one for start-up time)
        for (final CommandLine other : commands(Main.commandLine())) {
            if (other != c && other.getCommandSpec().findOption(option) != null) {
                others.add(name(other));
            }
        }
        return "Unknown option: '" + option + "'" + (others.isEmpty() ? ""
                : "; " + String.join(" and ", others) + (others.size() == 1 ? " takes" : " take") + " it, not "
                + name(c)) + " (see --help)";
    }

    private static String unknownCommand(final CommandLine c, final String typed) {
        final List<String> names = new ArrayList<>(c.getSubcommands().keySet());
        final String close = closest(typed, names);
        return "Unknown command: '" + typed + "'; " + (close != null ? "did you mean '" + close + "'?"
                : "commands: " + String.join(", ", names)) + " (see --help)";
    }

    private static List<CommandLine> commands(final CommandLine c) {
        final List<CommandLine> all = new ArrayList<>();
        for (final CommandLine s : c.getSubcommands().values()) {
            all.add(s);
            all.addAll(commands(s));
        }
        return all;
    }

    /**
     * @return the valid word closest to {@code typed} (case ignored; ties: the first), if it is
     *         close enough to be a typo: one edit for words up to 5 letters, two above, or a
     *         unique word that {@code typed} begins (3 letters at least)
     */
    static String closest(final String typed, final Collection<String> valid) {
        final String t = typed.toLowerCase(Locale.ROOT);
        final int letters = t.replaceFirst("^-+", "").length();
        final int allowed = letters <= 2 ? 0 : letters <= 5 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        final List<String> prefixed = new ArrayList<>();
        for (final String v : valid) {
            final String w = v.toLowerCase(Locale.ROOT);
            final int d = distance(t, w);
            if (d < bestDistance) {
                best = v;
                bestDistance = d;
            }
            if (letters >= 3 && w.startsWith(t)) {
                prefixed.add(v);
            }
        }
        if (best != null && bestDistance <= allowed) {
            return best;
        }
        return prefixed.size() == 1 ? prefixed.getFirst() : null;
    }

    /** Edit distance with adjacent transpositions (optimal string alignment). */
    static int distance(final String a, final String b) {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
