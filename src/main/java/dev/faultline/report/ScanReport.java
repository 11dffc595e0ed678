package dev.faultline.report;

import dev.faultline.scan.Scan;
import dev.faultline.scan.ScanCall;
import dev.faultline.scan.ScanMode;
import dev.faultline.scan.ScanResult;
import dev.faultline.scan.ScanRow;
import dev.faultline.scan.ScanVerdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The scan's report, from its rows: per file system a table of call x mode with a count per
 * verdict, then every anomaly with its finding and model, then what did not run and why. Text,
 * Markdown (docs/scan.md) or JSON; it renders, it measures nothing.
 */
public final class ScanReport {
    private ScanReport() {
    }

    /**
     * @param runs    the scan
     * @param machine one line on the machine (kernel release, architecture, page size, MTE)
     * @param md      Markdown instead of text
     * @return the report
     */
    public static String text(final List<Scan.FsRun> runs, final String machine, final boolean md) {
        final StringBuilder b = new StringBuilder();
        b.append(md ? "Machine: " : "scan: ").append(machine).append("\n\n");
        final ScanVerdict[] vs = ScanVerdict.values();
        final String head = String.format(Locale.ENGLISH, "%-7s %-17s %-9s", "fs", "call", "mode")
                + java.util.Arrays.stream(vs).map(v -> String.format(Locale.ENGLISH, " %5s", abbrev(v)))
                .collect(Collectors.joining()) + "  not run";
        if (md) {
            b.append("| fs | call | mode | ").append(java.util.Arrays.stream(vs).map(Enum::name)
                    .collect(Collectors.joining(" | "))).append(" | not run |\n|")
                    .append("---|".repeat(vs.length + 4)).append('\n');
        } else {
            b.append(head).append('\n');
        }
        for (final Scan.FsRun run : runs) {
            if (run.skipped() != null) {
                continue;
            }
            for (final ScanCall call : ScanCall.values()) {
                for (final ScanMode mode : ScanMode.values()) {
                    final List<ScanRow> cell = run.rows().stream().filter(r -> r.scanCase().call() == call
                            && r.scanCase().mode() == mode).toList();
                    if (cell.isEmpty()) {
                        continue;
                    }
                    final int[] n = new int[vs.length];
                    cell.stream().filter(ScanRow::ran).forEach(r -> n[r.verdict().ordinal()]++);
                    final long notRun = cell.stream().filter(r -> !r.ran()).count();
                    if (md) {
                        b.append("| ").append(run.fs()).append(" | ").append(call).append(" | ").append(mode);
                        for (final int c : n) {
                            b.append(" | ").append(c == 0 ? "" : Integer.toString(c));
                        }
                        b.append(" | ").append(notRun == 0 ? "" : Long.toString(notRun)).append(" |\n");
                    } else {
                        b.append(String.format(Locale.ENGLISH, "%-7s %-17s %-9s", run.fs(), call, mode));
                        for (final int c : n) {
                            b.append(String.format(Locale.ENGLISH, " %5s", c == 0 ? "." : Integer.toString(c)));
                        }
                        b.append(String.format(Locale.ENGLISH, "  %s%n", notRun == 0 ? "." : Long.toString(notRun)));
                    }
                }
            }
        }
        final List<ScanRow> anomalies = rows(runs).stream().filter(r -> r.ran() && r.verdict().anomaly()).toList();
        b.append('\n').append(anomalies.isEmpty() ? "No anomalies.\n" : "Anomalies (" + anomalies.size() + "):\n");
        for (final ScanRow r : anomalies) {
            b.append(md ? "- `" + r.scanCase() + "` " : "  " + r.scanCase() + "  ").append(r.verdictText())
                    .append(": ").append(r.note()).append("; finding: ").append(r.finding())
                    .append("; model: ").append(r.model() == null ? "none covers this path"
                            : r.model() + ", " + r.modelSays()).append('\n');
        }
        final List<ScanRow> compared = rows(runs).stream().filter(r -> r.modelSays() != null
                && !r.modelSays().startsWith("not compared")).toList();
        final List<ScanRow> disagree = compared.stream().filter(r -> r.modelSays().startsWith("disagrees")).toList();
        b.append(String.format(Locale.ENGLISH, "%nModels: %d rows compared with the loop model of their path, %d agree"
                + "%s%n", compared.size(), compared.size() - disagree.size(), disagree.isEmpty() ? "." : "; these do not:"));
        for (final ScanRow r : disagree) {
            b.append(md ? "- `" + r.scanCase() + "` " : "  " + r.scanCase() + "  ").append(r.verdictText())
                    .append(": ").append(r.model()).append(' ').append(r.modelSays()).append('\n');
        }
        // the paths that ran and that no loop model covers: the next models to write
        final java.util.Set<String> unmodelled = new java.util.TreeSet<>();
        rows(runs).stream().filter(r -> r.ran() && r.model() == null).forEach(r -> unmodelled.add(r.scanCase().fs() + " "
                + r.scanCase().call().operation() + " " + r.scanCase().mode()));
        if (!unmodelled.isEmpty()) {
            b.append(String.format(Locale.ENGLISH, "%nPaths no model covers (the next models): %s%n",
                    String.join(", ", unmodelled)));
        }
        final Map<String, Integer> notRun = new TreeMap<>();
        rows(runs).stream().filter(r -> !r.ran()).forEach(r -> notRun.merge(r.scanCase().fs() + ": " + r.note(), 1,
                Integer::sum));
        runs.stream().filter(r -> r.skipped() != null).forEach(r -> notRun.put(r.fs() + ": skipped: " + r.skipped(), 0));
        if (!notRun.isEmpty()) {
            b.append(md ? "\nNot run:\n" : "\nnot run:\n");
            notRun.forEach((why, count) -> b.append(md ? "- " : "  ").append(why)
                    .append(count == 0 ? "" : " (" + count + " cases)").append('\n'));
        }
        final long cases = rows(runs).stream().filter(ScanRow::ran).count();
        final long recorded = rows(runs).stream().filter(r -> r.ran() && r.recorded()).count();
        final long now = cases - recorded;
        final double seconds = seconds(runs);
        final long fileSystems = runs.stream().filter(r -> r.skipped() == null).count();
        final double rate = seconds == 0 ? 0 : now * 60 / seconds;
        final long lanes = runs.stream().filter(r -> r.skipped() == null).mapToInt(Scan.FsRun::lane).distinct().count();
        final String on = lanes > 1 ? String.format(Locale.ENGLISH, " on %d lanes", lanes) : "";
        if (recorded == 0) {
            b.append(String.format(Locale.ENGLISH, "%n%d cases ran on %d file systems in %.0f s%s (%.0f a minute, making"
                    + " the file systems included)%n", cases, fileSystems, seconds, on, rate));
        } else {
            b.append(String.format(Locale.ENGLISH, "%n%d cases ran on %d file systems, %d of them on earlier boots (the"
                    + " record); this run: %d in %.0f s%s (%.0f a minute, making the file systems included)%n", cases,
                    fileSystems, recorded, now, seconds, on, rate));
        }
        b.append(timeSpent(runs));
        return b.toString();
    }

