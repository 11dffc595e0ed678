package dev.faultline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.FaultIn;
import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.ProbeImpl;
import dev.faultline.faultin.Strategy;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark report from a fixed run: JMH's JSON shapes (with and without params, the
 * in-process C floor, the probe mechanisms) and the C floor's lines become the exact goal
 * ratios, tables, points and figures.
 */
class BenchReportTest {
    private static final long BIG = 64L << 20;
    private static final long MIB = 1L << 20;
    private static final String DEF = "zero-fd";

    /** The range strategies' run. */
    private static final String JMH = "[" + String.join(",",
            probe(BIG, "read", "page", "bulk", "none", "default", 900000.0),
            probe(BIG, "read", "page", "batched", "none", "default", 1800000.0),
            probe(MIB, "read", "granule", "faithful", "none", "default", 99000000.0), // not the granule run's
            probe(BIG, "read", "granule", "faithful", "none", "default", 1.5E9),
            probe(BIG, "read", "granule", "bulk", "none", "default", 1000000.0),
            probe(BIG, "write", "granule", "bulk", "3/4", "default", 5.0),
            bench("CFloorBench.bulk", "{\"rangeBytes\":\"" + BIG + "\"}", 16000000.0),
            bench("BaselineBench.memoryCopy", "{\"rangeBytes\":\"" + BIG + "\"}", 4000000.0)) + "]";

    /** The first-byte run: each mechanism through the fault-in API, bare from Java and from C; getppid. */
    private static final String FIRST_BYTE = "[" + String.join(",",
            probe(4096, "read", "first-byte", "faithful", "none", "memfd", 700.0),
            probe(4096, "read", "first-byte", "faithful", "none", "zero-fd", 210.0),
            probe(4096, "read", "first-byte", "faithful", "none", "affinity", 400.0),
            probe(4096, "write", "first-byte", "faithful", "none", "memfd", 500.0),
            probe(4096, "write", "first-byte", "faithful", "none", "zero-fd", 230.0),
            probe(4096, "write", "first-byte", "faithful", "none", "affinity", 235.0),
            mechanism("c", "memfd", "read", 640.0),
            mechanism("c", "zero-fd", "read", 200.0),
            mechanism("c", "affinity", "read", 380.0)
                    .replace("{\"score\":380.0}", "{\"score\":380.0,\"scoreError\":12.0}"),
            mechanism("c", "memfd", "write", 460.0),
            mechanism("c", "zero-fd", "write", 200.0),
            mechanism("c", "affinity", "write", 215.0),
            mechanism("raw", "zero-fd", "read", 204.0),
            mechanism("raw", "zero-fd", "write", 218.0),
            mechanism("raw", "affinity", "read", 390.0),
            mechanism("raw", "affinity", "write", 240.0),
            mechanism("raw", "memfd", "read", 690.0),
            mechanism("raw", "memfd", "write", 480.0),
            probe(4096, "read", "first-byte", "faithful", "none", "sigprocmask", 190.0),
            probe(4096, "write", "first-byte", "faithful", "none", "sigprocmask", 232.0),
            mechanism("c", "sigprocmask", "read", 170.0),
            mechanism("c", "sigprocmask", "write", 201.0),
            bench("CallBench.getppid", null, 180.0),
            bench("CallBench.cGetppid", null, 160.0),
            // the interleaved pairs, ns per probe of each side: Java's raw syscall / C; the API call / getppid
            paired("javaVsC", "zero-fd", "read", 204, 200), paired("javaVsC", "zero-fd", "write", 218, 200),
            paired("javaVsC", "affinity", "read", 390, 380), paired("javaVsC", "affinity", "write", 240, 215),
            paired("javaVsC", "memfd", "read", 690, 640), paired("javaVsC", "memfd", "write", 480, 460),
            paired("javaVsC", "sigprocmask", "read", 176, 170), paired("javaVsC", "sigprocmask", "write", 205, 201),
            paired("apiVsGetppid", "zero-fd", "read", 210, 180), paired("apiVsGetppid", "zero-fd", "write", 230, 180),
            paired("apiVsGetppid", "affinity", "read", 400, 180), paired("apiVsGetppid", "affinity", "write", 235, 180),
            paired("apiVsGetppid", "memfd", "read", 700, 180), paired("apiVsGetppid", "memfd", "write", 500, 180),
            paired("apiVsGetppid", "sigprocmask", "read", 190, 175),
            paired("apiVsGetppid", "sigprocmask", "write", 232, 175),
            paired("apiVsRaw", "zero-fd", "read", 220, 200), paired("apiVsRaw", "zero-fd", "write", 240, 200),
            paired("kernelVsRaw", "zero-fd", "read", 210, 200), paired("kernelVsRaw", "zero-fd", "write", 236, 200)) + "]";

