package dev.faultline.cli;

import dev.faultline.lab.LeftOut;
import dev.faultline.lab.Liveness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code liveness}: Catalin's contract checked against the real kernel. */
final class LivenessCommand implements Command {
    final CommonOptions common = new CommonOptions();

    int layouts;
    long seed;

    @Override
    public Spec spec() {
        final Spec s = new Spec("liveness", "Check 'leftover < size => the next no-fault copy at the start copies"
                + " >= 1 byte' for every strategy.");
        common.declare(s);
        s.integer("--layouts", v -> layouts = v).byDefault("24").label("N")
                .describe("random layouts to try, 1..10000 (default: ${DEFAULT-VALUE})");
        s.whole("--seed", v -> seed = v).byDefault("20211021").label("S")
                .describe("random seed (default: ${DEFAULT-VALUE})");
        return s;
    }

    @Override
    public int call(final Invocation in) {
        common.refuseBacking(in, "the liveness check builds private anonymous regions");
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
        common.print(in.out(), o, text.toString());
        return 0;
    }
}
