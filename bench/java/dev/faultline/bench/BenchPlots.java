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
 * The benchmark's figures as SVG: one log-log panel per strategy (faithful, batched, bulk and the C
 * lines within, baselines in grey) and the first-byte probe's parts as stacked bars (syscall floor,
 * kernel work, FFM, API). Every figure names the command and the machine that made it.
 */
final class BenchPlots {
    private BenchPlots() {
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
    static String svg(final List<BenchReport.Point> all, final String command, final String machine) {
        final List<BenchReport.Point> ps = all.stream().filter(p -> p.access().equals("read") && p.fault().equals("none")
                && p.rangeBytes() > 0 && !p.run().equals(BenchReport.GRANULE_RUN)).toList();
        final List<String> strategies = ps.stream().map(BenchReport.Point::strategy)
                .filter(st -> !BASELINES.contains(st) && !st.equals("first-byte")).distinct().sorted().toList();
        double lo = Double.MAX_VALUE;
        double hi = 0;
        long rmin = Long.MAX_VALUE;
        long rmax = 0;
        for (final BenchReport.Point p : ps) {
            final double v = p.nsPerOp() / (p.rangeBytes() / 1048576.0);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            rmin = Math.min(rmin, p.rangeBytes());
            rmax = Math.max(rmax, p.rangeBytes());
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
        final TreeSet<Long> ranges = new TreeSet<>(ps.stream().map(BenchReport.Point::rangeBytes).toList());
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
                        x, x, y0, y0 + ph, x, y0 + ph + 14, BenchReport.human(r)));
            }
            b.append(String.format(Locale.ENGLISH, "<text x=\"%d\" y=\"%d\" fill=\"#444\">range size; y: ns per"
                    + " MiB</text>%n", x0 + pw / 2 - 60, y0 + ph + 30));
            final Map<String, TreeMap<Long, Double>> lines = new TreeMap<>();
            for (final BenchReport.Point p : ps) {
                if (p.strategy().equals(strategy) || BASELINES.contains(p.strategy())) {
                    lines.computeIfAbsent(p.strategy() + " " + p.impl(), key -> new TreeMap<>())
                            .put(p.rangeBytes(), p.nsPerOp() / (p.rangeBytes() / 1048576.0));
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
    static List<Parts> parts(final List<BenchReport.Point> ps, final String def) {
        final double cgp = BenchReport.find(ps, "getppid", "c-baseline-in-jvm", 0);
        final List<Parts> out = new ArrayList<>();
        final List<String> order = new ArrayList<>(List.of(def));
        BenchReport.MECHANISMS.stream().filter(m -> !m.equals(def)).forEach(order::add);
        for (final String m : order) {
            for (final String access : List.of("read", "write")) {
                final double c = BenchReport.firstByte(ps, BenchReport.C_IN_JVM, m, access, def);
                final double raw = BenchReport.firstByte(ps, "raw", m, access, def);
                final double java = BenchReport.firstByte(ps, "faithful", m, access, def);
                if (!Double.isNaN(cgp + c + raw + java)) {
                    out.add(new Parts(m, access, cgp, c - cgp, raw - c, java - raw));
                }
            }
        }
        return out;
    }

    /** A horizontal stacked bar per mechanism and access: the parts of {@link #parts}. */
    static String partsSvg(final List<BenchReport.Point> ps, final String def, final String command, final String machine) {
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
                    left - 8, y + 15, esc(p.probe()), p.access()));
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

}
