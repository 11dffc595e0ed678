package dev.faultline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.faultline.faultin.ProbeMechanisms;
import dev.faultline.sys.Unistd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns one benchmark run (JMH's JSON and the C floor's JSON lines) into
 * {@code results.json} (the command, the machine, every goal with its measured value and whether
 * it was met, and one object per point: run, strategy, impl, probe, access, fault, rangeBytes,
 * nsPerOp), {@code results.md} (the goals and the tables) and two figures: {@code plot.svg}
 * (one log-log panel per strategy, ns per MiB against range size, its implementations and the C
 * floor within) and {@code parts.svg} (the first-byte probe of each mechanism split into the
 * syscall floor, the mechanism's kernel work, the FFM downcall and the fault-in API). Every
 * output names the command and the machine that made it.
 * Usage: {@code BenchReport DIR COMMAND}; DIR holds JMH's results (every {@code jmh*.json}) and
 * the C floor's lines ({@code c.jsonl}).
 */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The C floor's faithful loops run inside the JMH fork (CFloorBench, MechanismBench). */
    static final String C_IN_JVM = "c-faithful-in-jvm";
    /**
     * {@link PairedBench}'s sides, each the mean ns per probe of one fork's interleaved rounds: the
     * mechanism's syscall from Java and from C; the first-byte probe through the fault-in API and
     * getppid from Java (its probe: the mechanism it was paired with).
     */
    static final String PAIRED_RAW = "paired-raw";
    static final String PAIRED_C = "paired-c";
    static final String PAIRED_API = "paired-api";
    static final String PAIRED_GETPPID = "paired-getppid";
    /** PairedBench.apiVsRaw's two sides: the fault-in API call, and the mechanism's bare syscall from Java. */
    static final String PAIRED_API_VS_RAW = "paired-api-vs-raw";
    static final String PAIRED_RAW_VS_API = "paired-raw-vs-api";
    /** PairedBench.kernelVsRaw's two sides: the kernel-shaped fault-in call (FaultIn.faultInReadable/-Writeable), and the bare syscall. */
    static final String PAIRED_KERNEL_VS_RAW = "paired-kernel-vs-raw";
    static final String PAIRED_RAW_VS_KERNEL = "paired-raw-vs-kernel";
    /** cprobe's store floor: an exact one-byte store syscall and getppid, in rounds that take turns. */
    static final String C_PAIRED_STORE = "c-paired-store";
    static final String C_PAIRED_GETPPID = "c-paired-getppid";
    /** The store floor's syscalls, as cprobe names them. */
    static final List<String> STORE_FLOOR = List.of("pread-dev-zero", "read-dev-zero", "rt_sigpending-1",
            "getsockopt-so-debug-1");
    /** The probe of a point that is no probe mechanism's (baselines, bulk copies). */
    static final String NO_PROBE = "-";
    /** The run that measures granule faithful with memfd and the default mechanism side by side. */
    static final String GRANULE_RUN = "jmh-granule";
    /** The mechanisms, in the order ProbeMechanisms tries them. */
    static final List<String> MECHANISMS = List.of("sigprocmask", "zero-fd", "affinity", "memfd");
    private BenchReport() {
    }

    /** @param run the result file's name without extension: jmh, jmh-first-byte, jmh-granule, c */
    /** @param error JMH's 99.9% score error (NaN: the C floor's own lines, and a single iteration) */
    record Point(String run, String strategy, String impl, String probe, String access, String fault, long rangeBytes,
                 double nsPerOp, double error) {
    }

    static List<Point> read(final Path dir) throws IOException {
        final List<Point> out = new ArrayList<>();
        final List<Path> runs;
        try (var files = Files.list(dir)) {
            runs = files.filter(f -> f.getFileName().toString().matches("jmh.*\\.json")).sorted().toList();
        }
        for (final Path run : runs) {
            final String name = run.getFileName().toString();
            read(name.substring(0, name.length() - ".json".length()), JSON.readTree(run.toFile()), out);
        }
        for (final String line : Files.readAllLines(dir.resolve("c.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            final JsonNode c = JSON.readTree(line);
            final String strategy = c.get("strategy").asText();
            final String impl = c.get("impl").asText();
            // cprobe's faithful loops probe with a 1-byte pwrite into a memfd; its store floor names its syscall
            final String probe = c.has("probe") ? c.get("probe").asText() : impl.startsWith("c-faithful") ? "memfd" : NO_PROBE;
            out.add(new Point("c", strategy, impl, probe, c.get("access").asText(), "none",
                    c.get("rangeBytes").asLong(), c.get("nsPerOp").asDouble(), Double.NaN));
        }
        return out;
    }

    /** One JMH result file's points. */
    private static void read(final String run, final JsonNode results, final List<Point> out) {
        for (final JsonNode b : results) {
            final String bench = b.get("benchmark").asText();
            final JsonNode p = b.get("params");
            final double ns = b.get("primaryMetric").get("score").asDouble();
            final JsonNode e = b.get("primaryMetric").get("scoreError");
            final double err = e == null || !e.isNumber() ? Double.NaN : e.asDouble();
            final long range = p != null && p.has("rangeBytes") ? p.get("rangeBytes").asLong() : 0; // 0: per call
            final String method = bench.substring(bench.lastIndexOf('.') + 1);
            if (bench.endsWith("ProbeBench.probe")) {
                final String probe = p.has("probe") ? p.get("probe").asText() : "default";
                out.add(new Point(run, p.get("strategy").asText(), p.get("impl").asText(), probe,
                        p.get("access").asText(), p.get("fault").asText(), range, ns, err));
            } else if (bench.contains("PairedBench.")) {
                // the two sides of one fork's interleaved rounds: ns per probe each (aNs / bNs is the ratio)
                final JsonNode aux = b.get("secondaryMetrics");
                final double probes = aux.get("rounds").get("score").asDouble() * PairedBench.ROUND;
                for (final String side : List.of("aNs", "bNs")) {
                    final boolean a = side.equals("aNs");
                    final String impl = switch (method) {
                        case "apiVsGetppid" -> a ? PAIRED_API : PAIRED_GETPPID;
                        case "apiVsRaw" -> a ? PAIRED_API_VS_RAW : PAIRED_RAW_VS_API;
                        case "kernelVsRaw" -> a ? PAIRED_KERNEL_VS_RAW : PAIRED_RAW_VS_KERNEL;
                        default -> a ? PAIRED_RAW : PAIRED_C;
                    };
                    out.add(new Point(run, "first-byte", impl, p.get("probe").asText(), p.get("access").asText(),
                            "none", 0, aux.get(side).get("score").asDouble() / probes, Double.NaN));
                }
            } else if (bench.contains("MechanismBench.")) {
                out.add(new Point(run, "first-byte", method.equals("c") ? C_IN_JVM : "raw", p.get("probe").asText(),
                        p.get("access").asText(), "none", 0, ns, err));
            } else if (bench.contains("CFloorBench.")) {
                if (method.equals("bulk")) {
                    out.add(new Point(run, "page", "c-bulk-in-jvm", NO_PROBE, "read", "none", range, ns, err));
                    out.add(new Point(run, "granule", "c-bulk-in-jvm", NO_PROBE, "read", "none", range, ns, err));
                } else {
                    out.add(new Point(run, method, C_IN_JVM, "memfd", "read", "none", range, ns, err));
                }
            } else if (bench.endsWith("CallBench.cGetppid")) {
                out.add(new Point(run, "getppid", "c-baseline-in-jvm", NO_PROBE, "read", "none", 0, ns, err));
            } else {
                out.add(new Point(run, method, "baseline", NO_PROBE, "read", "none", range, ns, err));
            }
        }
    }

    /** Whether p's probe is {@code probe}; "default" is {@code def}'s other name. */
    private static boolean probeIs(final Point p, final String probe, final String def) {
        return p.probe.equals(probe) || p.probe.equals("default") && probe.equals(def);
    }

    static double find(final List<Point> ps, final String strategy, final String impl, final long range) {
        return ps.stream().filter(p -> !p.run.equals(GRANULE_RUN) && p.strategy.equals(strategy)
                        && p.impl.equals(impl) && p.rangeBytes == range && p.access.equals("read")
                        && p.fault.equals("none"))
                .mapToDouble(Point::nsPerOp).findFirst().orElse(Double.NaN);
    }

    /**
     * The first-byte probe does not depend on the range, so each range is another measurement
     * of the same thing: the mean over the ranges evens out some of the noise of one point.
     */
    static double meanOverRanges(final List<Point> ps, final String strategy, final String impl) {
        return ps.stream().filter(p -> p.strategy.equals(strategy) && p.impl.equals(impl)
                        && p.access.equals("read") && p.fault.equals("none"))
                .mapToDouble(Point::nsPerOp).average().orElse(Double.NaN);
    }

    /** The first-byte probe with {@code probe} ({@code def}: the default), Java or C, read or write. */
    static double firstByte(final List<Point> ps, final String impl, final String probe, final String access,
                            final String def) {
        return ps.stream().filter(p -> p.strategy.equals("first-byte") && p.impl.equals(impl)
                        && probeIs(p, probe, def) && p.access.equals(access) && p.fault.equals("none"))
                .mapToDouble(Point::nsPerOp).average().orElse(Double.NaN);
    }

    /** @return side A over side B of {@link PairedBench}'s rounds for the mechanism and access (NaN: not run) */
    static double paired(final List<Point> ps, final String a, final String b, final String probe, final String access,
                         final String def) {
        return firstByte(ps, a, probe, access, def) / firstByte(ps, b, probe, access, def);
    }

    /** The granule probe of a range: the page pass, then the first byte and every 16-byte granule. */
    static long granuleProbes(final long range, final long page) {
        return range / page + 1 + range / 16;
    }

    /** The 1-byte probes of {@code impl} of the granule run's range, with {@code probe}. */
    static Point granuleRun(final List<Point> ps, final String probe, final String def) {
        return ps.stream().filter(p -> p.run.equals(GRANULE_RUN) && p.strategy.equals("granule")
                        && p.impl.equals("faithful") && probeIs(p, probe, def) && p.access.equals("read")
                        && p.fault.equals("none"))
                .findFirst().orElse(null);
    }

    /**
     * The goals and their context, from one run.
     *
     * @param def  the default probe mechanism's name (what {@code probe=default} ran)
     * @param page the page size (the granule probe count)
     */
    static String callTable(final List<Point> ps) {
        final StringBuilder b = new StringBuilder("| call | impl | probe | access | ns | ± (JMH 99.9%) |\n|---|---|---|---|---:|---:|\n");
        ps.stream().filter(p -> p.rangeBytes == 0)
                .sorted(Comparator.comparing((Point p) -> p.strategy).thenComparing(p -> p.impl)
                        .thenComparing(p -> p.probe).thenComparing(p -> p.access))
                .forEach(p -> b.append("| ").append(p.strategy).append(" | ").append(p.impl).append(" | ")
                        .append(p.probe).append(" | ").append(p.access).append(" | ").append(ns(p.nsPerOp))
                        .append(" | ").append(Double.isNaN(p.error) ? "" : ns(p.error)).append(" |\n"));
        return b.toString();
    }

    /** The range points, one row per strategy, impl, probe, access and fault (the granule run apart). */
    static String table(final List<Point> all) {
        final List<Point> ps = all.stream().filter(p -> p.rangeBytes > 0).toList();
        final TreeSet<Long> ranges = new TreeSet<>();
        ps.forEach(p -> ranges.add(p.rangeBytes));
        final Map<String, Map<Long, Double>> rows = new TreeMap<>();
        for (final Point p : ps) {
            final String probe = p.run.equals(GRANULE_RUN) ? p.probe + " (granule run)" : p.probe;
            rows.computeIfAbsent(p.strategy + " | " + p.impl + " | " + probe + " | " + p.access + " | " + p.fault,
                    k -> new TreeMap<>()).put(p.rangeBytes, p.nsPerOp);
        }
        final StringBuilder b = new StringBuilder("| strategy | impl | probe | access | fault |");
        ranges.forEach(r -> b.append(' ').append(human(r)).append(" |"));
        b.append("\n|---|---|---|---|---|").append("---:|".repeat(ranges.size())).append('\n');
        rows.forEach((k, v) -> {
            b.append("| ").append(k).append(" |");
            ranges.forEach(r -> b.append(' ').append(v.containsKey(r) ? ns(v.get(r)) : "").append(" |"));
            b.append('\n');
        });
        return b.toString();
    }

    /** uname -m, the kernel release and the CPU model (/proc/cpuinfo), with the CPU count. */
    static String machine() {
        String arch = System.getProperty("os.arch");
        try {
            final Process u = new ProcessBuilder("uname", "-m").redirectErrorStream(true).start();
            final String out = new String(u.getInputStream().readAllBytes()).trim();
            if (u.waitFor() == 0 && !out.isEmpty()) {
                arch = out;
            }
        } catch (IOException | InterruptedException e) {
            // os.arch stays
        }
        String kernel = "?";
        String cpu = "?";
        try {
            kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                final String key = line.split(":", 2)[0].trim();
                if (line.contains(":") && (key.equals("model name") || key.equals("Hardware")
                        || key.equals("CPU implementer") && cpu.equals("?"))) {
                    cpu = line.split(":", 2)[1].trim();
                    if (key.equals("model name")) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            // unknown stays
        }
        return arch + ", Linux " + kernel + ", " + cpu + " (" + Runtime.getRuntime().availableProcessors() + " CPUs)";
    }

    static String markdown(final List<Point> ps, final String def, final long page, final String command,
                           final String machine) {
        return "# Probe granularity benchmark\n\nMade by `" + command + "` on " + machine + " (one run, JMH and the"
                + " C floor side by side; default probe mechanism: " + def + ").\n\n## Goals\n\n" + BenchGoals.goals(ps, def, page)
                + "\n## ns per call\n\n" + table(ps) + "\n## ns per call, no range\n\n" + callTable(ps)
                + "\n## Figures\n\n![one panel per strategy](plot.svg)\n\n![the first-byte probe's parts](parts.svg)\n";
    }

    /**
     * Writes the report and prints its Markdown on stdout.
     *
     * @param args DIR, then the command that made the run (for the headers)
     */
    public static void main(final String[] args) throws IOException {
        System.out.println(write(args));
    }

    /**
     * Writes results.json, results.md, plot.svg and parts.svg into DIR.
     *
     * @param args DIR, then the command that made the run (for the headers)
     * @return the Markdown of results.md
     */
    static String write(final String[] args) throws IOException {
        final Path dir = Path.of(args[0]);
        final String command = args.length > 1 ? String.join(" ", List.of(args).subList(1, args.length)) : "bench/run";
        final String def = ProbeMechanisms.current().name();
        final long page = Unistd.pageSize();
        final String machine = machine();
        final List<Point> ps = read(dir);
        final ObjectNode root = JSON.createObjectNode();
        root.put("command", command);
        root.put("machine", machine);
        root.put("defaultProbe", def);
        final ArrayNode goals = root.putArray("goals");
        for (final BenchGoals.Goal g : BenchGoals.goalList(ps, def, page)) {
            final ObjectNode o = goals.addObject();
            o.put("goal", g.what());
            if (g.measured()) {
                o.put("measured", g.value());
            } else {
                o.putNull("measured");
            }
            o.put("shown", g.shown());
            if (g.isGoal()) {
                o.put("limit", (g.atMost() ? "<= " : ">= ") + g.limit());
                o.put("met", g.measured() ? (g.met() ? "yes" : "no") : "not measured");
            } else {
                o.put("met", "context");
            }
        }
        final ArrayNode arr = root.putArray("points");
        for (final Point p : ps) {
            final ObjectNode o = arr.addObject();
            o.put("run", p.run);
            o.put("strategy", p.strategy);
            o.put("impl", p.impl);
            o.put("probe", p.probe);
            o.put("access", p.access);
            o.put("fault", p.fault);
            o.put("rangeBytes", p.rangeBytes);
            o.put("nsPerOp", p.nsPerOp);
            if (!Double.isNaN(p.error)) {
                o.put("scoreError", p.error);
            }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("results.json").toFile(), root);
        final String md = markdown(ps, def, page, command, machine);
        Files.writeString(dir.resolve("results.md"), md);
        Files.writeString(dir.resolve("plot.svg"), BenchPlots.svg(ps, command, machine));
        Files.writeString(dir.resolve("parts.svg"), BenchPlots.partsSvg(ps, def, command, machine));
        return md;
    }

    static String human(final long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }

    static String ns(final double ns) {
        if (ns >= 1e6) {
            return String.format(Locale.ENGLISH, "%.2f ms", ns / 1e6);
        }
        if (ns >= 1e3) {
            return String.format(Locale.ENGLISH, "%.1f us", ns / 1e3);
        }
        return String.format(Locale.ENGLISH, "%.0f ns", ns);
    }
}
