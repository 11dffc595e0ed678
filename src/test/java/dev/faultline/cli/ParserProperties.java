package dev.faultline.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The parser against a reference: a {@code loop} command line made of a random subset of its
 * options with random values, in random order, each spelt {@code --name value} or
 * {@code --name=value}, sets every field to the value given, and every other to its
 * declared default. The reference is the map of what was typed; no command runs.
 */
class ParserProperties {
    /** The options drawn, with the values each may take (as typed). */
    private static final Map<String, List<String>> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("--offset", List.of("0", "-1", "4096", "+12", "9223372036854775807"));
        VALUES.put("--size", List.of("1", "0", "-9223372036854775808"));
        VALUES.put("--rate", List.of("0", "0.5", "1e-3", ".25", "-2.5E2"));
        VALUES.put("--seed", List.of("1", "-7", "2021"));
        VALUES.put("--bail", List.of("both-fail", "after-3", "--x", "-"));
        VALUES.put("--svg", List.of("t.svg", "-x", "a b/c.svg"));
        VALUES.put("--max-rounds", List.of("1", "2147483647", "-2147483648"));
        VALUES.put("--kernel", List.of("current", "pre-5.16", ""));
        VALUES.put("--backing", List.of("anon", "memfd"));
        VALUES.put("--json", List.of());
        VALUES.put("--untouched", List.of());
        VALUES.put("--oracle", List.of());
    }

    @Property(tries = 500)
    void everyFieldIsWhatWasTypedOrItsDefault(@ForAll("lines") final Map<String, String> typed,
                                              @ForAll final long order) {
        final List<List<String>> words = new ArrayList<>();
        words.add(List.of("--loop", "dio"));
        words.add(List.of("--strategy", "page"));
        words.add(List.of("--layout", "rw"));
        for (final Map.Entry<String, String> e : typed.entrySet()) {
            if (e.getValue() == null) {
                words.add(List.of(e.getKey()));
            } else if ((e.getKey().hashCode() ^ order) % 2 == 0) {
                words.add(List.of(e.getKey(), e.getValue()));
            } else {
                words.add(List.of(e.getKey() + "=" + e.getValue()));
            }
        }
        Collections.shuffle(words, new Random(order));
        final List<String> args = new ArrayList<>(List.of("loop"));
        words.forEach(args::addAll);
        final LoopCommand c = (LoopCommand) Parser.parse(new Main(), args.toArray(String[]::new)).command();

        assertEquals(Long.parseLong(typed.getOrDefault("--offset", "0")), c.range.offset, args.toString());
        assertEquals(typed.containsKey("--size") ? Long.valueOf(typed.get("--size")) : null, c.range.size);
        assertEquals(Double.parseDouble(typed.getOrDefault("--rate", "0.5")), c.rate);
        assertEquals(Long.parseLong(typed.getOrDefault("--seed", "1")), c.seed);
        assertEquals(typed.getOrDefault("--bail", "both-fail"), c.bail);
        assertEquals(typed.containsKey("--svg") ? Path.of(typed.get("--svg")) : null, c.svg);
        assertEquals(Integer.parseInt(typed.getOrDefault("--max-rounds", "1000")), c.loopOptions.maxRounds);
        assertEquals(typed.getOrDefault("--kernel", "current"), c.loopOptions.kernel);
        assertEquals(typed.getOrDefault("--backing", "anon"), c.common.backing);
        assertEquals(typed.containsKey("--json"), c.common.json);
        assertEquals(typed.containsKey("--untouched"), c.range.untouched);
        assertEquals(typed.containsKey("--oracle"), c.oracle);
        assertEquals("dio", c.loop);
        assertEquals("rw", c.range.layout);
    }

    /** A subset of {@link #VALUES}' options, each with one of its values (null for a flag). */
    @Provide
    Arbitrary<Map<String, String>> lines() {
        final List<Arbitrary<Map.Entry<String, String>>> each = new ArrayList<>();
        for (final Map.Entry<String, List<String>> e : VALUES.entrySet()) {
            final Arbitrary<String> value = e.getValue().isEmpty() ? Arbitraries.just(null)
                    : Arbitraries.of(e.getValue());
            each.add(value.map(v -> new java.util.AbstractMap.SimpleEntry<>(e.getKey(), v)));
        }
        return Combinators.combine(each).as(entries -> entries).flatMap(entries ->
                Arbitraries.of(true, false).list().ofSize(entries.size()).map(keep -> {
                    final Map<String, String> m = new LinkedHashMap<>();
                    for (int i = 0; i < entries.size(); i++) {
                        if (keep.get(i)) {
                            m.put(entries.get(i).getKey(), entries.get(i).getValue());
                        }
                    }
                    return m;
                }));
    }
}
