package dev.faultline.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line's grammar: {@code faultline [COMMAND [SUBCOMMAND]] [OPTION...]}, an option
 * as {@code --name value} or {@code --name=value} (a flag alone), {@code --} ending the options.
 * A value may begin with {@code -} unless it is one of the command's own options (then the
 * value was forgotten). Errors are {@link BadInput}, in the order the words come: an unknown
 * option or command before a missing required option.
 */
final class Parser {
    private Parser() {
    }

    /**
     * @param root the command that {@code args} start at (faultline itself)
     * @param args the words after {@code faultline}
     * @return the command that runs, its options set (given or default); or, when --help or
     *         --version was asked for, the command it was asked of, its options unchecked
     * @throws BadInput the first mistake, naming the command it belongs to
     */
    static Invocation parse(final Command root, final String... args) {
        Command command = root;
        Spec spec = root.spec();
        final List<String> path = new ArrayList<>();
        String name = spec.name();
        Map<Opt, Opt.Given> given = given(spec);
        final List<String> words = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            if (options && a.equals("--")) {
                options = false;
                continue;
            }
            if (options && a.startsWith("-") && a.length() > 1) {
                final int eq = a.indexOf('=');
                final String typed = eq > 0 ? a.substring(0, eq) : a;
                final Opt o = spec.find(typed);
                if (o == null) {
                    throw new BadInput(name, Typos.unknownOption(root, spec, name, typed));
                }
                final Opt.Given g = given.get(o);
                if (o.kind() == Opt.Kind.FLAG) {
                    if (eq > 0) {
                        throw new BadInput(name, "option '" + o.name() + "' should be specified without '"
                                + a.substring(eq + 1) + "' parameter");
                    }
                    read(name, g, null);
                    continue;
                }
                final String value;
                if (eq > 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                    final int veq = value.indexOf('=');
                    if (value.startsWith("-") && spec.find(veq > 0 ? value.substring(0, veq) : value) != null) {
                        throw new BadInput(name, "Expected parameter for option '" + o.name() + "' but found '"
                                + value + "'");
                    }
                } else {
                    throw new BadInput(name, "Missing required parameter for option '" + o.name() + "' ("
                            + o.label() + ")");
                }
                read(name, g, value);
                continue;
            }
            if (spec.hasSubcommands()) {
                if (spec.helpRequested() || spec.versionRequested()) {
                    break; // faultline --help map: the help asked for first
                }
                final Sub sub = subcommand(spec, a);
                if (sub == null) {
                    throw new BadInput(name, Typos.unknownCommand(spec, a));
                }
                command = sub.command();
                spec = sub.spec();
                path.add(a);
                name = String.join(" ", path);
                given = given(spec);
                continue;
            }
            if (spec.wordsLabel() != null) {
                words.add(a);
                continue;
            }
            throw new BadInput(name, "Unmatched argument at index " + i + ": '" + a + "'");
        }
        final Invocation in = new Invocation(name, command, spec, new ArrayList<>(given.values()));
        if (spec.helpRequested() || spec.versionRequested()) {
            return in;
        }
        final List<String> missing = new ArrayList<>();
        for (final Opt.Given g : given.values()) {
            try {
                g.settle();
            } catch (BadInput e) {
                throw new BadInput(name, e.getMessage());
            }
            if (g.opt().isRequired() && !g.matched()) {
                missing.add("'" + g.opt().name() + "=" + g.opt().label() + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInput(name, "Missing required option" + (missing.size() == 1 ? "" : "s") + ": "
                    + String.join(", ", missing));
        }
        if (spec.wordsLabel() != null) {
            spec.acceptWords(words);
        }
        return in;
    }

    /** A subcommand and its declaration. */
    record Sub(Command command, Spec spec) {
    }

    /** @return the subcommand of {@code spec} called {@code word}, or null */
    static Sub subcommand(final Spec spec, final String word) {
        for (final Command c : spec.subcommands()) {
            final Spec s = c.spec();
            if (s.name().equals(word)) {
                return new Sub(c, s);
            }
        }
        return null;
    }

    private static Map<Opt, Opt.Given> given(final Spec spec) {
        final Map<Opt, Opt.Given> m = new LinkedHashMap<>();
        for (final Opt o : spec.options()) {
            m.put(o, new Opt.Given(o));
        }
        return m;
    }

    private static void read(final String name, final Opt.Given g, final String value) {
        try {
            g.read(value);
        } catch (BadInput e) {
            throw new BadInput(name, e.getMessage());
        }
    }
}
