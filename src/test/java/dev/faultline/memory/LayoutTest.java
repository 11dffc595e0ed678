package dev.faultline.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutTest {
    private static final long PAGE = dev.faultline.sys.Unistd.pageSize();
    @Test
    void shouldExpandCountsInOrder() {
        final Layout l = Layout.parse("rw*2,none,ro,hole,rw", PAGE);
        assertEquals(6, l.size());
        assertEquals(List.of(PageKind.RW, PageKind.RW, PageKind.NONE, PageKind.RO, PageKind.HOLE, PageKind.RW),
                l.pages().stream().map(PageSpec::kind).toList());
        assertEquals("##.r.#", AccessMap.expected(l).line());
    }

    @Test
    void shouldParseMarks() {
        final Layout l = Layout.parse("rw*2~16+16,rw", PAGE);
        assertEquals(3, l.size());
        assertEquals(List.of(new TagMark(16, 16)), l.pages().get(0).marks());
        assertEquals(List.of(new TagMark(16, 16)), l.pages().get(1).marks());
        assertEquals(List.of(), l.pages().get(2).marks());
        assertTrue(l.hasMarks());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rw,rx|unknown layout word \"rx\" in entry 2 of layout \"rw,rx\"; words: rw ro wo none hole guard zap",
        "rw,,rw|empty entry in entry 2 of layout \"rw,,rw\"",
        "rw*0|count 0 out of range 1..262144 in entry 1 of layout \"rw*0\"",
        "rw*x|count \"x\" is not a number in entry 1 of layout \"rw*x\"",
        "rw*\uFF12|count \"\uFF12\" is not a number in entry 1 of layout \"rw*\uFF12\"",
        "rw*\u0662|count \"\u0662\" is not a number in entry 1 of layout \"rw*\u0662\"",
        "rw~\uFF11\uFF16+16|mark start \"\uFF11\uFF16\" is not a number in entry 1 of layout \"rw~\uFF11\uFF16+16\"",
        "rw*-3|count -3 out of range 1..262144 in entry 1 of layout \"rw*-3\"",
        "rw~8+16|MTE mark ~8+16 must use positive multiples of 16 (the MTE granule) in entry 1 of layout \"rw~8+16\"",
        "rw~{P-16}+32|MTE mark ~{P-16}+32 leaves the {P}-byte page in entry 1 of layout \"rw~{P-16}+32\"",
        "none~16+16|MTE marks need an accessible page, not none in entry 1 of layout \"none~16+16\"",
        "rw~16|MTE mark \"~16\" is not ~START+LEN in entry 1 of layout \"rw~16\"",
        "rw*200000,rw*70000|layout has more than 262144 pages ({MiB} MiB), more than Faultline maps in one region in entry 2 of layout \"rw*200000,rw*70000\"",
    })
    void shouldRejectWithTheOffendingValue(final String text, final String message) {
        // {P} is the page size, {P-16} its last granule, {MiB} the most a region maps
        final java.util.function.UnaryOperator<String> page = t -> t.replace("{P-16}", String.valueOf(PAGE - 16))
                .replace("{P}", String.valueOf(PAGE)).replace("{MiB}", String.valueOf(Layout.MAX_PAGES * PAGE >> 20));
        assertEquals(page.apply(message), assertThrows(LayoutException.class,
                () -> Layout.parse(page.apply(text), PAGE)).getMessage());
    }

    @Test
    void shouldRejectAnEmptyLayout() {
        assertEquals("empty layout: give at least one page, e.g. \"rw\" (words: rw ro wo none hole guard zap)",
                assertThrows(LayoutException.class, () -> Layout.parse(" ", PAGE)).getMessage());
    }
}
