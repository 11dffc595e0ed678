package dev.faultline.cli;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.FaultIn;
import dev.faultline.faultin.FaultInResult;
import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.ProbeImpl;
import dev.faultline.faultin.Strategy;
import dev.faultline.memory.Region;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code probe}: one fault-in call. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "One fault_in_* call with a strategy; prints the leftover (bytes NOT faulted in).")
final class ProbeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    RegionOptions range;

    @Option(names = "--access", required = true, completionCandidates = Words.Accesses.class,
            description = "${COMPLETION-CANDIDATES}: the probes load or store")
    String access;

    @Option(names = "--strategy", required = true, completionCandidates = Words.Strategies.class,
            description = "how much the fault-in probes: ${COMPLETION-CANDIDATES}")
    String strategy;

    @Option(names = "--kernel", defaultValue = "current", completionCandidates = Words.Kernels.class,
            description = "whose fault_in_* helpers: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String kernel;

    @Option(names = "--impl", defaultValue = "faithful", completionCandidates = Words.Impls.class,
            description = "how probes reach the kernel: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String impl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        final Strategy s = Strategy.of(strategy);
        final AccessMode m = AccessMode.of(access);
        final KernelEra era = KernelEra.of(kernel);
        final ProbeImpl pi = ProbeImpl.of(impl);
        try (Region r = range.open(common.backing())) {
            final long n = range.size(r);
            final dev.faultline.faultin.Progress progress = ConsoleProgress.of(spec.commandLine().getErr(), common.quiet);
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
            common.print(spec.commandLine().getOut(), o, String.format(Locale.ENGLISH,
                    "%s %s of %d bytes at offset %d: leftover=%d probes=%d failedAt=%s syscalls=%d", s.word(), m.word(),
                    n, range.offset, f.leftover(), f.probes(), f.failedAt() == null ? "none" : f.failedAt(),
                    f.syscalls()));
            return 0;
        }
    }
}
