package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.mte.Mte;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code board-report}: one HTML file whose JSON holds each part's own JSON, its exit status and time. */
class BoardReportTest {
    private static final Pattern JSON = Pattern.compile(
            "<script type=\"application/json\" id=\"faultline-board-report\">\\n(.*)\\n</script>", Pattern.DOTALL);

    @Test
    void writesOneFileWithEveryPartsJson() throws Exception {
        final Path out = Path.of("target/board-report-test.html");
        Files.deleteIfExists(out);
        final Cli c = Cli.run("board-report", "--parts", "mte,liveness", "--out", out.toString(), "--quiet");
        assertEquals(0, c.status(), c.err());
        assertEquals("board report: " + out + " (2 parts, 0 did not finish with exit 0)", c.out().strip());
        final Matcher m = JSON.matcher(Files.readString(out));
        assertTrue(m.find(), "the page carries its JSON");
        final JsonNode r = new ObjectMapper().readTree(m.group(1));
        assertEquals(List.of("mte", "liveness"), List.of(r.get("parts").get(0).get("part").asText(),
                r.get("parts").get(1).get("part").asText()));
        for (final JsonNode p : r.get("parts")) {
            assertEquals(0, p.get("exit").asInt(), p.toString());
            assertTrue(p.get("result").isObject(), "each part's own --json object: " + p);
        }
        final JsonNode mte = r.get("parts").get(0).get("result");
        assertEquals(Mte.available(), mte.get("available").asBoolean());
        assertEquals(Mte.available(), r.get("machine").get("hwcap2Mte").asBoolean());
        assertEquals(0, r.get("parts").get(1).get("result").get("violations").size(), "Catalin's contract holds");
        assertEquals(Provenance.release(), r.get("faultline").get("kernel").asText());
    }

    @Test
    void anUnknownPartIsOneLine() {
        final Cli c = Cli.run("board-report", "--parts", "mte,bogus", "--out", "target/board-report-bogus.html");
        assertEquals(2, c.status());
        assertEquals("board-report: --parts: unknown part \"bogus\"; use mte, matrix, liveness, oracle, scan (see --help)",
                c.err().strip());
    }
}
