package dev.faultline.cli;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.FaultIn;
import dev.faultline.faultin.FaultInResult;
import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.ProbeImpl;
import dev.faultline.faultin.Strategy;
import dev.faultline.memory.Region;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code probe}: one fault-in call. */
final class ProbeCommand implements Command {
    final CommonOptions common = new CommonOptions();

    final RegionOptions range = new RegionOptions();

    String access;
    String strategy;
    String kernel;
    String impl;

    @Override
    public Spec spec() {
        final Spec s = new Spec("probe",
                "One fault_in_* call with a strategy; prints the leftover (bytes NOT faulted in).");
        common.declare(s);
        range.declare(s);
        s.string("--access", v -> access = v).required().words(Words::accesses)
                .describe("${COMPLETION-CANDIDATES}: the probes load or store");
        FaultInOptions.strategy(s, v -> strategy = v);
        FaultInOptions.kernel(s, v -> kernel = v);
        s.string("--impl", v -> impl = v).byDefault("faithful").words(Words::impls)
                .describe("how probes reach the kernel: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})");
        return s;
    }

    @Override
    public int call(final Invocation in) {
        final Strategy s = Strategy.of(strategy);
        final AccessMode m = AccessMode.of(access);
        final KernelEra era = KernelEra.of(kernel);
        final ProbeImpl pi = ProbeImpl.of(impl);
        try (Region r = range.open(common.backing())) {
            final long n = range.size(r);
            final dev.faultline.faultin.Progress progress = ConsoleProgress.of(in.err(), common.quiet);
            final FaultInResult f;
            try {
                f = FaultIn.faultIn(s, m, era, pi, r, range.offset, n, progress);
            } finally {
                progress.done();
            }
            final Map<String, Object> o = new LinkedHashMap<>();
            o.put("strategy", s.word());
            o.put("access", m.word());
            o.put("kernel", era.word());
            o.put("impl", pi.word());
            o.put("probe", range.probe());
            o.put("offset", range.offset);
            o.put("size", n);
            o.put("leftover", f.leftover());
            o.put("probes", f.probes());
            o.put("failedAt", f.failedAt());
            o.put("syscalls", f.syscalls());
            common.print(in.out(), o, String.format(Locale.ENGLISH,
                    "%s %s of %d bytes at offset %d: leftover=%d probes=%d failedAt=%s syscalls=%d", s.word(), m.word(),
                    n, range.offset, f.leftover(), f.probes(), f.failedAt() == null ? "none" : f.failedAt(),
                    f.syscalls()));
            return 0;
        }
    }
}
