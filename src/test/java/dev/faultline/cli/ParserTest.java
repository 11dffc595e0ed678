package dev.faultline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line's grammar ({@link Parser}): both spellings of a value, {@code --}, lists
 * gathered across repeats, defaults, and each kind of mistake with its exact words and the
 * command it names. Parsing only: no command runs.
 */
class ParserTest {
    private static Invocation parse(final String... args) {
        return Parser.parse(new Main(), args);
    }

    @Test
    void aValueIsSpeltEitherWay() {
        final LoopCommand a = (LoopCommand) parse("loop", "--loop", "dio", "--strategy", "page", "--layout", "rw",
                "--rate", "0.25", "--seed", "-7", "--svg", "t.svg").command();
        final LoopCommand b = (LoopCommand) parse("loop", "--loop=dio", "--strategy=page", "--layout=rw",
                "--rate=0.25", "--seed=-7", "--svg=t.svg").command();
        for (final LoopCommand c : List.of(a, b)) {
            assertEquals("dio", c.loop);
            assertEquals("page", c.strategy);
            assertEquals("rw", c.range.layout);
            assertEquals(0.25, c.rate);
            assertEquals(-7L, c.seed);
            assertEquals(Path.of("t.svg"), c.svg);
        }
    }

    @Test
    void defaultsFillWhatWasNotGiven() {
        final Invocation in = parse("loop", "--loop", "dio", "--strategy", "page", "--layout", "rw");
        final LoopCommand c = (LoopCommand) in.command();
        assertEquals(0.5, c.rate);
        assertEquals(1L, c.seed);
        assertEquals("both-fail", c.bail);
        assertEquals(0L, c.range.offset);
        assertNull(c.range.size, "--size has no default: the rest of the region");
        assertEquals(dev.faultline.loops.LoopConfig.DEFAULT_BLOCK, c.loopOptions.block);
        assertEquals(1000, c.loopOptions.maxRounds);
        assertEquals("anon", c.common.backing);
        assertFalse(c.common.json);
        assertTrue(in.matched("--loop"));
        assertFalse(in.matched("--rate"), "a default is not a match");
    }

    @Test
    void aListGathersEveryOccurrence() {
        final RaceCommand c = (RaceCommand) parse("race", "--loops", "dio", "--loops=perform-write,gfs2-read")
                .command();
        assertEquals(List.of("dio", "perform-write", "gfs2-read"), c.loops);
        assertEquals(List.of("both-fail", "second-fault", "after-3"), c.policies, "the default, split");
        assertEquals(10, c.runs);
    }

    @Test
    void aValueMayStartWithADashUnlessItIsAnOptionOfTheCommand() {
        assertEquals(Path.of("-x"), ((MapCommand) parse("map", "--layout", "rw", "--svg", "-x").command()).svg);
        assertEquals(-5L, ((CopyCommand) parse("copy", "--layout", "rw", "--dir", "to-user", "--offset", "-5")
                .command()).range.offset);
        final BadInput e = assertThrows(BadInput.class, () -> parse("map", "--svg", "--layout", "rw"));
        assertEquals("map", e.command());
        assertEquals("Expected parameter for option '--svg' but found '--layout'", e.getMessage());
    }

    @Test
    void helpAndVersionSkipTheRequiredOptions() {
        final Invocation help = parse("map", "--help");
        assertTrue(help.spec().helpRequested());
        assertEquals("map", help.name());
        assertTrue(parse("mte", "status", "-V").spec().versionRequested());
        assertEquals("mte status", parse("mte", "status", "-h").name());
        final Invocation root = parse("--help", "map");
        assertEquals(Main.NAME, root.name(), "faultline --help map: the help asked for first");
    }

    @Test
    void helpTakesWords() {
        final HelpCommand h = (HelpCommand) parse("help", "mte", "status").command();
        assertEquals(List.of("mte", "status"), h.words);
        assertEquals(List.of(), ((HelpCommand) parse("help").command()).words);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "map|map|Missing required option: '--layout=<layout>'",
        "loop --layout rw|loop|Missing required option: '--loop=<loop>'",
        "map --layout rw --layout ro|map|option '--layout' (<layout>) should be specified only once",
        "map --layout|map|Missing required parameter for option '--layout' (<layout>)",
        "race --runs|race|Missing required parameter for option '--runs' (N)",
        "map --json=yes --layout rw|map|option '--json' should be specified without 'yes' parameter",
        "map --layout rw extra|map|Unmatched argument at index 3: 'extra'",
        "map -- --layout rw|map|Unmatched argument at index 2: '--layout'",
        "mte status extra|mte status|Unmatched argument at index 2: 'extra'",
        "race --runs=x|race|Invalid value for option '--runs': 'x' is not a whole number",
        "race --loops dio --rate 1e400|race|Invalid value for option '--rate': '1e400' is too large",
        "mpa|faultline|Unknown command: 'mpa'; did you mean 'map'?",
        "mte stat|mte|Unknown command: 'stat'; did you mean 'status'?",
        "mte status --strategy x|mte status|Unknown option: '--strategy'; probe and loop take it, not mte status",
        "--json|faultline|Unknown option: '--json'; map and copy and probe and loop and matrix and demo and race and oracle and scan and liveness and mte status take it, not faultline",
        "probe -x|probe|Unknown option: '-x'",
    })
    void eachMistakeIsOneMessageNamingItsCommand(final String args, final String command, final String message) {
        final BadInput e = assertThrows(BadInput.class, () -> parse(args.split(" ")));
        assertEquals(command, e.command());
        assertEquals(message, e.getMessage());
    }

    /** Every declaration is sound: defaults convert, words are listed, names are --WORD and unique per command. */
    @Test
    void everyDeclarationIsSound() {
        final Map<String, Spec> commands = Cli.commands();
        assertEquals(List.of("map", "copy", "probe", "loop", "matrix", "demo", "race", "oracle", "scan", "liveness", "mte",
                "mte status", "board-report", "help"), List.copyOf(commands.keySet()));
        for (final Map.Entry<String, Spec> c : commands.entrySet()) {
            assertFalse(c.getValue().description().isBlank(), c.getKey());
            for (final Opt o : c.getValue().options()) {
                assertFalse(o.description().isBlank(), c.getKey() + " " + o.name());
                if (o.words() != null) {
                    assertFalse(o.words().isEmpty(), c.getKey() + " " + o.name());
                }
                new Opt.Given(o).settle(); // a default that does not convert throws here
                assertEquals(o.description().contains("${DEFAULT-VALUE}"), o.defaultValue() != null
                        && o.description().contains("${DEFAULT-VALUE}"), c.getKey() + " " + o.name()
                        + ": says its default but has none");
                assertEquals(o.description().contains("${COMPLETION-CANDIDATES}"), o.words() != null
                        && o.description().contains("${COMPLETION-CANDIDATES}"), c.getKey() + " " + o.name()
                        + ": lists its words but has none");
            }
        }
        assertNotNull(commands.get("oracle").find("--keep"));
        assertThrows(IllegalStateException.class, () -> {
            final Spec s = new Spec("x", "twice");
            s.flag("--json", v -> { });
            s.flag("--json", v -> { });
        });
    }
}
