package dev.faultline.cli;

import dev.faultline.report.Fields;
import dev.faultline.report.Json;
import dev.faultline.lab.LeftOut;
import dev.faultline.lab.Race;
import dev.faultline.loops.BailRule;
import dev.faultline.loops.Loop;
import dev.faultline.loops.Loops;
import dev.faultline.race.InjectorKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code race}: every loop x bail policy x injector, N runs each. */
@Command(name = "race", mixinStandardHelpOptions = true,
        description = "Benign faults injected after fault-in: which bail-out policy turns them into errors?")
final class RaceCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--loops", split = ",", completionCandidates = Words.LoopNames.class,
            description = "loops to run, comma separated: ${COMPLETION-CANDIDATES} (default: every loop this"
                    + " kernel can run)")
    List<String> loops;

    @Option(names = "--policies", split = ",", defaultValue = "both-fail,second-fault,after-3",
            completionCandidates = Words.Policies.class,
            description = "bail-out policies, comma separated: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE});"
                    + " after-K bails after K stalled rounds in a row, K >= 1")
    List<String> policies;

    @Option(names = "--injectors", split = ",", defaultValue = "zap,pageout,mprotect",
            completionCandidates = Words.Injectors.class,
            description = "injectors, comma separated: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    List<String> injectors;

    @Option(names = "--runs", defaultValue = "10", paramLabel = "N",
            description = "runs per combination, seeds 1..N (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--rate", defaultValue = "0.5", paramLabel = "P",
            description = "injection probability per fault-in, 0..1 (default: ${DEFAULT-VALUE})")
    double rate;

    @Spec
    CommandSpec spec;

    static List<Map<String, Object>> rows(final List<Race.Row> rows) {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (final Race.Row r : rows) {
            out.add(Fields.raceRow(r));
        }
        return out;
    }

    @Override
    public Integer call() {
        common.refuseBacking(spec, "race always uses a memfd (its injectors need a shared mapping)");
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
                ConsoleProgress.of(spec.commandLine().getErr(), common.quiet));
        final Map<String, Boolean> present = Race.clearsPresentBit();
        final Map<String, Object> o = new LinkedHashMap<>();
        o.put("rate", rate);
        o.put("layout", Race.LAYOUT);
        o.put("backing", "memfd");
        o.put("clearsPresentBit", present);
        o.put("rows", rows(rows));
        o.put("leftOut", leftOut);
        if (common.json) {
            spec.commandLine().getOut().println(Json.write(o));
        } else {
            spec.commandLine().getOut().print(dev.faultline.report.RaceTable.text(rows));
            if (leftOut != null) {
                spec.commandLine().getOut().println(leftOut);
            }
            spec.commandLine().getOut().println("injector clears the present bit (pagemap, memfd page): " + present);
        }
        return 0;
    }
}
