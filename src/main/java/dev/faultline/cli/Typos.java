package dev.faultline.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The words of a parse error: an unknown option or command with the closest valid spelling
 * (one or two edits, or a unique prefix), or else the commands that do take the option.
 */
final class Typos {
    private Typos() {
    }

    /**
     * @param root  the command line's root, to find which commands take {@code typed}
     * @param spec  the command {@code typed} was given to
     * @param name  that command as typed after {@code faultline} ("mte status")
     * @param typed the option as typed, without {@code =VALUE}
     * @return the message, without the command's name
     */
    static String unknownOption(final Command root, final Spec spec, final String name, final String typed) {
        final List<String> names = new ArrayList<>();
        for (final Opt o : spec.options()) {
            names.add(o.name());
            if (o.shortName() != null) {
                names.add(o.shortName());
            }
        }
        final String close = closest(typed, names);
        if (close != null) {
            return "Unknown option: '" + typed + "'; did you mean '" + close + "'?";
        }
        final List<String> others = new ArrayList<>();
        takers(root.spec(), "", typed, name, others);
        return "Unknown option: '" + typed + "'" + (others.isEmpty() ? ""
                : "; " + String.join(" and ", others) + (others.size() == 1 ? " takes" : " take") + " it, not "
                + name);
    }

    /** Adds to {@code out} every command below {@code parent} (as typed) other than {@code not} that takes {@code option}. */
    private static void takers(final Spec parent, final String prefix, final String option, final String not,
                               final List<String> out) {
        for (final Command c : parent.subcommands()) {
            final Spec s = c.spec();
            final String name = prefix + s.name();
            if (!name.equals(not) && s.find(option) != null) {
                out.add(name);
            }
            takers(s, name + " ", option, not, out);
        }
    }

    /**
     * @param spec  the command whose subcommand was typed
     * @param typed the word
     * @return the message, without the command's name
     */
    static String unknownCommand(final Spec spec, final String typed) {
        final List<String> names = spec.subcommands().stream().map(c -> c.spec().name()).toList();
        final String close = closest(typed, names);
        return "Unknown command: '" + typed + "'; " + (close != null ? "did you mean '" + close + "'?"
                : "commands: " + String.join(", ", names));
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
