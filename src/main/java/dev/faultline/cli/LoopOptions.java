package dev.faultline.cli;

import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.LoopConfig;
import dev.faultline.uaccess.UserCopies;
import picocli.CommandLine.Option;

/** Options that shape a loop run (loop, matrix, demo). */
final class LoopOptions {
    @Option(names = "--block", defaultValue = "" + LoopConfig.DEFAULT_BLOCK, paramLabel = "B",
            description = "direct-I/O logical block size, a power of two (default: ${DEFAULT-VALUE}, on any page"
                    + " size: the file system's block, not the page)")
    long block;

    @Option(names = "--record", defaultValue = "100",
            paramLabel = "N", description = "btrfs search record payload, on top of a 32-byte header (default: ${DEFAULT-VALUE})")
    long record;

    @Option(names = "--max-rounds", defaultValue = "1000",
            paramLabel = "M", description = "rounds without progress that make a LIVELOCK (default: ${DEFAULT-VALUE})")
    int maxRounds;

    @Option(names = "--kernel", defaultValue = "current", completionCandidates = Words.Kernels.class,
            description = "whose fault_in_* helpers: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String kernel;

    @Option(names = "--copy", defaultValue = "nofault",
            completionCandidates = Words.Copies.class,
            description = "the loops' no-fault copy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, the pagemap model)")
    String copy;

    LoopConfig config(final Strategy strategy) {
        return new LoopConfig(strategy, KernelEra.of(kernel), UserCopies.byName(copy), block, record, maxRounds);
    }
}