    /** One PairedBench result: {@value #ROUNDS} rounds with the two sides' ns per probe as given. */
    private static String paired(final String method, final String probe, final String access, final double a,
                                 final double b) {
        final double probes = ROUNDS * PairedBench.ROUND;
        return "{\"benchmark\":\"dev.faultline.bench.PairedBench." + method + "\",\"params\":{\"probe\":\"" + probe
                + "\",\"access\":\"" + access + "\"},\"primaryMetric\":{\"score\":1.0},\"secondaryMetrics\":{"
                + "\"aNs\":{\"score\":" + a * probes + "},\"bNs\":{\"score\":" + b * probes + "},"
                + "\"rounds\":{\"score\":" + ROUNDS + "}}}";
    }

    private static final long ROUNDS = 1000;

    /** The granule run: memfd and the default mechanism side by side. */
    private static final String GRANULE = "[" + String.join(",",
            probe(MIB, "read", "granule", "faithful", "none", "memfd", 44000000.0),
            probe(MIB, "read", "granule", "faithful", "none", "default", 12000000.0)) + "]";

    private static String probe(final long range, final String access, final String strategy, final String impl,
                                final String fault, final String probe, final double score) {
        return bench("ProbeBench.probe", String.format("{\"rangeBytes\":\"%d\",\"access\":\"%s\",\"strategy\":\"%s\","
                + "\"impl\":\"%s\",\"fault\":\"%s\",\"probe\":\"%s\"}", range, access, strategy, impl, fault, probe),
                score);
    }

