package dev.faultline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 item 3: an unknown option or command is named first with the closest valid
 * spelling; {@code help [COMMAND]}; --help lists the valid words and defaults of every option.
 */
class TyposAndHelpTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "map --layuot rw|map: Unknown option: '--layuot'; did you mean '--layout'? (see --help)",
        "map --layuot=rw|map: Unknown option: '--layuot'; did you mean '--layout'? (see --help)",
        "mpa|faultline: Unknown command: 'mpa'; did you mean 'map'? (see --help)",
        "mpa --layout rw|faultline: Unknown command: 'mpa'; did you mean 'map'? (see --help)",
        "matirx --quiet|faultline: Unknown command: 'matirx'; did you mean 'matrix'? (see --help)",
        "loop --recrod 3|loop: Unknown option: '--recrod'; did you mean '--record'? (see --help)",
        "loop --loop dio --strategy page --layout rw --recrod 3|loop: Unknown option: '--recrod'; did you mean '--record'? (see --help)",
        "loop --max 3|loop: Unknown option: '--max'; did you mean '--max-rounds'? (see --help)",
        "probe --layout rw --access read --strategy page --JSON|probe: Unknown option: '--JSON'; did you mean '--json'? (see --help)",
        "map --layout rw --strategy page|map: Unknown option: '--strategy'; probe and loop take it, not map (see --help)",
        "mte stauts|mte: Unknown command: 'stauts'; did you mean 'status'? (see --help)",
        "mte status --jsn|mte status: Unknown option: '--jsn'; did you mean '--json'? (see --help)",
        "help mpa|help: Unknown command: 'mpa'; did you mean 'map'? (see --help)",
        "frobnicate|faultline: Unknown command: 'frobnicate'; commands: map, copy, probe, loop, matrix, demo, race, oracle, scan, liveness, mte, board-report, help (see --help)",
        "map --layout rw --colour|map: Unknown option: '--colour' (see --help)",
    })
    void aTypoIsNamedWithTheClosestSpelling(final String args, final String message) {
        final Cli c = Cli.run(args.split(" "));
        assertEquals(2, c.status(), c.err());
        assertEquals(message + "\n", c.err());
        assertEquals("", c.out());
    }

    @Test
    void closestNeedsToBeClose() {
        assertEquals("--layout", Typos.closest("--layuot", List.of("--json", "--layout", "--svg")));
        assertEquals("map", Typos.closest("mpa", List.of("map", "copy", "probe")));
        assertNull(Typos.closest("--colour", List.of("--json", "--quiet", "--trace", "--layout")));
        assertNull(Typos.closest("-x", List.of("-h", "-V")));
        assertEquals(1, Typos.distance("layout", "layuot"));
        assertEquals(2, Typos.distance("record", "recodr2"));
    }

    @Test
    void helpPrintsTheUsageOfACommand() {
        final Cli c = Cli.run("help", "map");
        assertEquals(0, c.status(), c.err());
        assertEquals(Cli.run("map", "--help").out(), c.out());
        final Cli all = Cli.run("help");
        assertEquals(0, all.status(), all.err());
        assertTrue(all.out().startsWith("Usage: faultline"), all.out());
        assertTrue(all.out().contains("  help "), all.out());
    }

    /** Every enumerated option's valid words and every default are in its command's --help. */
    @Test
    void helpListsEveryValidWordAndEveryDefault() {
        final List<String> missing = new ArrayList<>();
        int enumerated = 0;
        for (final java.util.Map.Entry<String, Spec> c : Cli.commands().entrySet()) {
            // help wraps at spaces: compare without white space
            final String help = Cli.run((c.getKey() + " --help").split(" ")).out().replaceAll("\\s+", "");
            for (final Opt o : c.getValue().options()) {
                if (o.words() != null) {
                    enumerated++;
                    for (final String w : o.words()) {
                        if (!help.contains(w)) {
                            missing.add(c.getKey() + " " + o.name() + " word " + w);
                        }
                    }
                }
                if (o.defaultValue() != null && !help.contains("(default:" + o.defaultValue().replaceAll("\\s+", ""))) {
                    missing.add(c.getKey() + " " + o.name() + " default " + o.defaultValue());
                }
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(enumerated >= 20, "enumerated options found: " + enumerated);
        for (final String[] a : new String[][] {{"loop", "--help"}, {"race", "--help"}}) {
            final String help = Cli.run(a).out().replaceAll("\\s*\\n\\s*", " ");
            assertTrue(help.contains("after-K: after K stalled rounds in a row, K >= 1")
                    || help.contains("after-K bails after K stalled rounds in a row, K >= 1"), help);
        }
    }

    /** The option names every enumerated option of the brief carries candidates for. */
    @Test
    void theEnumeratedOptionsHaveCandidates() {
        final java.util.Map<String, Spec> commands = Cli.commands();
        final String[][] want = {{"race", "--loops"}, {"oracle", "--loops"}, {"race", "--injectors"},
            {"race", "--policies"}, {"probe", "--kernel"}, {"loop", "--kernel"}, {"matrix", "--kernel"},
            {"probe", "--strategy"}, {"loop", "--strategy"}, {"probe", "--access"}, {"map", "--backing"},
            {"matrix", "--format"}, {"oracle", "--format"}, {"loop", "--bail"}, {"loop", "--loop"},
            {"loop", "--inject"}, {"copy", "--via"}, {"copy", "--dir"}, {"loop", "--copy"}, {"probe", "--impl"}};
        for (final String[] w : want) {
            assertTrue(commands.get(w[0]).find(w[1]).words() != null, w[0] + " " + w[1]);
        }
    }
}
