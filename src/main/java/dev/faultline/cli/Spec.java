package dev.faultline.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A command's declaration: its name, what it does, its options (in --help's order), and its
 * subcommands or its words. Every command takes {@code -h/--help} and {@code -V/--version}.
 * Built by {@link Command#spec} with the options bound to the command's fields, e.g.
 * {@code s.whole("--seed", v -> seed = v).label("S").byDefault("1")}.
 */
final class Spec {
    private final String name;
    private final String description;
    private final List<Opt> options = new ArrayList<>();
    private final List<Supplier<? extends Command>> subcommands = new ArrayList<>();
    private String wordsLabel;
    private Consumer<List<String>> words;
    private final Opt helpOption;
    private final Opt versionOption;
    private boolean help;
    private boolean version;

    /**
     * @param name        the command's name as typed
     * @param description one sentence for --help
     */
    Spec(final String name, final String description) {
        this.name = name;
        this.description = description;
        this.helpOption = new Opt("--help", "-h", Opt.Kind.FLAG, Boolean.class, Boolean::valueOf, v -> help = true)
                .describe("Show this help message and exit.");
        this.versionOption = new Opt("--version", "-V", Opt.Kind.FLAG, Boolean.class, Boolean::valueOf,
                v -> version = true).describe("Print version information and exit.");
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    /** @return the options, --help and --version last */
    List<Opt> options() {
        final List<Opt> all = new ArrayList<>(options);
        all.add(helpOption);
        all.add(versionOption);
        return Collections.unmodifiableList(all);
    }

    /** @return whether the parsed command line asked for --help */
    boolean helpRequested() {
        return help;
    }

    /** @return whether the parsed command line asked for --version */
    boolean versionRequested() {
        return version;
    }

    /** @return the option {@code typed} names (its long or short name, without {@code =VALUE}), or null */
    Opt find(final String typed) {
        for (final Opt o : options()) {
            if (o.named(typed)) {
                return o;
            }
        }
        return null;
    }

    /** @return new instances of the subcommands, in --help's order; none for a leaf command */
    List<Command> subcommands() {
        return subcommands.stream().<Command>map(Supplier::get).toList();
    }

    boolean hasSubcommands() {
        return !subcommands.isEmpty();
    }

    /** @param factory a subcommand, made when it is named */
    void subcommand(final Supplier<? extends Command> factory) {
        subcommands.add(factory);
    }

    /**
     * Lets the command take words that are neither options nor subcommands.
     *
     * @param label  their name in --help
     * @param setter receives them, in order (an empty list when there are none)
     */
    void words(final String label, final Consumer<List<String>> setter) {
        this.wordsLabel = label;
        this.words = setter;
    }

    /** @return the label of the command's words, or null when it takes none */
    String wordsLabel() {
        return wordsLabel;
    }

    /** Hands the words to the command ({@link #words}). */
    void acceptWords(final List<String> given) {
        words.accept(List.copyOf(given));
    }

    /** @return a flag: true when given */
    Opt flag(final String option, final Consumer<Boolean> setter) {
        return add(new Opt(option, null, Opt.Kind.FLAG, Boolean.class, Boolean::valueOf, v -> setter.accept((Boolean) v)));
    }

    /** @return an option whose value is any text */
    Opt string(final String option, final Consumer<String> setter) {
        return one(option, String.class, Function.identity(), setter);
    }

    /** @return an option whose value is a whole number in the range of a long */
    Opt whole(final String option, final Consumer<Long> setter) {
        return one(option, Long.class, Converters::whole, setter);
    }

    /** @return an option whose value is a whole number in the range of an int */
    Opt integer(final String option, final Consumer<Integer> setter) {
        return one(option, Integer.class, Converters::integer, setter);
    }

    /** @return an option whose value is a finite decimal number */
    Opt decimal(final String option, final Consumer<Double> setter) {
        return one(option, Double.class, Converters::decimal, setter);
    }

    /** @return an option whose value is a path Faultline writes: label it {@link OutputPath#FILE} or DIR */
    Opt path(final String option, final Consumer<Path> setter) {
        return one(option, Path.class, Converters::path, setter);
    }

    /** @return an option whose value is a comma-separated list of words; it may be repeated */
    @SuppressWarnings("unchecked")
    Opt list(final String option, final Consumer<List<String>> setter) {
        return add(new Opt(option, null, Opt.Kind.LIST, List.class, Function.identity(),
                v -> setter.accept((List<String>) v)));
    }

    private <T> Opt one(final String option, final Class<T> type, final Function<String, T> convert,
                        final Consumer<T> setter) {
        return add(new Opt(option, null, Opt.Kind.ONE, type, convert, v -> setter.accept(type.cast(v))));
    }

    private Opt add(final Opt o) {
        for (final Opt other : options) {
            if (other.name().equals(o.name())) {
                throw new IllegalStateException(name + " declares " + o.name() + " twice");
            }
        }
        options.add(o);
        return o;
    }
}