    /**
     * @return the scan's seconds: its lanes ran side by side, each file system after the other on its
     *         lane, so the longest lane's sum
     */
    static double seconds(final List<Scan.FsRun> runs) {
        final Map<Integer, Double> lane = new TreeMap<>();
        runs.forEach(r -> lane.merge(r.lane(), r.seconds(), Double::sum));
        return lane.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /**
     * Where the time went: each file system's seconds and cases, and the cases that did not return
     * (each watched until seen spinning, or to the deadline, then a handled signal and SIGKILL).
     */
    static String timeSpent(final List<Scan.FsRun> runs) {
        final List<String> each = new ArrayList<>();
        for (final Scan.FsRun r : runs) {
            if (r.skipped() == null) {
                each.add(String.format(Locale.ENGLISH, "%s %.0f s (%d)", r.fs(), r.seconds(),
                        r.rows().stream().filter(x -> x.ran() && !x.recorded()).count()));
            }
        }
        final long stuck = rows(runs).stream().filter(r -> !r.recorded() && (r.verdict() == ScanVerdict.LIVELOCK
                || r.verdict() == ScanVerdict.UNKILLABLE)).count();
        return each.isEmpty() ? "" : String.format(Locale.ENGLISH, "Time per file system (cases run now): %s; %d cases did not"
                + " return, each signalled once seen spinning (from %.2f s) or at the %.0f s deadline, then SIGKILL%n",
                String.join(", ", each), stuck, Scan.EARLY_LOOK, Scan.DEADLINE);
    }

    /**
     * The scan as KTAP (Documentation/dev-tools/ktap.rst, what kselftest prints), for kernel CI: one
     * test per case; an anomaly is "not ok" with its verdict and finding, a case that did not run is
     * "ok ... # SKIP" with why, a file system that was skipped is one "ok ... # SKIP" line.
     *
     * @param runs    the scan
     * @param machine one line on the machine, as a diagnostic
     * @return the KTAP text
     */
    public static String ktap(final List<Scan.FsRun> runs, final String machine) {
        final List<String> tests = new java.util.ArrayList<>();
        for (final Scan.FsRun run : runs) {
            if (run.skipped() != null) {
                tests.add("ok %d " + run.fs() + " # SKIP " + oneLine(run.skipped()));
                continue;
            }
            for (final ScanRow r : run.rows()) {
                if (!r.ran()) {
                    tests.add("ok %d " + r.scanCase() + " # SKIP " + oneLine(r.note()));
                } else if (r.verdict().anomaly()) {
                    tests.add("not ok %d " + r.scanCase() + " # " + r.verdictText() + "; finding: " + r.finding());
                } else {
                    tests.add("ok %d " + r.scanCase() + " # " + r.verdictText());
                }
            }
        }
        final StringBuilder b = new StringBuilder("KTAP version 1\n# faultline scan: ").append(oneLine(machine))
                .append("\n1..").append(tests.size()).append('\n');
        for (int i = 0; i < tests.size(); i++) {
            b.append(String.format(Locale.ENGLISH, tests.get(i), i + 1)).append('\n');
        }
        return b.toString();
    }

    private static String oneLine(final String s) {
        return s == null ? "" : s.replace('\n', ' ').replace("%", "%%");
    }

    private static String abbrev(final ScanVerdict v) {
        return switch (v) {
            case OVERREPORT -> "OVER";
            case UNKILLABLE -> "UNKIL";
            case LIVELOCK -> "LIVE";
            case EFAULT -> "EFLT";
            default -> v.name().length() > 5 ? v.name().substring(0, 5) : v.name();
        };
    }

    private static List<ScanRow> rows(final List<Scan.FsRun> runs) {
        return runs.stream().flatMap(r -> r.rows().stream()).toList();
    }

    /** @return the scan as the JSON object of {@code scan --json} */
    public static Map<String, Object> json(final List<Scan.FsRun> runs, final Map<String, Object> machine) {
        final Map<String, Object> o = new LinkedHashMap<>(machine);
        final List<Object> rows = new ArrayList<>();
        for (final ScanRow r : rows(runs)) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("fs", r.scanCase().fs());
            m.put("call", r.scanCase().call().word());
            m.put("mode", r.scanCase().mode().word());
            m.put("backing", r.scanCase().backing().word());
            m.put("layout", r.scanCase().layout());
            m.put("offset", r.scanCase().offset());
            m.put("size", r.scanCase().size());
            m.put("possible", r.possible());
            m.put("returned", r.ran() && r.result().returned() != ScanResult.NONE ? r.result().returned() : null);
            m.put("errno", r.ran() && r.result().errno() != 0 ? r.result().errno() : null);
            m.put("landed", r.ran() && r.result().landed() != ScanResult.NONE ? r.result().landed() : null);
            m.put("verdict", r.ran() ? r.verdict().name() : null);
            m.put("shortBy", r.shortBy());
            m.put("note", r.note());
            m.put("finding", r.finding());
            m.put("model", r.model());
            m.put("modelSays", r.modelSays());
            m.put("case", r.scanCase().toString());
            rows.add(m);
        }
        o.put("rows", rows);
        final Map<String, Object> skipped = new LinkedHashMap<>();
        runs.stream().filter(r -> r.skipped() != null).forEach(r -> skipped.put(r.fs(), r.skipped()));
        o.put("skipped", skipped);
        o.put("anomalies", rows(runs).stream().filter(r -> r.ran() && r.verdict().anomaly()).count());
        return o;
    }
}
