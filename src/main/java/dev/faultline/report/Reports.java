package dev.faultline.report;

import dev.faultline.lab.FaultCase;
import dev.faultline.lab.LeftOut;
import dev.faultline.lab.Matrix;
import dev.faultline.lab.MatrixRow;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.Loop;
import dev.faultline.loops.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link Matrix}: terminal table, Markdown, CSV, JSON. */
public final class Reports {
    private static final int CELL = 17;

    private Reports() {
    }

    private static String cell(final MatrixRow r) {
        if (r == null) {
            return "-";
        }
        final Verdict v = r.outcome().verdict();
        return v == Verdict.LIVELOCK ? "LIVELOCK" : v.name() + " " + r.outcome().bytes();
    }

    private static List<String> caseNames(final Matrix m) {
        final List<String> names = new ArrayList<>();
        for (final MatrixRow r : m.rows()) {
            if (!names.contains(r.fault().name())) {
                names.add(r.fault().name());
            }
        }
        return names;
    }

    /** @return a table for terminals: one line per loop x fault, one column per strategy */
    public static String table(final Matrix m) {
        final StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ENGLISH, "%-14s %-11s", "loop", "fault"));
        for (final Strategy s : m.strategies()) {
            b.append(String.format(Locale.ENGLISH, " %-" + CELL + "s", s.word()));
        }
        b.append('\n');
        for (final Loop loop : m.loops()) {
            for (final String c : caseNames(m)) {
                b.append(String.format(Locale.ENGLISH, "%-14s %-11s", loop.name(), c));
                for (final Strategy s : m.strategies()) {
                    b.append(String.format(Locale.ENGLISH, " %-" + CELL + "s", cell(m.find(loop.id(), s, c))));
                }
                b.append('\n');
            }
        }
        b.append("cells: VERDICT bytes (bytes the loop reported; LIVELOCK = no progress for --max-rounds rounds)\n");
        if (m.loops().stream().anyMatch(dev.faultline.loops.Loops::needsPopulate)) {
            b.append(String.format(Locale.ENGLISH, "dio: a %d-byte logical block (--block: the device's; 4096 on a 4Kn"
                    + " drive or a loop device of 4096-byte sectors, 512 on most disks)%n", m.block()));
        }
        if (LeftOut.line(m.leftOut()) != null) {
            b.append(LeftOut.line(m.leftOut())).append('\n');
        }
        return b.toString();
    }

    /** @return the matrix as Markdown: the pivot table and the fault cases */
    public static String markdown(final Matrix m) {
        final StringBuilder b = new StringBuilder("| loop | fault |");
        for (final Strategy s : m.strategies()) {
            b.append(' ').append(s.word()).append(" |");
        }
        b.append("\n|---|---|");
        b.append("---|".repeat(m.strategies().size())).append('\n');
        for (final Loop loop : m.loops()) {
            for (final String c : caseNames(m)) {
                b.append("| ").append(loop.name()).append(" | ").append(c).append(" |");
                for (final Strategy s : m.strategies()) {
                    final String cell = cell(m.find(loop.id(), s, c));
                    b.append(' ').append(cell.startsWith("LIVELOCK") || cell.startsWith("STUCK") ? "**" + cell + "**" : cell)
                            .append(" |");
                }
                b.append('\n');
            }
        }
        b.append("\n| fault | layout | offset | size | what |\n|---|---|---|---|---|\n");
        final List<String> seen = new ArrayList<>();
        for (final MatrixRow r : m.rows()) {
            if (!seen.contains(r.fault().name())) {
                seen.add(r.fault().name());
                final FaultCase c = r.fault();
                b.append(String.format(Locale.ENGLISH, "| %s | `%s` | %d | %d | %s |%n", c.name(), c.layout(),
                        c.offset(), c.size(), c.what()));
            }
        }
        m.skipped().forEach(s -> b.append("\nNot run here: ").append(s).append('\n'));
        if (LeftOut.line(m.leftOut()) != null) {
            b.append('\n').append(LeftOut.line(m.leftOut())).append('\n');
        }
        return b.toString();
    }

    /** @return one CSV line per cell, with a header */
    public static String csv(final Matrix m) {
        final StringBuilder b = new StringBuilder();
        boolean header = true;
        for (final MatrixRow r : m.rows()) {
            final Map<String, Object> f = Fields.matrixRow(r);
            if (header) {
                b.append(String.join(",", f.keySet())).append('\n');
                header = false;
            }
            final List<String> vals = new ArrayList<>();
            f.values().forEach(v -> vals.add(csvField(String.valueOf(v))));
            b.append(String.join(",", vals)).append('\n');
        }
        return b.toString();
    }

    private static String csvField(final String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** @return the JSON object of docs/design.md#command-line: {@code rows[]} and {@code skipped[]} */
    public static Map<String, Object> json(final Matrix m) {
        final Map<String, Object> o = new LinkedHashMap<>();
        final List<Object> rows = new ArrayList<>();
        m.rows().forEach(r -> rows.add(Fields.matrixRow(r)));
        o.put("rows", rows);
        o.put("skipped", m.skipped());
        o.put("leftOut", m.leftOut());
        o.put("features", m.features());
        return o;
    }
}
