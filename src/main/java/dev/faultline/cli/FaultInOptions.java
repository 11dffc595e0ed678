package dev.faultline.cli;

import java.util.function.Consumer;

/** The fault-in options that probe and the loop commands declare alike: --strategy and --kernel. */
final class FaultInOptions {
    private FaultInOptions() {
    }

    /** Declares {@code --strategy} (required) into {@code s}. */
    static void strategy(final Spec s, final Consumer<String> setter) {
        s.string("--strategy", setter).required().words(Words::strategies)
                .describe("how much the fault-in probes: ${COMPLETION-CANDIDATES}");
    }

    /**
     * Declares {@code --strategy} with the default {@code kernel}: the fault-in the chosen loop's own
     * code calls in the chosen era ({@code LoopName.kernelStrategy}).
     */
    static void loopStrategy(final Spec s, final Consumer<String> setter) {
        s.string("--strategy", setter).byDefault(KERNEL).words(FaultInOptions::loopStrategies)
                .describe("how much the fault-in probes: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, the"
                        + " one the loop's own kernel code calls in the --kernel era)");
    }

    /** The strategy word that names the loop's own. */
    static final String KERNEL = "kernel";

    static java.util.List<String> loopStrategies() {
        final java.util.List<String> w = new java.util.ArrayList<>(Words.strategies());
        w.add(KERNEL);
        return w;
    }

    /** Declares {@code --kernel} (default current) into {@code s}. */
    static void kernel(final Spec s, final Consumer<String> setter) {
        s.string("--kernel", setter).byDefault("current").words(Words::kernels)
                .describe("whose fault_in_* helpers: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})");
    }
}
