package dev.faultline.cli;

import dev.faultline.loops.BailRule;
import dev.faultline.faultin.Strategy;
import dev.faultline.lab.Findings;
import dev.faultline.report.HtmlReport;
import dev.faultline.lab.Liveness;
import dev.faultline.lab.Matrix;
import dev.faultline.faultin.Progress;
import dev.faultline.lab.Race;
import dev.faultline.report.Reports;
import dev.faultline.loops.Loops;
import dev.faultline.race.InjectorKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code demo}: the headline matrix with its reading, and the report files. */
final class DemoCommand implements Command {
    private static final long LIVENESS_SEED = 2021_10_21L;
    private static final int LIVENESS_LAYOUTS = 12;

    final CommonOptions common = new CommonOptions();

    final LoopOptions loopOptions = new LoopOptions();

    Path out;

    @Override
    public Spec spec() {
        final Spec s = new Spec("demo",
                "Run the matrix that reproduces the Oct 2021 list discussion, explain it, write the report.");
        common.declare(s);
        loopOptions.declare(s);
        s.path("--out", v -> out = v).byDefault("target/faultline-report").label(OutputPath.DIR)
                .describe("the report directory (created; its parent must exist) (default: ${DEFAULT-VALUE})");
        return s;
    }


    private static final int RACE_RUNS = 5;
    private static final double RACE_RATE = 0.5;
    private static final String RACE_TEXT = """
            Benign faults (race): after each fault-in an injector takes the pages away again with
            probability 0.5 (zap = MADV_DONTNEED on a memfd mapping, pageout = MADV_PAGEOUT, mprotect =
            PROT_NONE until the next copy), 5 seeded runs per cell, 16-page memfd region, page strategy.
            'spurious' runs ended with an error or short count caused only by injected faults; 'lost' counts
            bytes whose two sides differ. both-fail is the list's rule (bail only if the copy made no
            progress AND the fault-in failed); a protection flip that a fault-in sees is not benign, so
            loops that fault in before they copy (btrfs-search) fail under any rule.""";

    private static final String INTRO = """
            Faultline demo: the kernel's copy loops (models) x fault-in strategies x faults, on REAL
            mappings of this machine. Copies are the 'nofault' model (pagemap present bit + the kernel's
            own copy_{from,to}_user); fault-ins are real probes (uaccess loads/stores, MADV_POPULATE_*).
            """;

    @Override
    public int call(final Invocation in) {
        final Matrix m = Matrix.run(loopOptions.config(Strategy.PAGE), common.backing(),
                ConsoleProgress.of(in.err(), common.quiet));
        final List<String> findings = Findings.of(m);
        final Liveness.Report live = Liveness.check(LIVENESS_LAYOUTS, LIVENESS_SEED);
        final List<String> liveLines = new ArrayList<>();
        liveLines.add(String.format(Locale.ENGLISH,
                "liveness (Catalin's contract: leftover < size => the next no-fault copy at the start moves >= 1 byte):"
                        + " %d claims checked in %d fault-in calls over %d random layouts (seed %d), %d violations",
                live.checked(), live.calls(), LIVENESS_LAYOUTS, LIVENESS_SEED, live.violations().size()));
        live.violations().forEach(v -> liveLines.add("  violation: " + v));
        // the matrix's left-out line covers these too: the race's dio rows, liveness's gup strategies
        final List<Race.Row> race = Race.run(Loops.runnable(),
                List.of(BailRule.BOTH_FAIL, BailRule.SECOND_FAULT, BailRule.afterK(3)),
                List.of(InjectorKind.values()), RACE_RUNS, RACE_RATE, Progress.NONE);
        final String raceTable = dev.faultline.report.RaceTable.text(race);
        final StringBuilder report = new StringBuilder("# Faultline demo report\n\n").append(INTRO).append('\n')
                .append(Reports.markdown(m)).append("\n## Reading\n\n");
        findings.forEach(f -> report.append("- ").append(f).append('\n'));
        liveLines.forEach(l -> report.append("\n").append(l).append('\n'));
        report.append("\n## Benign faults and the bail-out rule\n\n").append(RACE_TEXT).append("\n```\n")
                .append(raceTable).append("```\n");
        MatrixOptions.write(out, m, report.toString());
        MatrixOptions.writeFile(out.resolve("report.html"), HtmlReport.of(m, findings, List.<String[]>of(
                new String[] {"Liveness", String.join("\n", liveLines)}),
                new String[] {"Benign faults and the bail-out rule", RACE_TEXT}, race, m.measureCases()));
        if (common.json) {
            final Map<String, Object> o = new LinkedHashMap<>(Reports.json(m));
            o.put("findings", findings);
            final Map<String, Object> lv = new LinkedHashMap<>();
            lv.put("checked", live.checked());
            lv.put("calls", live.calls());
            lv.put("violations", live.violations().stream().map(Object::toString).toList());
            o.put("liveness", lv);
            o.put("race", RaceCommand.rows(race));
            o.put("report", out.toString());
            common.print(in.out(), o, null);
            return 0;
        }
        final StringBuilder text = new StringBuilder(INTRO).append('\n').append(Reports.table(m)).append('\n');
        m.skipped().forEach(s -> text.append("not run here: ").append(s).append('\n'));
        text.append("What it shows:\n");
        findings.forEach(f -> text.append("  - ").append(f).append('\n'));
        liveLines.forEach(l -> text.append(l).append('\n'));
        text.append('\n').append(RACE_TEXT).append('\n').append(raceTable);
        text.append("report: ").append(out.resolve("report.html")).append(" (and README.md, matrix.{txt,md,json,csv})");
        in.out().println(text);
        return 0;
    }
}
