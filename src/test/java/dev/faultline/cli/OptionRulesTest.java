package dev.faultline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 16 item 3: options that only make sense together are refused alone, --json and
 * --format are refused together, and numbers are ASCII digits only (Long.valueOf reads a
 * fullwidth 2 as 2); a value with a line break or a NUL byte still gives one line. Each is one
 * line, exit 2.
 */
class OptionRulesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "loop --loop perform-write --strategy page --layout rw --rate 0.3|loop: --rate shapes the injector: give it with --inject (zap, pageout or mprotect), or leave it out (see --help)",
        "loop --loop perform-write --strategy page --layout rw --seed 7|loop: --seed shapes the injector: give it with --inject (zap, pageout or mprotect), or leave it out (see --help)",
        "matrix --json --format csv|matrix: --json and --format both choose what is printed: give one of them (see --help)",
        "oracle --json --format markdown|oracle: --json and --format both choose what is printed: give one of them (see --help)",
        "race --backing shared|race: --backing does not apply here: race always uses a memfd (its injectors need a shared mapping) (see --help)",
        "liveness --backing memfd|liveness: --backing does not apply here: the liveness check builds private anonymous regions (see --help)",
        "oracle --backing memfd|oracle: --backing does not apply here: the oracle's buffers are private anonymous memory (see --help)",
        "mte status --backing memfd|mte status: --backing does not apply here: mte status builds no region (see --help)",
        "race --runs \uFF12|race: Invalid value for option '--runs': '\uFF12' is not a whole number (see --help)",
        "copy --layout rw --dir from-user --offset \u0665|copy: Invalid value for option '--offset': '\u0665' is not a whole number (see --help)",
        "race --runs 99999999999|race: Invalid value for option '--runs': '99999999999' is out of range -2147483648..2147483647 (see --help)",
        "race --rate NaN|race: Invalid value for option '--rate': 'NaN' is not a decimal number (see --help)",
        "race --rate 0x1p-1|race: Invalid value for option '--rate': '0x1p-1' is not a decimal number (see --help)",
        "race --rate 1e999|race: Invalid value for option '--rate': '1e999' is too large (see --help)",
        "loop --loop perform-write --strategy page --layout rw --bail after-\uFF13|loop: after-K needs a number: \"after-\uFF13\"",
        "race --policies after-\uFF13 --runs 1|race: after-K needs a number: \"after-\uFF13\"",
        "map --layout rw*\uFF12|map: count \"\uFF12\" is not a number in entry 1 of layout \"rw*\uFF12\"",
    })
    void refusedInOneLine(final String args, final String message) {
        final Cli c = Cli.run(args.split(" "));
        assertEquals(2, c.status(), c.err());
        assertEquals(message + "\n", c.err());
        assertEquals("", c.out());
    }

    @Test
    void aValueWithALineBreakOrANulByteStillGivesOneLine() {
        final Cli nul = Cli.run("map", "--layout", "rw", "--svg", "a\u0000b");
        assertEquals(2, nul.status(), nul.err());
        assertEquals("map: Invalid value for option '--svg': 'a\u0000b' is not a path: Nul character not allowed"
                + " (see --help)\n", nul.err());
        final Cli br = Cli.run("copy", "--layout", "rw", "--dir", "a\nb");
        assertEquals(2, br.status(), br.err());
        assertEquals("copy: unknown --dir \"a\\nb\"; use from-user or to-user\n", br.err());
    }
}
