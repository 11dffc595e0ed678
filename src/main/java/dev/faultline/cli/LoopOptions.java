package dev.faultline.cli;

import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.LoopConfig;
import dev.faultline.uaccess.UserCopies;
import picocli.CommandLine.Option;

/** Options that shape a loop run (loop, matrix, demo). */
final class LoopOptions {
    @Option(names = "--block", defaultValue = "" + LoopConfig.DEFAULT_BLOCK,
            description = "direct-I/O logical block size (default " + LoopConfig.DEFAULT_BLOCK + ", on any page size)")
    long block;

    @Option(names = "--record", defaultValue = "100",
            description = "btrfs search record payload, on top of a 32-byte header (default 100)")
    long record;

    @Option(names = "--max-rounds", defaultValue = "1000",
            description = "rounds without progress that make a LIVELOCK (default 1000)")
    int maxRounds;

    @Option(names = "--kernel", defaultValue = "current", description = "current, pre-5.16 or gup-bug-2022")
    String kernel;

    @Option(names = "--copy", defaultValue = "nofault",
            description = "the loops' no-fault copy: nofault (default, pagemap model), uaccess or vm")
    String copy;

    LoopConfig config(final Strategy strategy) {
        return new LoopConfig(strategy, KernelEra.of(kernel), UserCopies.byName(copy), block, record, maxRounds);
    }
}
