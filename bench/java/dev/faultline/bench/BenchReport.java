package dev.faultline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns one benchmark run (JMH's JSON and the C floor's JSON lines) into
 * {@code results.json} (one object per point: strategy, impl, access, fault, rangeBytes,
 * nsPerOp), {@code results.md} (the table and the goal ratios) and {@code plot.svg} (log-log,
 * ns per MiB against range size, one line per strategy x implementation, C dashed).
 * Usage: {@code BenchReport DIR COMMAND}; DIR holds JMH's results (every {@code jmh*.json}) and
 * the C floor's lines ({@code c.jsonl}).
 */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The C floor's faithful loops run inside the JMH fork (CFloorBench). */
    static final String C_IN_JVM = "c-faithful-in-jvm";

    private BenchReport() {
    }

    record Point(String strategy, String impl, String access, String fault, long rangeBytes, double nsPerOp) {
    }

    static List<Point> read(final Path dir) throws IOException {
        final List<Point> out = new ArrayList<>();
        final List<Path> runs;
        try (var files = Files.list(dir)) {
            runs = files.filter(f -> f.getFileName().toString().matches("jmh.*\\.json")).sorted().toList();
        }
        for (final Path run : runs) {
            read(JSON.readTree(run.toFile()), out);
        }
        for (final String line : Files.readAllLines(dir.resolve("c.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            final JsonNode c = JSON.readTree(line);
            out.add(new Point(c.get("strategy").asText(), c.get("impl").asText(), c.get("access").asText(), "none",
                    c.get("rangeBytes").asLong(), c.get("nsPerOp").asDouble()));
        }
        return out;
    }

    /** One JMH result file's points. */
    private static void read(final JsonNode results, final List<Point> out) {
        for (final JsonNode b : results) {
            final String bench = b.get("benchmark").asText();
            final JsonNode p = b.get("params");
            final double ns = b.get("primaryMetric").get("score").asDouble();
            final long range = p != null && p.has("rangeBytes") ? p.get("rangeBytes").asLong() : 0; // 0: a per-call baseline
            final String method = bench.substring(bench.lastIndexOf('.') + 1);
            if (bench.endsWith("ProbeBench.probe")) {
                out.add(new Point(p.get("strategy").asText(), p.get("impl").asText(), p.get("access").asText(),
                        p.get("fault").asText(), range, ns));
            } else if (bench.contains("CFloorBench.")) {
                switch (method) {
                    case "firstByte" -> out.add(new Point("first-byte", C_IN_JVM, "read", "none", range, ns));
                    case "bulk" -> {
                        out.add(new Point("page", "c-bulk-in-jvm", "read", "none", range, ns));
                        out.add(new Point("granule", "c-bulk-in-jvm", "read", "none", range, ns));
                    }
                    default -> out.add(new Point(method, C_IN_JVM, "read", "none", range, ns));
                }
            } else {
                out.add(new Point(method, "baseline", "read", "none", range, ns));
            }
        }
    }

    static double find(final List<Point> ps, final String strategy, final String impl, final long range) {
        return ps.stream().filter(p -> p.strategy.equals(strategy) && p.impl.equals(impl) && p.rangeBytes == range
                        && p.access.equals("read") && p.fault.equals("none"))
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

    static String goals(final List<Point> ps) {
        final long big = 64L << 20;
        final StringBuilder b = new StringBuilder("| goal | measured | met |\n|---|---|---|\n");
        final double fbJava = meanOverRanges(ps, "first-byte", "faithful");
        final double fbInJvm = meanOverRanges(ps, "first-byte", C_IN_JVM);
        final double fbOwn = meanOverRanges(ps, "first-byte", "c-faithful");
        row(b, "first-byte probe through the fault-in API / the same pwrite from C, same process", fbJava / fbInJvm,
                "x", fbJava / fbInJvm <= 1.15);
        final double raw = find(ps, "rawLoadProbe", "baseline", 0);
        context(b, "of which the FFM downcall: bare pwrite from Java / C, same process", raw / fbInJvm);
        context(b, "of which the fault-in API: first-byte probe / bare pwrite from Java", fbJava / raw);
        context(b, "first-byte probe / C in its own process with an idle second thread (cprobe: fd table shared,"
                + " as in every JVM)", fbJava / meanOverRanges(ps, "first-byte", "c-faithful-threaded"));
        context(b, "first-byte probe / C in its own single-threaded process (cprobe: fdget takes no file reference)",
                fbJava / fbOwn);
        final double pageJava = Math.min(find(ps, "page", "bulk", big), find(ps, "page", "batched", big));
        final double pop = find(ps, "populate-read", "c-baseline", big);
        row(b, "page read probe of 64 MiB (best Java impl) / C MADV_POPULATE_READ", pageJava / pop, "x",
                pageJava / pop <= 1.5);
        final double gFaithful = find(ps, "granule", "faithful", big);
        final double gBulk = find(ps, "granule", "bulk", big);
        row(b, "granule probe of 64 MiB: faithful / bulk", gFaithful / gBulk, "x", gFaithful / gBulk >= 50);
        final double copy = find(ps, "memoryCopy", "baseline", big);
        row(b, "granule probe of 64 MiB: bulk / MemorySegment.copy of the range", gBulk / copy, "x", gBulk / copy <= 2);
        return b.toString();
    }

    private static void context(final StringBuilder b, final String what, final double v) {
        b.append(String.format(Locale.ENGLISH, "| (context) %s | %s | - |%n", what,
                Double.isNaN(v) ? "not measured" : String.format(Locale.ENGLISH, "%.2fx", v)));
    }

    private static void row(final StringBuilder b, final String what, final double v, final String unit,
                            final boolean met) {
        b.append(String.format(Locale.ENGLISH, "| %s | %s | %s |%n", what,
                Double.isNaN(v) ? "not measured" : String.format(Locale.ENGLISH, "%.2f%s", v, unit),
                Double.isNaN(v) ? "-" : met ? "yes" : "**no**"));
    }

    /** The per-call baselines (no range): one row each. */
    static String callTable(final List<Point> ps) {
        final StringBuilder b = new StringBuilder("| call | impl | ns |\n|---|---|---:|\n");
        ps.stream().filter(p -> p.rangeBytes == 0)
                .sorted((x, y) -> (x.strategy + x.impl).compareTo(y.strategy + y.impl))
                .forEach(p -> b.append("| ").append(p.strategy).append(" | ").append(p.impl).append(" | ")
                        .append(ns(p.nsPerOp)).append(" |\n"));
        return b.toString();
    }

    static String table(final List<Point> all) {
        final List<Point> ps = all.stream().filter(p -> p.rangeBytes > 0).toList();
        final TreeSet<Long> ranges = new TreeSet<>();
        ps.forEach(p -> ranges.add(p.rangeBytes));
        final Map<String, Map<Long, Double>> rows = new TreeMap<>();
        for (final Point p : ps) {
            rows.computeIfAbsent(p.strategy + " | " + p.impl + " | " + p.access + " | " + p.fault, k -> new TreeMap<>())
                    .put(p.rangeBytes, p.nsPerOp);
        }
        final StringBuilder b = new StringBuilder("| strategy | impl | access | fault |");
        ranges.forEach(r -> b.append(' ').append(human(r)).append(" |"));
        b.append("\n|---|---|---|---|").append("---:|".repeat(ranges.size())).append('\n');
        rows.forEach((k, v) -> {
            b.append("| ").append(k).append(" |");
            ranges.forEach(r -> b.append(' ').append(v.containsKey(r) ? ns(v.get(r)) : "").append(" |"));
            b.append('\n');
        });
        return b.toString();
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

    /**
     * Colour says the strategy, the line the implementation: C dashed (dash-dot when it ran
     * inside the JMH fork), batched dotted, bulk thick, faithful and the baselines plain.
     */
    static String lineStyle(final String impl) {
        if (impl.startsWith("c-")) {
            return impl.endsWith("-in-jvm") ? " stroke-width=\"1.8\" stroke-dasharray=\"6,3,1.5,3\""
                    : " stroke-width=\"1.8\" stroke-dasharray=\"6,4\"";
        }
        return switch (impl) {
            case "batched" -> " stroke-width=\"2.2\" stroke-dasharray=\"1.5,3\"";
            case "bulk" -> " stroke-width=\"4\" stroke-opacity=\"0.6\"";
            default -> " stroke-width=\"1.8\"";
        };
    }

    static String svg(final List<Point> ps) {
        final int w = 900;
        final int h = 560;
        final int left = 80;
        final int bottom = 60;
        final int right = 260;
        final Map<String, TreeMap<Long, Double>> lines = new TreeMap<>();
        for (final Point p : ps) {
            if (p.access.equals("read") && p.fault.equals("none") && p.rangeBytes > 0) {
                lines.computeIfAbsent(p.strategy + " " + p.impl, k -> new TreeMap<>())
                        .put(p.rangeBytes, p.nsPerOp / (p.rangeBytes / 1048576.0));
            }
        }
        double lo = Double.MAX_VALUE;
        double hi = 0;
        long rmin = Long.MAX_VALUE;
        long rmax = 0;
        for (final TreeMap<Long, Double> l : lines.values()) {
            for (final Map.Entry<Long, Double> e : l.entrySet()) {
                lo = Math.min(lo, e.getValue());
                hi = Math.max(hi, e.getValue());
                rmin = Math.min(rmin, e.getKey());
                rmax = Math.max(rmax, e.getKey());
            }
        }
        final double ly0 = Math.floor(Math.log10(lo));
        final double ly1 = Math.ceil(Math.log10(hi));
        final double lx0 = Math.log10(rmin);
        final double lx1 = Math.max(lx0 + 1, Math.log10(rmax));
        final StringBuilder b = new StringBuilder(String.format(Locale.ENGLISH,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", w, h));
        b.append(String.format(Locale.ENGLISH, "<text x=\"%d\" y=\"20\" font-size=\"14\">Fault-in probe cost: ns per MiB"
                + " of range (log-log), read access, resident memory</text>%n", left));
        final int pw = w - left - right;
        final int ph = h - bottom - 40;
        for (double d = ly0; d <= ly1; d++) {
            final double y = 40 + ph - (d - ly0) / (ly1 - ly0) * ph;
            b.append(String.format(Locale.ENGLISH, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">1e%d</text>%n", left, left + pw, y, y, left - 5,
                    y + 4, (int) d));
        }
        for (final Long r : new TreeSet<>(ps.stream().map(Point::rangeBytes).filter(r -> r > 0).toList())) {
            final double x = left + (Math.log10(r) - lx0) / (lx1 - lx0) * pw;
            b.append(String.format(Locale.ENGLISH, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"40\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, x, 40 + ph, x, 40 + ph + 15,
                    human(r)));
        }
        b.append(String.format(Locale.ENGLISH, "<text x=\"%d\" y=\"%d\">range size</text>%n", left + pw / 2, h - 15));
        final String[] colors = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                "#bcbd22", "#17becf"};
        final List<String> strategies = lines.keySet().stream().map(k -> k.substring(0, k.indexOf(' '))).distinct()
                .toList();
        int i = 0;
        for (final Map.Entry<String, TreeMap<Long, Double>> l : lines.entrySet()) {
            final String strategy = l.getKey().substring(0, l.getKey().indexOf(' '));
            final String color = colors[strategies.indexOf(strategy) % colors.length];
            final String style = lineStyle(l.getKey().substring(l.getKey().indexOf(' ') + 1));
            final StringBuilder pts = new StringBuilder();
            for (final Map.Entry<Long, Double> e : l.getValue().entrySet()) {
                final double x = left + (Math.log10(e.getKey()) - lx0) / (lx1 - lx0) * pw;
                final double y = 40 + ph - (Math.log10(e.getValue()) - ly0) / (ly1 - ly0) * ph;
                pts.append(String.format(Locale.ENGLISH, "%.1f,%.1f ", x, y));
            }
            b.append(String.format(Locale.ENGLISH, "<polyline fill=\"none\" stroke=\"%s\"%s points=\"%s\"/>%n",
                    color, style, pts.toString().trim()));
            final int ly = 50 + i * 14;
            b.append(String.format(Locale.ENGLISH, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\"%s/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", w - right + 15, w - right + 40, ly, ly, color, style,
                    w - right + 45, ly + 4, l.getKey()));
            i++;
        }
        return b.append("</svg>\n").toString();
    }

    /**
     * @param args DIR, then the command that made the run (for the Markdown header)
     */
    public static void main(final String[] args) throws IOException {
        final Path dir = Path.of(args[0]);
        final String command = args.length > 1 ? String.join(" ", List.of(args).subList(1, args.length)) : "bench/run";
        final List<Point> ps = read(dir);
        final ArrayNode arr = JSON.createArrayNode();
        for (final Point p : ps) {
            final ObjectNode o = arr.addObject();
            o.put("strategy", p.strategy);
            o.put("impl", p.impl);
            o.put("access", p.access);
            o.put("fault", p.fault);
            o.put("rangeBytes", p.rangeBytes);
            o.put("nsPerOp", p.nsPerOp);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("results.json").toFile(), arr);
        final String md = "# Probe granularity benchmark\n\nMade by `" + command + "` (one run, JMH and the C floor"
                + " side by side).\n\n## Goals\n\n" + goals(ps) + "\n## ns per call\n\n" + table(ps)
                + "\n## ns per call, no range\n\n" + callTable(ps);
        Files.writeString(dir.resolve("results.md"), md);
        Files.writeString(dir.resolve("plot.svg"), svg(ps));
        System.out.println(md);
    }
}
