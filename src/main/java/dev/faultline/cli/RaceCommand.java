package dev.faultline.cli;

import dev.faultline.report.Fields;
import dev.faultline.report.Json;
import dev.faultline.lab.LeftOut;
import dev.faultline.lab.Race;
import dev.faultline.loops.BailRule;
import dev.faultline.loops.Loop;
import dev.faultline.loops.Loops;
import dev.faultline.race.InjectorKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code race}: every loop x bail policy x injector, N runs each. */
final class RaceCommand implements Command {
    final CommonOptions common = new CommonOptions();

    List<String> loops;
    List<String> policies;
    List<String> injectors;
    int runs;
    double rate;

    @Override
    public Spec spec() {
        final Spec s = new Spec("race",
                "Benign faults injected after fault-in: which bail-out policy turns them into errors?");
        common.declare(s);
        s.list("--loops", v -> loops = v).words(Words::loopNames).describe("loops to run, comma separated:"
                + " ${COMPLETION-CANDIDATES} (default: every loop this kernel can run)");
        s.list("--policies", v -> policies = v).byDefault("both-fail,second-fault,after-3").words(Words::policies)
                .describe("bail-out policies, comma separated: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE});"
                        + " after-K bails after K stalled rounds in a row, K >= 1");
        s.list("--injectors", v -> injectors = v).byDefault("zap,pageout,mprotect").words(Words::injectors)
                .describe("injectors, comma separated: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})");
        s.integer("--runs", v -> runs = v).byDefault("10").label("N")
                .describe("runs per combination, seeds 1..N (default: ${DEFAULT-VALUE})");
        s.decimal("--rate", v -> rate = v).byDefault("0.5").label("P")
                .describe("injection probability per fault-in, 0..1 (default: ${DEFAULT-VALUE})");
        return s;
    }

    static List<Map<String, Object>> rows(final List<Race.Row> rows) {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (final Race.Row r : rows) {
            out.add(Fields.raceRow(r));
        }
        return out;
    }

    @Override
    public int call(final Invocation in) {
        common.refuseBacking(in, "race always uses a memfd (its injectors need a shared mapping)");
        // asked for by name: run it (dio on a kernel without MADV_POPULATE says so and exits 2);
        // by default: every loop this kernel can run, and one line for what is left out
        final List<Loop> ls = loops == null ? Loops.runnable() : loops.stream().map(Loops::byName).toList();
        final String leftOut = loops == null ? LeftOut.line(LeftOut.parts(List.of(), false, LeftOut.DIO)) : null;
        final List<BailRule> ps = policies.stream().map(BailRule::of).toList();
        final List<InjectorKind> ks = injectors.stream().map(InjectorKind::of).toList();
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("--rate is a probability per fault-in, 0..1: rate=" + rate);
        }
        final List<Race.Row> rows = Race.run(ls, ps, ks, runs, rate,
                ConsoleProgress.of(in.err(), common.quiet));
        final Map<String, Boolean> present = Race.clearsPresentBit();
        final Map<String, Object> o = new LinkedHashMap<>();
        o.put("rate", rate);
        o.put("layout", Race.LAYOUT);
        o.put("backing", "memfd");
        o.put("clearsPresentBit", present);
        o.put("rows", rows(rows));
        o.put("leftOut", leftOut);
        if (common.json) {
            in.out().println(Json.write(Provenance.with(o)));
        } else {
            in.out().print(dev.faultline.report.RaceTable.text(rows));
            if (leftOut != null) {
                in.out().println(leftOut);
            }
            in.out().println("injector clears the present bit (pagemap, memfd page): " + present);
        }
        return 0;
    }
}
