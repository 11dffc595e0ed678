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
    /** The probe of a point that is no probe mechanism's (baselines, bulk copies). */
    static final String NO_PROBE = "-";
    /** The run that measures granule faithful with memfd and the default mechanism side by side. */
    static final String GRANULE_RUN = "jmh-granule";
    /** The mechanisms, in the order ProbeMechanisms tries them. */
    static final List<String> MECHANISMS = List.of("zero-fd", "affinity", "memfd");
    /** The goal limits. */
    static final double PROBE_OVER_GETPPID = 1.20;
    static final double JAVA_OVER_C = 1.10;
    static final double WORK_OVER_MEMFD_WORK = 0.5;
    static final double GRANULE_OVER_PREDICTED = 1.10;

    private BenchReport() {
    }

    /** @param run the result file's name without extension: jmh, jmh-first-byte, jmh-granule, c */
    /** @param error JMH's 99.9% score error (NaN: the C floor's own lines, and a single iteration) */
    record Point(String run, String strategy, String impl, String probe, String access, String fault, long rangeBytes,
                 double nsPerOp, double error) {
    }

    /**
     * One goal or context row.
     *
     * @param limit the goal's bound (NaN: a context row, no goal)
     * @param atMost true when the value must be at most the limit, false when at least
     * @param shown  what the measured column shows (the ratio, or the figures it was made of)
     */
    record Goal(String what, double value, double limit, boolean atMost, String shown) {
        boolean isGoal() {
            return !Double.isNaN(limit);
        }

        boolean measured() {
            return !Double.isNaN(value);
        }

        boolean met() {
            return measured() && (atMost ? value <= limit : value >= limit);
        }
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
            // cprobe's faithful loops probe with a 1-byte pwrite into a memfd
            final String probe = impl.startsWith("c-faithful") ? "memfd" : NO_PROBE;
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

    /** The granule probe of a range: the page pass, then the first byte and every 16-byte granule. */
    static long granuleProbes(final long range, final long page) {
        return range / page + 1 + range / 16;
    }

    /** The 1-byte probes of {@code impl} of the granule run's range, with {@code probe}. */
    private static Point granuleRun(final List<Point> ps, final String probe, final String def) {
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
    static List<Goal> goalList(final List<Point> ps, final String def, final long page) {
        final List<Goal> g = new ArrayList<>();
        final double gp = find(ps, "getppid", "baseline", 0);
        final double cgp = find(ps, "getppid", "c-baseline-in-jvm", 0);
        final double fbDef = firstByte(ps, "faithful", def, "read", def);
        final double fbMemfd = firstByte(ps, "faithful", "memfd", "read", def);
        g.add(goal("first-byte read probe through the fault-in API (default mechanism, " + def + ") / getppid from"
                + " Java, same run", fbDef / gp, PROBE_OVER_GETPPID, true));
        g.add(context("the same, write probe", firstByte(ps, "faithful", def, "write", def) / gp));
        g.add(context("the same from C, same process: " + def + " read probe / getppid",
                firstByte(ps, C_IN_JVM, def, "read", def) / cgp));
        final List<String> order = new ArrayList<>(List.of(def));
        MECHANISMS.stream().filter(m -> !m.equals(def)).forEach(order::add);
        for (final String m : order) {
            for (final String access : List.of("read", "write")) {
                final double java = firstByte(ps, "faithful", m, access, def);
                final double c = firstByte(ps, C_IN_JVM, m, access, def);
                g.add(goal("first-byte " + access + " probe, " + m + ": Java through the fault-in API / the same"
                        + " syscall from C, same process", java / c, JAVA_OVER_C, true));
                g.add(context(access + " probe, " + m + ", through the fault-in API / getppid from Java; from C: "
                        + ratio(c / cgp), java / gp));
                if (m.equals(def)) {
                    final double raw = firstByte(ps, "raw", m, access, def);
                    g.add(context("of which the FFM downcall: bare syscall from Java / C", raw / c));
                    g.add(context("of which the fault-in API: probe through the API / bare syscall from Java",
                            java / raw));
                }
            }
        }
        g.add(goal("work beyond the bare syscall, read probe through the fault-in API: (" + def + " - getppid) /"
                + " (memfd - getppid)", (fbDef - gp) / (fbMemfd - gp), WORK_OVER_MEMFD_WORK, true));
        final double fbDefW = firstByte(ps, "faithful", def, "write", def);
        final double fbMemfdW = firstByte(ps, "faithful", "memfd", "write", def);
        g.add(context("the same, write probe", (fbDefW - gp) / (fbMemfdW - gp)));
        final Point gMemfd = granuleRun(ps, "memfd", def);
        final Point gDef = granuleRun(ps, def, def);
        if (gMemfd != null && gDef != null && gMemfd.rangeBytes == gDef.rangeBytes) {
            final long n = granuleProbes(gDef.rangeBytes, page);
            final double saving = fbMemfd - fbDef;
            final double predicted = gMemfd.nsPerOp - n * saving;
            // no saving, or a prediction at or below zero (a saving larger than memfd's time per probe):
            // the first-byte figures are noise, there is nothing to check against: missed
            final boolean predicts = saving > 0 && predicted > 0;
            final double v = predicts ? gDef.nsPerOp / predicted : Double.POSITIVE_INFINITY;
            final String shown = predicts
                    ? String.format(Locale.ENGLISH, "%s / %s = %.2fx", ns(gDef.nsPerOp), ns(predicted), v)
                    : String.format(Locale.ENGLISH, "%s / predicted %.0f ns: no prediction", ns(gDef.nsPerOp),
                    predicted);
            g.add(new Goal("granule faithful read probe of " + human(gDef.rangeBytes) + ", " + def + ": measured /"
                    + " predicted (memfd's time - " + n + " probes x the first-byte saving)", v,
                    GRANULE_OVER_PREDICTED, true, Double.isNaN(v) ? "not measured"
                    : String.format(Locale.ENGLISH, "%s (memfd %s, saving %.0f ns per probe)", shown,
                    ns(gMemfd.nsPerOp), saving)));
        } else {
            g.add(goal("granule faithful read probe, default mechanism: measured / predicted", Double.NaN,
                    GRANULE_OVER_PREDICTED, true));
        }
        final double fbMemfdC = firstByte(ps, "c-faithful-threaded", "memfd", "read", def);
        g.add(context("memfd first-byte probe / C in its own process with an idle second thread (cprobe: fd table"
                + " shared, as in every JVM)", fbMemfd / fbMemfdC));
        g.add(context("memfd first-byte probe / C in its own single-threaded process (cprobe: fdget takes no file"
                + " reference)", fbMemfd / firstByte(ps, "c-faithful", "memfd", "read", def)));
        final long big = 64L << 20;
        final double pageJava = Math.min(find(ps, "page", "bulk", big), find(ps, "page", "batched", big));
        final double pop = find(ps, "populate-read", "c-baseline", big);
        g.add(goal("page read probe of 64 MiB (best Java impl) / C MADV_POPULATE_READ", pageJava / pop, 1.5, true));
        final double gFaithful = find(ps, "granule", "faithful", big);
        final double gBulk = find(ps, "granule", "bulk", big);
        g.add(goal("granule probe of 64 MiB: faithful / bulk", gFaithful / gBulk, 50, false));
        final double copy = find(ps, "memoryCopy", "baseline", big);
        g.add(goal("granule probe of 64 MiB: bulk / MemorySegment.copy of the range", gBulk / copy, 2, true));
        return g;
    }

    private static Goal goal(final String what, final double v, final double limit, final boolean atMost) {
        return new Goal(what, v, limit, atMost, ratio(v));
    }

    private static Goal context(final String what, final double v) {
        return new Goal("(context) " + what, v, Double.NaN, true, ratio(v));
    }

    private static String ratio(final double v) {
        return Double.isNaN(v) ? "not measured" : String.format(Locale.ENGLISH, "%.2fx", v);
    }

    static String goals(final List<Point> ps, final String def, final long page) {
        final StringBuilder b = new StringBuilder("| goal | measured | limit | met |\n|---|---|---|---|\n");
        for (final Goal g : goalList(ps, def, page)) {
            b.append(String.format(Locale.ENGLISH, "| %s | %s | %s | %s |%n", g.what, g.shown,
                    g.isGoal() ? (g.atMost ? "<= " : ">= ") + String.format(Locale.ENGLISH, "%.2fx", g.limit) : "-",
                    !g.isGoal() || !g.measured() ? "-" : g.met() ? "yes" : "**no**"));
        }
        return b.toString();
    }

    /** The per-call points (no range): one row each. */
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

    /** Baseline strategies: drawn grey in every panel, no panel of their own. */
    static final List<String> BASELINES = List.of("populate-read", "populateRead", "memoryCopy", "memcpy");

    /** Colour says the implementation family: faithful blue, batched orange, bulk green, baselines grey. */
    static String color(final String strategy, final String impl) {
        if (BASELINES.contains(strategy)) {
            return strategy.startsWith("populate") ? "#7f7f7f" : "#bcbd22";
        }
        if (impl.contains("bulk")) {
            return "#2ca02c";
        }
        if (impl.equals("batched")) {
            return "#ff7f0e";
        }
        if (impl.contains("threaded")) {
            return "#9467bd";
        }
        return "#1f77b4";
    }

    /**
     * The line says where it ran: C dashed (dash-dot when it ran inside the JMH fork), batched
     * dotted, bulk thick, faithful and the Java baselines plain.
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

    static String esc(final String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The figure's header: its title, then the command and the machine that made it. */
    private static StringBuilder figure(final int w, final int h, final String title, final String command,
                                        final String machine) {
        return new StringBuilder(String.format(Locale.ENGLISH,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"20\" y=\"22\" font-size=\"15\">%s</text>%n"
                        + "<text x=\"20\" y=\"40\" fill=\"#444\">made by %s on %s</text>%n",
                w, h, esc(title), esc(command), esc(machine)));
    }

    /**
     * One log-log panel per strategy (read access, no fault): ns per MiB of range against range
     * size, its implementations and the C floor within, the range baselines grey in each. All
     * panels share one scale.
     */
    static String svg(final List<Point> all, final String command, final String machine) {
        final List<Point> ps = all.stream().filter(p -> p.access.equals("read") && p.fault.equals("none")
                && p.rangeBytes > 0 && !p.run.equals(GRANULE_RUN)).toList();
        final List<String> strategies = ps.stream().map(Point::strategy)
                .filter(st -> !BASELINES.contains(st) && !st.equals("first-byte")).distinct().sorted().toList();
        double lo = Double.MAX_VALUE;
        double hi = 0;
        long rmin = Long.MAX_VALUE;
        long rmax = 0;
        for (final Point p : ps) {
            final double v = p.nsPerOp / (p.rangeBytes / 1048576.0);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            rmin = Math.min(rmin, p.rangeBytes);
            rmax = Math.max(rmax, p.rangeBytes);
        }
        final int cols = 2;
        final int pw = 330;
        final int ph = 230;
        final int legend = 190;
        final int cw = 70 + pw + legend;
        final int ch = ph + 80;
        final int rows = Math.max(1, (strategies.size() + cols - 1) / cols);
        final int w = cols * cw + 20;
        final int h = 60 + rows * ch;
        final StringBuilder b = figure(w, h, "Fault-in probe cost per strategy: ns per MiB of range (log-log),"
                + " read access, resident memory", command, machine);
        if (strategies.isEmpty()) {
            return b.append("<text x=\"20\" y=\"80\">no range measured</text>\n</svg>\n").toString();
        }
        final double ly0 = Math.floor(Math.log10(lo));
        final double ly1 = Math.max(ly0 + 1, Math.ceil(Math.log10(hi)));
        final double lx0 = Math.log10(rmin);
        final double lx1 = Math.max(lx0 + 1, Math.log10(rmax));
        final TreeSet<Long> ranges = new TreeSet<>(ps.stream().map(Point::rangeBytes).toList());
        for (int k = 0; k < strategies.size(); k++) {
            final String strategy = strategies.get(k);
            final int x0 = 10 + (k % cols) * cw + 60;
            final int y0 = 60 + (k / cols) * ch + 25;
            b.append(String.format(Locale.ENGLISH, "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">"
                    + "%s</text>%n", x0, y0 - 8, esc(strategy)));
            b.append(String.format(Locale.ENGLISH, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                    + " stroke=\"#999\"/>%n", x0, y0, pw, ph));
            for (double d = ly0; d <= ly1; d++) {
                final double y = y0 + ph - (d - ly0) / (ly1 - ly0) * ph;
                b.append(String.format(Locale.ENGLISH, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\""
                        + " stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">1e%d</text>%n",
                        x0, x0 + pw, y, y, x0 - 4, y + 4, (int) d));
            }
            for (final long r : ranges) {
                final double x = x0 + (Math.log10(r) - lx0) / (lx1 - lx0) * pw;
                b.append(String.format(Locale.ENGLISH, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\""
                        + " stroke=\"#eee\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                        x, x, y0, y0 + ph, x, y0 + ph + 14, human(r)));
            }
            b.append(String.format(Locale.ENGLISH, "<text x=\"%d\" y=\"%d\" fill=\"#444\">range size; y: ns per"
                    + " MiB</text>%n", x0 + pw / 2 - 60, y0 + ph + 30));
            final Map<String, TreeMap<Long, Double>> lines = new TreeMap<>();
            for (final Point p : ps) {
                if (p.strategy.equals(strategy) || BASELINES.contains(p.strategy)) {
                    lines.computeIfAbsent(p.strategy + " " + p.impl, key -> new TreeMap<>())
                            .put(p.rangeBytes, p.nsPerOp / (p.rangeBytes / 1048576.0));
                }
            }
            int i = 0;
            for (final Map.Entry<String, TreeMap<Long, Double>> l : lines.entrySet()) {
                final String st = l.getKey().substring(0, l.getKey().indexOf(' '));
                final String impl = l.getKey().substring(l.getKey().indexOf(' ') + 1);
                final String color = color(st, impl);
                final String style = lineStyle(impl);
                final StringBuilder pts = new StringBuilder();
                for (final Map.Entry<Long, Double> e : l.getValue().entrySet()) {
                    final double x = x0 + (Math.log10(e.getKey()) - lx0) / (lx1 - lx0) * pw;
                    final double y = y0 + ph - (Math.log10(e.getValue()) - ly0) / (ly1 - ly0) * ph;
                    pts.append(String.format(Locale.ENGLISH, "%.1f,%.1f ", x, y));
                }
                b.append(String.format(Locale.ENGLISH, "<polyline fill=\"none\" stroke=\"%s\"%s points=\"%s\"/>%n",
                        color, style, pts.toString().trim()));
                final int ly = y0 + 6 + i * 14;
                final String label = BASELINES.contains(st) ? st + " " + impl : impl;
                b.append(String.format(Locale.ENGLISH, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\""
                        + "%s/><text x=\"%d\" y=\"%d\">%s</text>%n", x0 + pw + 10, x0 + pw + 32, ly, ly, color,
                        style, x0 + pw + 36, ly + 4, esc(label)));
                i++;
            }
        }
        return b.append("</svg>\n").toString();
    }

    /** The four parts of one first-byte probe, in ns (a part measured below zero is noise: shown as such). */
    record Parts(String probe, String access, double floor, double kernel, double ffm, double api) {
        double total() {
            return floor + kernel + ffm + api;
        }
    }

    /**
     * Each mechanism's first-byte probe split: syscall floor = getppid (from C, same process),
     * kernel work = C probe - getppid, FFM = bare syscall from Java - C, API = the probe through
     * the fault-in API - bare syscall from Java.
     */
    static List<Parts> parts(final List<Point> ps, final String def) {
        final double cgp = find(ps, "getppid", "c-baseline-in-jvm", 0);
        final List<Parts> out = new ArrayList<>();
        final List<String> order = new ArrayList<>(List.of(def));
        MECHANISMS.stream().filter(m -> !m.equals(def)).forEach(order::add);
        for (final String m : order) {
            for (final String access : List.of("read", "write")) {
                final double c = firstByte(ps, C_IN_JVM, m, access, def);
                final double raw = firstByte(ps, "raw", m, access, def);
                final double java = firstByte(ps, "faithful", m, access, def);
                if (!Double.isNaN(cgp + c + raw + java)) {
                    out.add(new Parts(m, access, cgp, c - cgp, raw - c, java - raw));
                }
            }
        }
        return out;
    }

    /** A horizontal stacked bar per mechanism and access: the parts of {@link #parts}. */
    static String partsSvg(final List<Point> ps, final String def, final String command, final String machine) {
        final List<Parts> parts = parts(ps, def);
        final int left = 170;
        final int barW = 600;
        final int w = left + barW + 120;
        final int h = 110 + parts.size() * 34 + 50;
        final StringBuilder b = figure(w, h, "The first-byte probe's parts, per probe mechanism (ns; default: "
                + def + ")", command, machine);
        final String[] names = {"syscall floor (getppid, C)", "kernel work (C probe - getppid)",
                "FFM (Java bare syscall - C)", "fault-in API (Java probe - bare syscall)"};
        final String[] colors = {"#7f7f7f", "#1f77b4", "#ff7f0e", "#2ca02c"};
        for (int k = 0; k < names.length; k++) {
            final int x = 20 + k * 215;
            b.append(String.format(Locale.ENGLISH, "<rect x=\"%d\" y=\"52\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"62\">%s</text>%n", x, colors[k], x + 16, esc(names[k])));
        }
        final double max = parts.stream().mapToDouble(p -> p.floor + Math.max(0, p.kernel) + Math.max(0, p.ffm)
                + Math.max(0, p.api)).max().orElse(1);
        final double scale = barW / max;
        for (int i = 0; i < parts.size(); i++) {
            final Parts p = parts.get(i);
            final int y = 90 + i * 34;
            b.append(String.format(Locale.ENGLISH, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s %s</text>%n",
                    left - 8, y + 15, esc(p.probe), p.access));
            final double[] v = {p.floor, p.kernel, p.ffm, p.api};
            double x = left;
            final StringBuilder neg = new StringBuilder();
            for (int k = 0; k < v.length; k++) {
                final double seg = Math.max(0, v[k]) * scale;
                if (v[k] < 0) {
                    neg.append(String.format(Locale.ENGLISH, "; %s %.0f ns (noise)", names[k].split(" \\(")[0], v[k]));
                }
                b.append(String.format(Locale.ENGLISH, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"20\""
                        + " fill=\"%s\"><title>%s: %.0f ns</title></rect>%n", x, y, seg, colors[k], esc(names[k]), v[k]));
                if (seg >= 34) {
                    b.append(String.format(Locale.ENGLISH, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\""
                            + " fill=\"white\">%.0f</text>%n", x + seg / 2, y + 14, v[k]));
                }
                x += seg;
            }
            b.append(String.format(Locale.ENGLISH, "<text x=\"%.1f\" y=\"%d\">%.0f ns%s</text>%n", x + 6, y + 14,
                    p.total(), esc(neg.toString())));
        }
        b.append(String.format(Locale.ENGLISH, "<text x=\"20\" y=\"%d\" fill=\"#444\">C: bench/c/probe.c through"
                + " libcprobe.so in the JMH fork (256 probes per downcall); Java: MechanismBench.raw and ProbeBench"
                + " first-byte</text>%n", h - 18));
        return b.append("</svg>\n").toString();
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
                + " C floor side by side; default probe mechanism: " + def + ").\n\n## Goals\n\n" + goals(ps, def, page)
                + "\n## ns per call\n\n" + table(ps) + "\n## ns per call, no range\n\n" + callTable(ps)
                + "\n## Figures\n\n![one panel per strategy](plot.svg)\n\n![the first-byte probe's parts](parts.svg)\n";
    }

    /**
     * @param args DIR, then the command that made the run (for the headers)
     */
    public static void main(final String[] args) throws IOException {
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
        for (final Goal g : goalList(ps, def, page)) {
            final ObjectNode o = goals.addObject();
            o.put("goal", g.what);
            if (g.measured()) {
                o.put("measured", g.value);
            } else {
                o.putNull("measured");
            }
            o.put("shown", g.shown);
            if (g.isGoal()) {
                o.put("limit", (g.atMost ? "<= " : ">= ") + g.limit);
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
        Files.writeString(dir.resolve("plot.svg"), svg(ps, command, machine));
        Files.writeString(dir.resolve("parts.svg"), partsSvg(ps, def, command, machine));
        System.out.println(md);
    }
}
