package dev.faultline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark report from a fixed run: JMH's JSON shapes (with and without params, the
 * in-process C floor) and the C floor's lines become the exact goal ratios, tables and points.
 */
class BenchReportTest {
    private static final long BIG = 64L << 20;
    /** One JMH result file as JMH writes it (only the fields BenchReport reads). */
    private static final String JMH = "[" + String.join(",",
            probe(4096, "read", "first-byte", "faithful", "none", 700.0),
            probe(BIG, "read", "first-byte", "faithful", "none", 780.0),
            probe(BIG, "read", "page", "bulk", "none", 900000.0),
            probe(BIG, "read", "page", "batched", "none", 1800000.0),
            probe(BIG, "read", "granule", "faithful", "none", 1.5E9),
            probe(BIG, "read", "granule", "bulk", "none", 1000000.0),
            probe(BIG, "write", "granule", "bulk", "3/4", 5.0),
            bench("CFloorBench.firstByte", "{\"rangeBytes\":\"4096\"}", 640.0),
            bench("CFloorBench.firstByte", "{\"rangeBytes\":\"" + BIG + "\"}", 660.0),
            bench("CFloorBench.bulk", "{\"rangeBytes\":\"" + BIG + "\"}", 16000000.0),
            bench("BaselineBench.memoryCopy", "{\"rangeBytes\":\"" + BIG + "\"}", 4000000.0),
            bench("CallBench.rawLoadProbe", null, 690.0),
            bench("CallBench.getppid", null, 180.0)) + "]";

    private static String probe(final long range, final String access, final String strategy, final String impl,
                                final String fault, final double score) {
        return bench("ProbeBench.probe", String.format("{\"rangeBytes\":\"%d\",\"access\":\"%s\",\"strategy\":\"%s\","
                + "\"impl\":\"%s\",\"fault\":\"%s\"}", range, access, strategy, impl, fault), score);
    }

    /** @param params the params object, or null for a benchmark without any (JMH then writes none) */
    private static String bench(final String method, final String params, final double score) {
        return "{\"benchmark\":\"dev.faultline.bench." + method + "\","
                + (params == null ? "" : "\"params\":" + params + ",")
                + "\"primaryMetric\":{\"score\":" + score + "}}";
    }

    private static final String C = """
            {"strategy":"getppid","impl":"c-baseline","access":"read","rangeBytes":0,"nsPerOp":175.0}
            {"strategy":"first-byte","impl":"c-faithful","access":"read","rangeBytes":4096,"nsPerOp":600.0}
            {"strategy":"first-byte","impl":"c-faithful-threaded","access":"read","rangeBytes":4096,"nsPerOp":660.0}
            {"strategy":"populate-read","impl":"c-baseline","access":"read","rangeBytes":67108864,"nsPerOp":800000.0}

            """;

    @Test
    void goalsAreTheRatiosOfOneRun(@TempDir final Path dir) throws Exception {
        Files.writeString(dir.resolve("jmh.json"), JMH);
        Files.writeString(dir.resolve("c.jsonl"), C);
        final String goals = BenchReport.goals(BenchReport.read(dir));
        // (700+780)/2 = 740 over (640+660)/2 = 650: 1.138
        assertTrue(goals.contains("| first-byte probe through the fault-in API / the same pwrite from C, same process"
                + " | 1.14x | yes |"), goals);
        assertTrue(goals.contains("the FFM downcall: bare pwrite from Java / C, same process | 1.06x | - |"), goals);
        assertTrue(goals.contains("the fault-in API: first-byte probe / bare pwrite from Java | 1.07x | - |"), goals);
        assertTrue(goals.contains("/ C in its own process with an idle second thread (cprobe: fd table shared, as in"
                + " every JVM) | 1.12x | - |"), goals);
        assertTrue(goals.contains("/ C in its own single-threaded process (cprobe: fdget takes no file reference)"
                + " | 1.23x | - |"), goals);
        assertTrue(goals.contains("| page read probe of 64 MiB (best Java impl) / C MADV_POPULATE_READ | 1.13x | yes |"),
                goals);
        assertTrue(goals.contains("| granule probe of 64 MiB: faithful / bulk | 1500.00x | yes |"), goals);
        assertTrue(goals.contains("| granule probe of 64 MiB: bulk / MemorySegment.copy of the range | 0.25x | yes |"),
                goals);
    }

    @Test
    void aMissedGoalSaysNo(@TempDir final Path dir) throws Exception {
        Files.writeString(dir.resolve("jmh.json"), JMH.replace("\"score\":700.0", "\"score\":820.0"));
        Files.writeString(dir.resolve("c.jsonl"), C);
        // (820+780)/2 = 800 over 650
        assertTrue(BenchReport.goals(BenchReport.read(dir)).contains("same process | 1.23x | **no** |"));
    }

    @Test
    void writesOnePointPerMeasurement(@TempDir final Path dir) throws Exception {
        Files.writeString(dir.resolve("jmh.json"), JMH);
        Files.writeString(dir.resolve("jmh-first-byte.json"),
                "[{\"benchmark\":\"dev.faultline.bench.CallBench.emptyDowncall\",\"primaryMetric\":{\"score\":9.0}}]");
        Files.writeString(dir.resolve("c.jsonl"), C);
        BenchReport.main(new String[] {dir.toString(), "bench/run", "quick"});
        final JsonNode points = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        // 1 + 13 JMH results (the in-process bulk loop is a page and a granule point) + 4 C lines,
        // the JMH files in name order
        assertEquals(19, points.size());
        assertEquals("emptyDowncall", points.get(0).get("strategy").asText());
        final JsonNode floor = points.get(9);
        assertEquals("first-byte", floor.get("strategy").asText());
        assertEquals("c-faithful-in-jvm", floor.get("impl").asText());
        assertEquals(67108864, floor.get("rangeBytes").asLong());
        assertEquals(660.0, floor.get("nsPerOp").asDouble());
        final String md = Files.readString(dir.resolve("results.md"));
        assertTrue(md.startsWith("# Probe granularity benchmark\n\nMade by `bench/run quick`"), md);
        assertTrue(md.contains("| granule | c-bulk-in-jvm | read | none |  | 16.00 ms |"), md);
        assertTrue(md.contains("## ns per call, no range\n\n| call | impl | ns |\n|---|---|---:|\n"
                + "| emptyDowncall | baseline | 9 ns |\n| getppid | baseline | 180 ns |\n| getppid | c-baseline | 175 ns |\n"
                + "| rawLoadProbe | baseline | 690 ns |\n"), md);
        final String svg = Files.readString(dir.resolve("plot.svg"));
        assertTrue(svg.contains(">first-byte c-faithful-in-jvm</text>"), svg);
        assertTrue(svg.contains("stroke-dasharray=\"6,4\""), svg);
    }
}
