package dev.faultline.cli;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.BailRule;
import dev.faultline.loops.FaultHook;
import dev.faultline.loops.Loop;
import dev.faultline.loops.Loops;
import dev.faultline.loops.Outcome;
import dev.faultline.report.Fields;
import dev.faultline.memory.Region;
import dev.faultline.race.Injector;
import dev.faultline.race.InjectorKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code loop}: one run of a kernel loop model. */
@Command(name = "loop", mixinStandardHelpOptions = true,
        description = "One run of a kernel loop model against a real region; prints the verdict.")
final class LoopCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    RegionOptions range;

    @Mixin
    LoopOptions loopOptions;

    @Option(names = "--loop", required = true, description = "perform-write, btrfs-search, dio or gfs2-read")
    String loop;

    @Option(names = "--strategy", required = true, description = "first-byte, page, granule, gup, gup+first-byte")
    String strategy;

    @Option(names = "--inject", description = "fault injector after every fault-in: zap, pageout or mprotect")
    String inject;

    @Option(names = "--rate", defaultValue = "0.5", description = "injection probability per fault-in (default 0.5)")
    double rate;

    @Option(names = "--seed", defaultValue = "1", description = "injector seed (default 1)")
    long seed;

    @Option(names = "--bail", defaultValue = "both-fail", description = "both-fail (default), second-fault or after-K")
    String bail;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        final Loop l = Loops.byName(loop);
        final Strategy s = Strategy.of(strategy);
        final BailRule rule = BailRule.of(bail);
        try (Region r = range.open(common.backing())) {
            final long n = range.size(r);
            final FaultHook hook = inject == null ? FaultHook.NONE
                    : new Injector(InjectorKind.of(inject), r, rate, seed);
            final long t0 = System.nanoTime();
            final Outcome o = l.run(r, range.offset, n, loopOptions.config(s).with(hook, rule));
            final long micros = (System.nanoTime() - t0) / 1000;
            final Map<String, Object> m = Fields.outcome(o);
            m.put("strategy", s.word());
            m.put("layout", r.layout().text());
            m.put("offset", range.offset);
            m.put("size", n);
            m.put("copy", loopOptions.copy);
            m.put("inject", inject);
            m.put("bail", rule.name());
            m.put("micros", micros);
            common.print(spec.commandLine().getOut(), m, String.format(Locale.ENGLISH,
                    "%s with %s over %s [%d, +%d): %s, %d of %d bytes (possible %d), %d rounds, %d probes,"
                            + " %d syscalls, %d spurious faults, %d us",
                    o.loop(), s.word(), r.layout().text(), range.offset, n, o.verdict(), o.bytes(), o.requested(),
                    o.possible(), o.rounds(), o.probes(), o.syscalls(), o.spuriousFaults(), micros));
            return 0;
        }
    }
}
