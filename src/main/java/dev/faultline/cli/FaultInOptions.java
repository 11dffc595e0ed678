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

    /** Declares {@code --kernel} (default current) into {@code s}. */
    static void kernel(final Spec s, final Consumer<String> setter) {
        s.string("--kernel", setter).byDefault("current").words(Words::kernels)
                .describe("whose fault_in_* helpers: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})");
    }
}