    private static String mechanism(final String method, final String probe, final String access, final double score) {
        return bench("MechanismBench." + method, "{\"probe\":\"" + probe + "\",\"access\":\"" + access + "\"}", score);
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
            {"strategy":"store-floor","impl":"c-paired-store","probe":"pread-dev-zero","access":"write","rangeBytes":0,"nsPerOp":260.0}
            {"strategy":"store-floor","impl":"c-paired-getppid","probe":"pread-dev-zero","access":"write","rangeBytes":0,"nsPerOp":200.0}
            {"strategy":"store-floor","impl":"c-paired-store","probe":"read-dev-zero","access":"write","rangeBytes":0,"nsPerOp":250.0}
            {"strategy":"store-floor","impl":"c-paired-getppid","probe":"read-dev-zero","access":"write","rangeBytes":0,"nsPerOp":200.0}
            {"strategy":"store-floor","impl":"c-paired-store","probe":"rt_sigpending-1","access":"write","rangeBytes":0,"nsPerOp":245.0}
            {"strategy":"store-floor","impl":"c-paired-getppid","probe":"rt_sigpending-1","access":"write","rangeBytes":0,"nsPerOp":196.0}
            {"strategy":"store-floor","impl":"c-paired-store","probe":"getsockopt-so-debug-1","access":"write","rangeBytes":0,"nsPerOp":252.0}
            {"strategy":"store-floor","impl":"c-paired-getppid","probe":"getsockopt-so-debug-1","access":"write","rangeBytes":0,"nsPerOp":200.0}

            """;

    private static Path run(final Path dir, final String firstByte) throws Exception {
        Files.writeString(dir.resolve("jmh.json"), JMH);
        Files.writeString(dir.resolve("jmh-first-byte.json"), firstByte);
        Files.writeString(dir.resolve("jmh-granule.json"), GRANULE);
        Files.writeString(dir.resolve("c.jsonl"), C);
        return dir;
    }

    private static void row(final String goals, final String row) {
        assertTrue(goals.contains(row), () -> "no row\n" + row + "\nin\n" + goals);
    }

    @Test
    void goalsAreTheRatiosOfOneRun(@TempDir final Path dir) throws Exception {
        final String goals = BenchGoals.goals(BenchReport.read(run(dir, FIRST_BYTE)), DEF, 4096);
        // 210 / 180
        row(goals, "| first-byte read probe through the fault-in API (default mechanism, zero-fd) / getppid from Java,"
                + " interleaved in one fork (PairedBench) | 1.17x | <= 1.20x | yes |");
        row(goals, "| first-byte write probe through the fault-in API (default mechanism, zero-fd) / getppid from Java,"
                + " interleaved in one fork (PairedBench) | 1.28x | <= 1.20x | **no** |"); // 230 / 180
        // cprobe's store floor: 260/200, 250/200, 245/196, 252/200; the cheapest shown as the value
        row(goals, "| (context) the write goal's floor: an exact one-byte store syscall from C / getppid from C, in"
                + " rounds that take turns (cprobe), the cheapest of | pread-dev-zero 1.30x, read-dev-zero 1.25x,"
                + " rt_sigpending-1 1.25x, getsockopt-so-debug-1 1.26x | - | - |");
        assertEquals(1.25, goal(BenchGoals.goalList(BenchReport.read(dir), DEF, 4096), "(context) the write goal's floor")
                .value(), 1e-9);
        // the kernel-shaped API over the bare syscall, interleaved: 210/200, 236/200
        final String own = " probe, through the kernel-shaped fault-in API (FaultIn.faultIn%s: lease and probe, the"
                + " leftover and nothing else) / the mechanism's bare syscall from Java (default mechanism, zero-fd),"
                + " interleaved in one fork (PairedBench) | ";
        row(goals, "| one page, one read" + own.formatted("Readable") + "1.05x | <= 1.15x | yes |");
        row(goals, "| one page, one write" + own.formatted("Writeable") + "1.18x | <= 1.15x | **no** |");
        // the call with its whole result over the same, as context: 220/200, 240/200
        final String whole = " probe, one fault-in API call with its whole result (lease, tally, FaultInResult) / the"
                + " same bare syscall, interleaved in one fork | ";
        row(goals, "| (context) first-byte read" + whole + "1.10x | - | - |");
        row(goals, "| (context) first-byte write" + whole + "1.20x | - | - |");
        row(goals, "| (context) first-byte read probe through the fault-in API / getppid from Java, separate forks (ProbeBench / CallBench) | 1.17x | - | - |");
        row(goals, "| (context) the same from C, same process: zero-fd read probe / getppid | 1.25x | - | - |"); // 200/160
        // the mechanism from Java / C per mechanism and access: 204/200, 218/200, 390/380, 240/215, 690/640, 480/460
        final String goal = ": the mechanism from Java (its syscall through the FFM binding, what each probe point"
                + " costs) / the same syscall from C, interleaved in one fork (PairedBench) | ";
        row(goals, "| first-byte read probe, zero-fd" + goal + "1.02x | <= 1.10x | yes |");
        row(goals, "| first-byte write probe, zero-fd" + goal + "1.09x | <= 1.10x | yes |");
        row(goals, "| first-byte read probe, affinity" + goal + "1.03x | <= 1.10x | yes |");
        row(goals, "| first-byte write probe, affinity" + goal + "1.12x | <= 1.10x | **no** |");
        row(goals, "| first-byte read probe, memfd" + goal + "1.08x | <= 1.10x | yes |");
        row(goals, "| first-byte write probe, memfd" + goal + "1.04x | <= 1.10x | yes |");
        row(goals, "| first-byte read probe, sigprocmask" + goal + "1.04x | <= 1.10x | yes |"); // 176 / 170
        row(goals, "| (context) the same, separate forks (MechanismBench) | 1.12x | - | - |"); // affinity write
        // one whole fault-in API call / C: 210/200, 230/200, 400/380, 235/215, 700/640, 500/460
        final String api = ", one whole fault-in API call (lease, tally, result) / the same syscall from C | ";
        row(goals, "| (context) read probe, zero-fd" + api + "1.05x | - | - |");
        row(goals, "| (context) write probe, zero-fd" + api + "1.15x | - | - |");
        row(goals, "| (context) read probe, affinity" + api + "1.05x | - | - |");
        row(goals, "| (context) write probe, memfd" + api + "1.09x | - | - |");
        // each mechanism against getppid, Java (180) and C (160): 210/180 and 200/160; 400/180 and 380/160
        row(goals, "| (context) read probe, zero-fd, through the fault-in API / getppid from Java; from C: 1.25x"
                + " | 1.17x | - | - |");
        row(goals, "| (context) read probe, affinity, through the fault-in API / getppid from Java; from C: 2.38x"
                + " | 2.22x | - | - |");
        // the default mechanism's fault-in API over its bare syscall: 210/204 (read), 230/218 (write)
        row(goals, "| (context) of which the fault-in API: probe through the API / bare syscall from Java | 1.03x |");
        row(goals, "| (context) of which the fault-in API: probe through the API / bare syscall from Java | 1.06x |");
        // (210-180) / (700-180) = 0.058; write (230-180) / (500-180) = 0.156
        row(goals, "| work beyond the bare syscall, read probe through the fault-in API: (zero-fd - getppid) /"
                + " (memfd - getppid), each over the getppid of its own interleaved rounds | 0.06x | <= 0.50x | yes |");
        row(goals, "| (context) the same, write probe | 0.16x | - | - |");
        row(goals, "| (context) the same, read probe, separate forks | 0.06x | - | - |");
        // 256 + 1 + 65536 probes; saved 44 - 12 = 32 ms; predicted 65793 x (700 - 210) ns = 32.24 ms: 0.99
        row(goals, "| granule faithful read probe of 1 MiB, zero-fd against memfd: the time saved / what the first-byte"
                + " saving predicts (65793 probes x the saving) | 32.00 ms of 44.00 ms saved / 32.24 ms = 0.99x"
                + " (12.00 ms left; saving 490 ns per probe) | >= 0.90x | yes |");
        // memfd 700 over cprobe's 660 and 600
        row(goals, "shared, as in every JVM) | 1.06x | - | - |");
        row(goals, "fdget takes no file reference) | 1.17x | - | - |");
        row(goals, "| page read probe of 64 MiB (best Java impl) / C MADV_POPULATE_READ | 1.13x | <= 1.50x | yes |");
        row(goals, "| granule probe of 64 MiB: faithful / bulk | 1500.00x | >= 50.00x | yes |");
        row(goals, "| granule probe of 64 MiB: bulk / MemorySegment.copy of the range | 0.25x | <= 2.00x | yes |");
    }

    /** @return the goal or context row whose text starts with {@code start} (the first such) */
    private static BenchGoals.Goal goal(final List<BenchGoals.Goal> goals, final String start) {
        return goals.stream().filter(g -> g.what().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + start));
    }

    @Test
    void aMissedGoalSaysNo(@TempDir final Path dir) throws Exception {
        // the default mechanism's first-byte probe 240 ns instead of 210, separately forked and interleaved
        final String slow = FIRST_BYTE.replace("\"score\":210.0", "\"score\":240.0").replace(
                paired("apiVsGetppid", "zero-fd", "read", 210, 180), paired("apiVsGetppid", "zero-fd", "read", 240, 180));
        final List<BenchGoals.Goal> goals = BenchGoals.goalList(BenchReport.read(run(dir, slow)), DEF, 4096);
        // 240 / 180 = 1.33; the mechanism's own goal, 204 / 200, is still met; the API call / C 240 / 200 = 1.20;
        // (1.33 - 1) / (700 / 180 - 1) = 0.115; the granule prediction moves with the separately forked 240
        final BenchGoals.Goal first = goals.get(0);
        assertEquals(240.0 / 180.0, first.value(), 1e-12);
        assertTrue(!first.met());
        final BenchGoals.Goal own = goal(goals, "first-byte read probe, zero-fd: the mechanism from Java");
        assertEquals(204.0 / 200.0, own.value(), 1e-12);
        assertTrue(own.met());
        assertEquals(240.0 / 200.0, goal(goals, "(context) read probe, zero-fd, one whole fault-in API call").value(),
                1e-12);
        final BenchGoals.Goal work = goal(goals, "work beyond the bare syscall");
        assertEquals((240.0 / 180 - 1) / (700.0 / 180 - 1), work.value(), 1e-12);
        assertTrue(work.met());
        final BenchGoals.Goal granule = goal(goals, "granule faithful");
        assertEquals(32e6 / (65793 * (700.0 - 240.0)), granule.value(), 1e-12); // 32 / 30.26: 1.06
        assertTrue(granule.met());
        // a first-byte "saving" below zero predicts nothing: missed, whatever the granule run measured
        final String slower = FIRST_BYTE.replace("\"score\":210.0", "\"score\":900.0");
        final BenchGoals.Goal none = goal(BenchGoals.goalList(BenchReport.read(run(dir, slower)), DEF, 4096),
                "granule faithful");
        assertTrue(!none.met());
        assertTrue(none.shown().contains("no prediction"), none.shown());
        // without the interleaved run its goals are not measured, and say so
        final String unpaired = FIRST_BYTE.substring(0, FIRST_BYTE.indexOf(",{\"benchmark\":\"dev.faultline.bench"
                + ".PairedBench")) + "]";
        final List<BenchGoals.Goal> without = BenchGoals.goalList(BenchReport.read(run(dir, unpaired)), DEF, 4096);
        assertTrue(!without.get(0).measured());
        assertEquals("not measured", without.get(0).shown());
    }

    @Test
    void theFirstByteProbeSplitsIntoFourParts(@TempDir final Path dir) throws Exception {
        final List<BenchPlots.Parts> parts = BenchPlots.parts(BenchReport.read(run(dir, FIRST_BYTE)), DEF);
        // every mechanism but sigprocmask (not in the fixture), the default first; affinity's write probe
        // through the API measured below its bare syscall (240 vs 235): a negative API part, as drawn
        assertEquals(List.of(new BenchPlots.Parts("zero-fd", "read", 160, 40, 4, 6),
                new BenchPlots.Parts("zero-fd", "write", 160, 40, 18, 12),
                new BenchPlots.Parts("affinity", "read", 160, 220, 10, 10),
                new BenchPlots.Parts("affinity", "write", 160, 55, 25, -5),
                new BenchPlots.Parts("memfd", "read", 160, 480, 50, 10),
                new BenchPlots.Parts("memfd", "write", 160, 300, 20, 20)), parts);
    }

    @Test
    void theGranuleProbeCountIsTheFaultInApis() {
        final long page = Unistd.pageSize();
        try (Region r = Region.of("rw*" + MIB / page, Backing.ANON)) {
            final long probes = FaultIn.faultIn(Strategy.of("granule"), AccessMode.of("read"), KernelEra.CURRENT,
                    ProbeImpl.BULK, r, 0, MIB).probes();
            assertEquals(probes, BenchReport.granuleProbes(MIB, page));
        }
    }

    @Test
    void writesTheGoalsAndOnePointPerMeasurement(@TempDir final Path dir) throws Exception {
        run(dir, FIRST_BYTE);
        final String printed = BenchReport.write(new String[] {dir.toString(), "bench/run", "quick"});
        final JsonNode root = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertEquals("bench/run quick", root.get("command").asText());
        assertTrue(root.get("machine").asText().contains("Linux "), root.get("machine").asText());
        final JsonNode first = root.get("goals").get(0);
        assertTrue(first.get("goal").asText().startsWith("first-byte read probe through the fault-in API"));
        assertTrue(first.get("met").asText().matches("yes|no"), first.toString());
        assertTrue(first.get("measured").isNumber(), first.toString());
        // 8 + 1 (the in-process bulk loop is a page and a granule point) + 24 + 2 JMH results + 4 C lines
        // + 8 of the C store floor (four syscalls, each with its getppid), the JMH files in name order
        // (jmh-first-byte, jmh-granule, jmh)
        final JsonNode points = root.get("points");
        // and 20 interleaved pairs, two sides each
        assertEquals(39 + 2 * BenchReport.STORE_FLOOR.size() + 40, points.size());
        final JsonNode c = points.get(6);
        assertEquals("jmh-first-byte", c.get("run").asText());
        assertEquals("first-byte", c.get("strategy").asText());
        assertEquals("c-faithful-in-jvm", c.get("impl").asText());
        assertEquals("memfd", c.get("probe").asText());
        assertEquals(0, c.get("rangeBytes").asLong());
        assertEquals(640.0, c.get("nsPerOp").asDouble());
        assertEquals("jmh-granule", points.get(24 + 40).get("run").asText());
        final String md = Files.readString(dir.resolve("results.md"));
        assertEquals(md, printed, "main prints what results.md holds");
        assertTrue(md.startsWith("# Probe granularity benchmark\n\nMade by `bench/run quick` on "), md);
        assertTrue(md.contains("| granule | c-bulk-in-jvm | - | read | none |  |  | 16.00 ms |"), md);
        assertTrue(md.contains("| granule | faithful | memfd (granule run) | read | none |  | 44.00 ms |  |"), md);
        assertTrue(md.contains("## ns per call, no range\n\n| call | impl | probe | access | ns | ± (JMH 99.9%) |\n"
                + "|---|---|---|---|---:|---:|\n| first-byte | c-faithful-in-jvm | affinity | read | 380 ns | 12 ns |\n"), md);
        assertTrue(md.contains("| getppid | baseline | - | read | 180 ns |  |\n| getppid | c-baseline | - | read | 175 ns |  |\n"
                + "| getppid | c-baseline-in-jvm | - | read | 160 ns |  |\n"), md);
        final String svg = Files.readString(dir.resolve("plot.svg"));
        assertTrue(svg.contains("made by bench/run quick on "), svg);
        assertTrue(svg.contains("font-weight=\"bold\">granule</text>"), svg);
        assertTrue(svg.contains("font-weight=\"bold\">page</text>"), svg);
        assertTrue(svg.contains(">c-bulk-in-jvm</text>"), svg);
        assertTrue(svg.contains("stroke-dasharray=\"6,3,1.5,3\""), svg);
        final String parts = Files.readString(dir.resolve("parts.svg"));
        assertTrue(parts.contains("made by bench/run quick on "), parts);
        assertTrue(parts.contains(">zero-fd read</text>"), parts);
        assertTrue(parts.contains("<title>kernel work (C probe - getppid): 40 ns</title>"), parts);
    }

    @Test
    void figuresNameTheirCommandAndMachine(@TempDir final Path dir) throws Exception {
        final List<BenchReport.Point> ps = BenchReport.read(run(dir, FIRST_BYTE));
        final String machine = "x86_64, Linux 6.18.44, AMD EPYC (2 CPUs)";
        assertTrue(BenchPlots.svg(ps, "bench/run quick", machine).contains(
                "made by bench/run quick on x86_64, Linux 6.18.44, AMD EPYC (2 CPUs)</text>"));
        assertTrue(BenchPlots.partsSvg(ps, DEF, "bench/run quick", machine).contains(
                "made by bench/run quick on x86_64, Linux 6.18.44, AMD EPYC (2 CPUs)</text>"));
        assertTrue(BenchReport.markdown(ps, DEF, 4096, "bench/run quick", machine).startsWith(
                "# Probe granularity benchmark\n\nMade by `bench/run quick` on x86_64, Linux 6.18.44, AMD EPYC (2 CPUs)"));
    }
}
