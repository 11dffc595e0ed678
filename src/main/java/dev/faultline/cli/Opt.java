package dev.faultline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One option of a command: how it is spelt and shown in --help, and where its value goes.
 * Declared by {@link Spec}'s typed methods ({@code flag}, {@code string}, {@code whole}, ...),
 * then shaped with {@link #required()}, {@link #label}, {@link #byDefault}, {@link #words} and
 * {@link #describe}. A description may say {@code ${DEFAULT-VALUE}} and
 * {@code ${COMPLETION-CANDIDATES}}; --help fills them in.
 *
 * <p>The value is set once per parse: a converted value the moment it is read, the default
 * after the whole command line was read (when the option was not given). A list option
 * ({@link Kind#LIST}) splits its values at commas and gathers every occurrence.
 */
final class Opt {
    /** How many values an option takes. */
    enum Kind {
        /** None: given means true. */
        FLAG,
        /** One, once. */
        ONE,
        /** A comma-separated list; the option may be repeated. */
        LIST
    }

    private final String name;
    private final String shortName;
    private final Kind kind;
    private final Class<?> type;
    private final Function<String, ?> convert;
    private final Consumer<Object> setter;
    private String label;
    private String description = "";
    private String defaultValue;
    private boolean required;
    private Supplier<List<String>> words;

    /**
     * @param name      {@code --WORD}
     * @param shortName {@code -L}, or null
     * @param kind      how many values
     * @param type      the type of the value the setter receives
     * @param convert   text to value (for a list: one element); throws IllegalArgumentException
     * @param setter    receives the value
     */
    Opt(final String name, final String shortName, final Kind kind, final Class<?> type,
        final Function<String, ?> convert, final Consumer<Object> setter) {
        if (!name.startsWith("--") || name.length() < 3) {
            throw new IllegalArgumentException("an option's name is --WORD: " + name);
        }
        this.name = name;
        this.shortName = shortName;
        this.kind = Objects.requireNonNull(kind);
        this.type = Objects.requireNonNull(type);
        this.convert = Objects.requireNonNull(convert);
        this.setter = Objects.requireNonNull(setter);
        this.label = "<" + name.substring(2) + ">";
    }

    /** @return the option is needed on every command line of its command */
    Opt required() {
        this.required = true;
        return this;
    }

    /** @param text the value's name in --help and in messages (FILE, DIR, N); default {@code <name>} */
    Opt label(final String text) {
        this.label = text;
        return this;
    }

    /** @param value the value when the option is not given, as it would be typed */
    Opt byDefault(final String value) {
        this.defaultValue = value;
        return this;
    }

    /**
     * @param valid the valid words, for --help and {@code ${COMPLETION-CANDIDATES}}; asked for only
     *              there (a command's start does not load what knows them)
     */
    Opt words(final Supplier<List<String>> valid) {
        this.words = valid;
        return this;
    }

    /** @param text one sentence for --help */
    Opt describe(final String text) {
        this.description = text;
        return this;
    }

    String name() {
        return name;
    }

    /** @return the one-letter spelling ({@code -h}), or null */
    String shortName() {
        return shortName;
    }

    Kind kind() {
        return kind;
    }

    /** @return the value's type: Boolean, String, Integer, Long, Double, Path or List */
    Class<?> type() {
        return type;
    }

    String label() {
        return label;
    }

    String description() {
        return description;
    }

    /** @return the default as typed, or null */
    String defaultValue() {
        return defaultValue;
    }

    boolean isRequired() {
        return required;
    }

    /** @return the valid words, or null when the option takes any value */
    List<String> words() {
        return words == null ? null : List.copyOf(words.get());
    }

    /** @return whether {@code typed} (without any {@code =VALUE}) names this option */
    boolean named(final String typed) {
        return name.equals(typed) || typed.equals(shortName);
    }

    /** The parsed state of one option on one command line. */
    static final class Given {
        private final Opt opt;
        private boolean matched;
        private Object value;
        private final List<String> list = new ArrayList<>();

        Given(final Opt opt) {
            this.opt = opt;
        }

        Opt opt() {
            return opt;
        }

        /** @return the option was on the command line */
        boolean matched() {
            return matched;
        }

        /** @return the value set (given or the default), or null */
        Object value() {
            return value;
        }

        /**
         * Reads one occurrence.
         *
         * @param text the value typed, null for a flag
         * @throws BadInput when the value does not convert, or a single option comes twice
         */
        void read(final String text) {
            if (matched && opt.kind != Kind.LIST) {
                throw new BadInput("option '" + opt.name + "' (" + opt.label + ") should be specified only once");
            }
            matched = true;
            if (opt.kind == Kind.FLAG) {
                set(Boolean.TRUE);
            } else if (opt.kind == Kind.LIST) {
                list.addAll(split(text, "option '" + opt.name + "'"));
                set(List.copyOf(list));
            } else {
                set(convert(text, "option '" + opt.name + "'"));
            }
        }

        /** Sets the default when the option was not given. */
        void settle() {
            if (!matched && opt.defaultValue != null) {
                set(opt.kind == Kind.LIST ? split(opt.defaultValue, "default of '" + opt.name + "'")
                        : convert(opt.defaultValue, "default of '" + opt.name + "'"));
            }
        }

        private List<String> split(final String text, final String what) {
            final List<String> out = new ArrayList<>();
            for (final String part : text.split(",", -1)) {
                out.add((String) convert(part, what));
            }
            return out;
        }

        private Object convert(final String text, final String what) {
            try {
                return opt.convert.apply(text);
            } catch (IllegalArgumentException e) {
                throw new BadInput("Invalid value for " + what + ": " + e.getMessage());
            }
        }

        private void set(final Object v) {
            value = v;
            opt.setter.accept(v);
        }
    }
}
