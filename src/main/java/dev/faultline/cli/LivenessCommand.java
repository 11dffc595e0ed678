package dev.faultline.cli;

import dev.faultline.lab.LeftOut;
import dev.faultline.lab.Liveness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code liveness}: Catalin's contract checked against the real kernel. */
@Command(name = "liveness", mixinStandardHelpOptions = true,
        description = "Check 'leftover < size => the next no-fault copy at the start copies >= 1 byte' for every strategy.")
final class LivenessCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--layouts", defaultValue = "24", paramLabel = "N",
            description = "random layouts to try, 1..10000 (default: ${DEFAULT-VALUE})")
    int layouts;

    @Option(names = "--seed", defaultValue = "20211021", paramLabel = "S",
            description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        common.refuseBacking(spec, "the liveness check builds private anonymous regions");
        if (layouts < 1 || layouts > 10_000) {
            throw new IllegalArgumentException("--layouts must be 1..10000: layouts=" + layouts);
        }
        final Liveness.Report r = Liveness.check(layouts, seed);
        final Map<String, Object> o = new LinkedHashMap<>();
        o.put("layouts", layouts);
        o.put("seed", seed);
        o.put("calls", r.calls());
        o.put("checked", r.checked());
        o.put("violations", r.violations().stream().map(v -> {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("strategy", v.strategy());
            m.put("access", v.access());
            m.put("layout", v.layout());
            m.put("offset", v.offset());
            m.put("leftover", v.leftover());
            return (Object) m;
        }).toList());
        final StringBuilder text = new StringBuilder(String.format(Locale.ENGLISH,
                "%d claims checked in %d fault-in calls, %d violations", r.checked(), r.calls(), r.violations().size()));
        r.violations().forEach(v -> text.append("\n  ").append(v));
        final String leftOut = LeftOut.line(LeftOut.parts(List.of(), false, LeftOut.GUP));
        o.put("leftOut", leftOut);
        if (leftOut != null) {
            text.append('\n').append(leftOut);
        }
        common.print(spec.commandLine().getOut(), o, text.toString());
        return 0;
    }
}
