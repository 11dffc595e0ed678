package dev.faultline.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The command grammar, fuzzed (issue 16): every command with its options, valid and invalid
 * values, paths that are files, directories, missing, uncreatable or empty, typos and stray
 * words, run in-process. Every line ends with exit 0 or 2, never 1; no stack trace and no
 * exception name on stderr; exit 2 is exactly one stderr line; none hangs. The slow commands
 * (matrix, demo, oracle) always carry one mistake that is caught before any work, race and
 * liveness get tiny sizes, loop a small --max-rounds. {@code --trace} is left out: in-process
 * it would log to the build's stderr.
 */
class CommandFuzzProperties {
    /** Command lines per run; docs/commands.md quotes it. */
    static final int TRIES = 5000;
    private static final long TIMEOUT_SECONDS = 20;

    private static final Path TMP;
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        final Thread t = new Thread(r, "fuzz-command");
        t.setDaemon(true);
        return t;
    });
    private static final AtomicInteger RAN = new AtomicInteger();
    private static final AtomicInteger OK = new AtomicInteger();
    private static final AtomicInteger BAD = new AtomicInteger();

    static {
        try {
            TMP = Files.createTempDirectory("faultline-fuzz");
            Files.writeString(TMP.resolve("file"), "x");
            Files.createDirectories(TMP.resolve("dir"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void everyCommandLineExitsZeroOrTwoInOneLine(@ForAll("commandLines") final List<String> args) throws Exception {
        final Future<Cli> run = RUNNER.submit(() -> Cli.run(args.toArray(String[]::new)));
        final Cli c;
        try {
            c = run.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fail("no answer after " + TIMEOUT_SECONDS + " s: " + args);
            return;
        }
        RAN.incrementAndGet();

        (c.status() == 0 ? OK : BAD).incrementAndGet();
        final String what = args + " -> " + c.status() + "\n" + c.err();
        assertTrue(c.status() == 0 || c.status() == 2, what);
        assertFalse(c.err().contains("\tat ") || c.err().contains("Exception"), what);
        if (c.status() == 2) {
            assertEquals(1, c.err().lines().count(), what);
        }
    }

    @Example
    void theReadmeQuotesTheCount() throws IOException {
        SourceTree.assume();
        assertTrue(Files.readString(Path.of("docs/commands.md")).contains(String.format(Locale.ENGLISH, "%,d command lines", TRIES)),
                "docs/commands.md says how many command lines the fuzz test runs");
    }

    @AfterContainer
    static void ranEnoughOfBoth() throws IOException {
        RUNNER.shutdownNow();
        try (Stream<Path> s = Files.walk(TMP)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertTrue(RAN.get() >= TRIES, "command lines run: " + RAN.get());
        assertTrue(OK.get() >= TRIES / 10 && BAD.get() >= TRIES / 10,
                "a mix of good and bad lines: exit 0 " + OK.get() + ", exit 2 " + BAD.get());
    }

    // ---- values ------------------------------------------------------------------------------

    /** Strings that break parsers: empty, blanks, line breaks, other scripts' digits, NUL. */
    static Arbitrary<String> junk() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "-", "--", "x", "\n", "a\nb", "\uFF12", "\u0663", "1\u0000", "NaN", "-0",
                        "Infinity", "0x10", "1e3", "9223372036854775808", "-9223372036854775809", "2147483648",
                        "\u00e9t\u00e9", "rw", "--json", "'", "\"", "%n", "${DEFAULT-VALUE}", "*", ","),
                Arbitraries.strings().ofMaxLength(6));
    }

    /** Mostly one of {@code valid}, sometimes a near miss or junk. */
    static Arbitrary<String> word(final String... valid) {
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.of(valid)),
                Tuple.of(1, Arbitraries.of(valid).map(String::toUpperCase)),
                Tuple.of(1, Arbitraries.of(valid).map(w -> w.substring(0, w.length() - 1))),
                Tuple.of(1, junk()));
    }

    static Arbitrary<String> number(final long min, final long max) {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.longs().between(min, max).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("-1", "0", "4095", "4097", "65536", "2147483647", "-2147483648",
                        "9223372036854775807", "-9223372036854775808").map(String::valueOf)),
                Tuple.of(1, junk()));
    }

    /** A count that sizes the work (runs, layouts, rounds): valid ones small, invalid ones any. */
    static Arbitrary<String> count(final int max) {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.integers().between(1, max).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("0", "-1", "-2147483648", "2147483648", "9223372036854775808")),
                Tuple.of(1, junk().filter(j -> !j.trim().matches("[+-]?[0-9]+"))));
    }

    static Arbitrary<String> decimal() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of("0", "0.0", "0.25", "0.5", "1", "1.0", ".5", "5e-1")),
                Tuple.of(1, Arbitraries.of("-0.1", "1.5", "1e999", "-1e999", "1e-999", "0.5d", "0x1p-1")),
                Tuple.of(1, junk()));
    }

    static Arbitrary<String> layout() {
        final Arbitrary<String> entry = Combinators.combine(
                Arbitraries.of("rw", "ro", "wo", "none", "hole", "guard", "zap"),
                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")),
                        Tuple.of(2, Arbitraries.integers().between(1, 3).map(n -> "*" + n))))
                .as((k, n) -> k + n);
        return Arbitraries.frequencyOf(
                Tuple.of(16, entry.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(",", l))),
                Tuple.of(2, Arbitraries.of("rw~16+16", "rw*0", "rw*\uFF12", "rw,,rw", "rw*300000", "rx", "rw*-1",
                        "rw~8+16", "none~16+16", "rw*99999999999999999999", " rw , none ", "RW", "rw*", "rw~16",
                        "rw*262144,rw")),
                Tuple.of(1, junk()));
    }

    /** Paths: files, directories, missing, missing parents, uncreatable, empty, devices. */
    static Arbitrary<String> path() {
        return Arbitraries.of(
                TMP.resolve("file").toString(), TMP.resolve("dir").toString(), TMP.toString(),
                TMP.resolve("dir/new").toString(), TMP.resolve("dir/new.svg").toString(),
                TMP.resolve("missing/x").toString(), TMP.resolve("file/x").toString(), "", " ",
                "/proc/faultline-fuzz", "/proc/faultline-fuzz/x", "/sys/faultline-fuzz", "/dev/null", "/",
                TMP.resolve("dir with space").toString(), TMP + "/a\u0000b");
    }

    // ---- options -----------------------------------------------------------------------------

    /** One option and its value as arguments: --name value, sometimes --name=value. */
    static Arbitrary<List<String>> option(final String name, final Arbitrary<String> value) {
        return Arbitraries.frequencyOf(
                Tuple.of(10, value.map(v -> List.of(name, v))),
                Tuple.of(2, value.map(v -> List.of(name + "=" + v))),
                Tuple.of(1, Arbitraries.just(List.of(name))));
    }

    /**
     * A path option: never without its value, so that a stray word after it cannot become a
     * file or directory in the build's working directory.
     */
    static Arbitrary<List<String>> pathOption(final String name) {
        return Arbitraries.frequencyOf(
                Tuple.of(5, path().map(v -> List.of(name, v))),
                Tuple.of(1, path().map(v -> List.of(name + "=" + v))));
    }

    static Arbitrary<List<String>> flag(final String name) {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(List.of(name))),
                Tuple.of(1, Arbitraries.of("true", "false", "maybe", "").map(v -> List.of(name + "=" + v))));
    }

    static List<Arbitrary<List<String>>> common() {
        return List.of(flag("--json"), flag("--quiet"), option("--backing", word("anon", "shared", "memfd")));
    }

    static List<Arbitrary<List<String>>> region() {
        // --probe with a valid name would change the process's probe mechanism for later tests
        return List.of(option("--offset", number(0, 3 * 4096)), option("--size", number(0, 3 * 4096)),
                flag("--untouched"), option("--probe", Arbitraries.oneOf(Arbitraries.of("pipe", "ZERO-FD", "memf"),
                        junk())));
    }

    static List<Arbitrary<List<String>>> loopOptions() {
        return List.of(option("--block", word("512", "4096", "8192", "1000", "0", "-4096")),
                option("--record", number(0, 5000)),
                option("--kernel", word("current", "5.19-6.14", "5.16-5.18", "pre-5.16", "gup-bug-2022")),
                option("--copy", word("nofault", "uaccess", "vm")));
    }

    static final Arbitrary<String> STRATEGY = word("first-byte", "page", "granule", "gup", "gup+first-byte");
    static final Arbitrary<String> LOOP = word("perform-write", "btrfs-search", "dio", "gfs2-read", "ext4-dio", "btrfs-dio");
    static final Arbitrary<String> BAIL = Arbitraries.frequencyOf(
            Tuple.of(4, word("both-fail", "second-fault", "after-1", "after-3")),
            Tuple.of(1, Arbitraries.of("after-0", "after--1", "after-x", "after-\uFF13", "after-", "after-99999999999",
                    "AFTER-2")));

    /**
     * A command line: the command, the options it needs for a quick run (each value valid or
     * not), a random subset of the others, sometimes a stray word; all in a random order.
     */
    static Arbitrary<List<String>> line(final List<String> command, final List<Arbitrary<List<String>>> needed,
                                        final List<Arbitrary<List<String>>> optional,
                                        final List<Arbitrary<List<String>>> poison) {
        final Arbitrary<List<List<String>>> parts = Arbitraries.subsetOf(optional).flatMap(chosen -> {
            final List<Arbitrary<List<String>>> all = new ArrayList<>(needed);
            all.addAll(chosen);
            if (!poison.isEmpty()) {
                all.add(Arbitraries.oneOf(poison));
            }
            all.add(noise());
            return Combinators.combine(all).as(l -> l);
        });
        return parts.flatMap(Arbitraries::shuffle).map(groups -> {
            final List<String> args = new ArrayList<>(command);
            groups.forEach(args::addAll);
            return args;
        });
    }

    /** Usually nothing; sometimes an unknown option, a typo, a stray word, --help. */
    static Arbitrary<List<String>> noise() {
        return Arbitraries.frequencyOf(
                Tuple.of(16, Arbitraries.just(List.of())),
                Tuple.of(1, Arbitraries.of("--bogus", "--jsn", "--layuot", "--recrod", "--strategy", "-x", "extra", "-",
                        "--", "--help", "-h", "-V", "--version").map(List::of)));
    }

    @SafeVarargs
    static List<Arbitrary<List<String>>> plus(final List<Arbitrary<List<String>>> a, final Arbitrary<List<String>>... b) {
        final List<Arbitrary<List<String>>> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }

    @SafeVarargs
    static List<Arbitrary<List<String>>> concat(final List<Arbitrary<List<String>>>... lists) {
        final List<Arbitrary<List<String>>> all = new ArrayList<>();
        for (final List<Arbitrary<List<String>>> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    /** Mistakes caught before matrix, demo or oracle do any work. */
    static List<Arbitrary<List<String>>> poison(final String... kinds) {
        final List<Arbitrary<List<String>>> p = new ArrayList<>();
        p.add(Arbitraries.of("--bogus", "--jsn", "--layout", "--strategy", "extra").map(List::of));
        p.add(Arbitraries.of("tmpfs", "", "ANONX").map(v -> List.of("--backing", v)));
        for (final String k : kinds) {
            switch (k) {
                case "loop" -> {
                    p.add(Arbitraries.of("bogus", "", "5.10").map(v -> List.of("--kernel", v)));
                    p.add(Arbitraries.of("0", "-1").map(v -> List.of("--max-rounds", v)));
                    p.add(Arbitraries.of("1000", "0", "-512").map(v -> List.of("--block", v)));
                    p.add(Arbitraries.of("pipe", "").map(v -> List.of("--copy", v)));
                }
                case "out" -> p.add(Arbitraries.of(TMP.resolve("file").toString(), TMP.resolve("missing/x").toString(),
                        TMP.resolve("file/x").toString(), "", "/proc/faultline-fuzz").map(v -> List.of("--out", v)));
                case "dir" -> p.add(Arbitraries.of(TMP.resolve("file").toString(), TMP.resolve("missing/x").toString(),
                        "", "/proc/faultline-fuzz").map(v -> List.of("--dir", v)));
                case "format" -> {
                    p.add(Arbitraries.of("yaml", "", "TABLE").map(v -> List.of("--format", v)));
                    p.add(Arbitraries.of("table", "markdown").map(v -> List.of("--json", "--format", v)));
                }
                case "oracle" -> p.add(Arbitraries.of("ext4", "", "perform-write,bogus").map(v -> List.of("--loops", v)));
                default -> throw new IllegalArgumentException(k);
            }
        }
        return p;
    }

    @Provide
    Arbitrary<List<String>> commandLines() {
        final List<Arbitrary<List<String>>> none = List.of();
        final Arbitrary<List<String>> map = line(List.of("map"), List.of(option("--layout", layout())),
                plus(common(), pathOption("--svg")), none);
        final Arbitrary<List<String>> copy = line(List.of("copy"),
                List.of(option("--layout", layout()), option("--dir", word("from-user", "to-user"))),
                concat(common(), region(), List.of(option("--via", word("vm", "uaccess", "nofault")))), none);
        final Arbitrary<List<String>> probe = line(List.of("probe"),
                List.of(option("--layout", layout()), option("--access", word("read", "write")),
                        option("--strategy", STRATEGY)),
                concat(common(), region(), List.of(option("--kernel", word("current", "5.19-6.14", "5.16-5.18", "pre-5.16", "gup-bug-2022")),
                        option("--impl", word("faithful", "batched", "bulk")))), none);
        final Arbitrary<List<String>> loop = line(List.of("loop"),
                List.of(option("--layout", layout()), option("--loop", LOOP), option("--strategy", STRATEGY),
                        option("--max-rounds", count(40))),
                concat(common(), region(), loopOptions(), List.of(
                        option("--inject", word("zap", "pageout", "mprotect")), option("--rate", decimal()),
                        option("--seed", number(Long.MIN_VALUE, Long.MAX_VALUE)), option("--bail", BAIL))), none);
        final Arbitrary<List<String>> matrix = line(List.of("matrix"), none,
                concat(common(), loopOptions(), List.of(option("--format", word("table", "markdown", "json", "csv")),
                        pathOption("--out"))), poison("loop", "out", "format"));
        final Arbitrary<List<String>> demo = line(List.of("demo"), none,
                concat(common(), loopOptions(), List.of(pathOption("--out"))), poison("loop", "out"));
        final Arbitrary<List<String>> oracle = line(List.of("oracle"), none,
                concat(common(), List.of(option("--format", word("table", "markdown")), pathOption("--dir"),
                        option("--loops", word("perform-write", "buffered-read", "dio", "btrfs-dio", "btrfs-search", "gfs2-read")))),
                poison("dir", "format", "oracle"));
        final Arbitrary<List<String>> race = line(List.of("race"),
                List.of(option("--loops", LOOP), option("--policies", BAIL),
                        option("--injectors", word("zap", "pageout", "mprotect")), option("--runs", count(2))),
                plus(common(), option("--rate", decimal())), none);
        final Arbitrary<List<String>> liveness = line(List.of("liveness"), List.of(option("--layouts", count(2))),
                plus(common(), option("--seed", number(Long.MIN_VALUE, Long.MAX_VALUE))), none);
        final Arbitrary<List<String>> mte = line(List.of("mte", "status"), none, common(), none);
        final Arbitrary<List<String>> other = Arbitraries.oneOf(
                Arbitraries.of("help", "mte", "mpa", "matirx", "--help", "--version", "-h", "bogus", "", "--json")
                        .map(w -> w.isEmpty() ? List.<String>of() : List.of(w)),
                Arbitraries.of("map", "copy", "probe", "loop", "matrix", "demo", "race", "oracle", "liveness", "mte",
                        "help", "mpa", "", "status").map(w -> List.of("help", w)),
                Arbitraries.of("stauts", "status --help", "--help", "").map(w -> Stream.concat(Stream.of("mte"),
                        Stream.of(w.split(" ")).filter(x -> !x.isEmpty())).toList()));
        return Arbitraries.frequencyOf(
                Tuple.of(4, map), Tuple.of(4, copy), Tuple.of(4, probe), Tuple.of(5, loop), Tuple.of(2, matrix),
                Tuple.of(2, demo), Tuple.of(2, oracle), Tuple.of(2, race), Tuple.of(1, liveness), Tuple.of(1, mte),
                Tuple.of(1, other));
    }
}
