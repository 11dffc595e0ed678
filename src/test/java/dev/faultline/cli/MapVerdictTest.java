package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** map says "measured = expected" only when both measured rows agree, and names the row and pages otherwise. */
class MapVerdictTest {
    @Test
    void agreementOnlyWhenBothRowsAgree() {
        assertEquals("measured = expected on every page", MapCommand.verdict(List.of(), List.of()));
        assertEquals("MISMATCH: gup = expected; uaccess differs on page 4", MapCommand.verdict(List.of(), List.of(4)));
        assertEquals("MISMATCH: gup differs on pages 1, 3; uaccess = expected",
                MapCommand.verdict(List.of(3, 1), List.of()));
        assertEquals("MISMATCH: gup differs on page 0; uaccess differs on pages 0, 2",
                MapCommand.verdict(List.of(0), List.of(2, 0)));
    }

    @Test
    void aWriteOnlyPageThatTheCpuReadsIsNamed() {
        final Cli c = Cli.run("map", "--layout", "rw,wo");
        final JsonNode j = Cli.run("map", "--layout", "rw,wo", "--json").json();
        final boolean cpuReads = j.get("pages").get(1).get("uaccess").get("read").asBoolean();
        assertEquals(cpuReads ? List.of(1) : List.of(), toList(j.get("uaccessMismatchPages")));
        final String last = c.out().lines().filter(l -> l.startsWith("measured") || l.startsWith("MISMATCH"))
                .findFirst().orElseThrow();
        assertEquals(cpuReads ? "MISMATCH: gup = expected; uaccess differs on page 1"
                : "measured = expected on every page", last);
    }

    private static List<Integer> toList(final JsonNode a) {
        final List<Integer> out = new java.util.ArrayList<>();
        a.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
