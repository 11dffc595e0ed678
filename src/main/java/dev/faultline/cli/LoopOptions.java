package dev.faultline.cli;

import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.LoopConfig;
import dev.faultline.uaccess.UserCopies;

/** Options that shape a loop run (loop, matrix, demo). */
final class LoopOptions {
    long block;
    long record;
    int maxRounds;
    String kernel;
    String copy;

    void declare(final Spec s) {
        s.whole("--block", v -> block = v).byDefault("" + LoopConfig.DEFAULT_BLOCK).label("B")
                .describe("the direct-I/O models' block: the logical block size of the device under the file"
                        + " (bdev_logical_block_size; iomap pins and trims in it): 4096 on a 4Kn drive or a loop device"
                        + " of 4096-byte sectors, 512 on most disks and mount -o loop; btrfs uses its sector size"
                        + " (default: ${DEFAULT-VALUE})");
        s.whole("--record", v -> record = v).byDefault("100").label("N")
                .describe("btrfs search record payload, on top of a 32-byte header (default: ${DEFAULT-VALUE})");
        s.integer("--max-rounds", v -> maxRounds = v).byDefault("1000").label("M")
                .describe("rounds without progress that make a LIVELOCK (default: ${DEFAULT-VALUE})");
        FaultInOptions.kernel(s, v -> kernel = v);
        s.string("--copy", v -> copy = v).byDefault("nofault").words(Words::copies).describe("the loops' no-fault"
                + " copy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, the pagemap model)");
    }

    LoopConfig config(final Strategy strategy) {
        return new LoopConfig(strategy, KernelEra.of(kernel), UserCopies.byName(copy), block, record, maxRounds);
    }
}
