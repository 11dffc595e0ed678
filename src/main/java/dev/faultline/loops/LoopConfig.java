package dev.faultline.loops;

import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.Progress;
import dev.faultline.faultin.Strategy;
import dev.faultline.uaccess.NoFaultCopy;
import dev.faultline.uaccess.UserCopy;

import java.util.Locale;

/**
 * How a loop model runs.
 *
 * @param strategy  the fault-in strategy the loop calls
 * @param era       whose fault_in_* return semantics
 * @param copy      the no-fault copy mechanism ({@code nofault} by default: what the kernel does)
 * @param block     direct-I/O logical block size
 * @param record    btrfs search record payload (a 32-byte header comes on top)
 * @param maxRounds rounds without progress before the run is called a LIVELOCK
 * @param hook      fault injection ({@link FaultHook#NONE} by default)
 * @param bail      when to give up early ({@link BailRule#BOTH_FAIL}: each loop's own logic)
 * @param progress  told the rounds so far after each round ({@value #ROUNDS}, of no known total) and,
 *                  during each fault-in, the bytes probed ({@link Progress#NONE} by default)
 */
public record LoopConfig(Strategy strategy, KernelEra era, UserCopy copy, long block, long record, int maxRounds,
                         FaultHook hook, BailRule bail, Progress progress) {
    /**
     * Default direct-I/O block: 4096 bytes on every page size, the logical block of a device of
     * 4096-byte sectors (a 4Kn drive; a loop device made so). iomap pins a user buffer and trims each
     * bio to bdev_logical_block_size() (fs/iomap/direct-io.c, block/bio.c bio_iov_iter_get_pages),
     * while the buffer need only meet the device's DMA alignment (512 on a loop device): a block can
     * straddle two pages. On a 512-byte-sector device the block is 512 ({@code --block 512}).
     */
    public static final long DEFAULT_BLOCK = 4096;
    /** Default btrfs record payload. */
    public static final long DEFAULT_RECORD = 100;
    /** What a loop's progress counts after each round. */
    public static final String ROUNDS = "rounds";
    /** Default livelock threshold. */
    public static final int DEFAULT_MAX_ROUNDS = 1000;

    /** Validates. */
    public LoopConfig {
        if (block <= 0 || Long.bitCount(block) != 1) {
            throw new IllegalArgumentException(String.format(Locale.ENGLISH,
                    "--block must be a power of two above 0: block=%d", block));
        }
        if (record < 0 || record > 1 << 20) {
            throw new IllegalArgumentException(String.format(Locale.ENGLISH,
                    "--record must be 0..1048576 payload bytes: record=%d", record));
        }
        if (maxRounds < 1) {
            throw new IllegalArgumentException("--max-rounds must be at least 1: maxRounds=" + maxRounds);
        }
        java.util.Objects.requireNonNull(hook, "hook");
        java.util.Objects.requireNonNull(bail, "bail");
        java.util.Objects.requireNonNull(progress, "progress");
    }

    /** Without injection, with each loop's own bail logic. */
    public LoopConfig(final Strategy strategy, final KernelEra era, final UserCopy copy, final long block,
                      final long record, final int maxRounds) {
        this(strategy, era, copy, block, record, maxRounds, FaultHook.NONE, BailRule.BOTH_FAIL, Progress.NONE);
    }

    /** @return a copy with a fault hook and a bail rule */
    public LoopConfig with(final FaultHook h, final BailRule b) {
        return new LoopConfig(strategy, era, copy, block, record, maxRounds, h, b, progress);
    }

    /** @return defaults with the given strategy */
    public static LoopConfig of(final Strategy strategy) {
        return new LoopConfig(strategy, KernelEra.CURRENT, NoFaultCopy.INSTANCE, DEFAULT_BLOCK, DEFAULT_RECORD,
                DEFAULT_MAX_ROUNDS);
    }

    /** @return a copy with another strategy */
    public LoopConfig withStrategyOf(final Strategy s) {
        return new LoopConfig(s, era, copy, block, record, maxRounds, hook, bail, progress);
    }

    /** @return a copy with another copy mechanism */
    public LoopConfig withCopy(final UserCopy c) {
        return new LoopConfig(strategy, era, c, block, record, maxRounds, hook, bail, progress);
    }

    /** @return a copy with another era */
    public LoopConfig withEra(final KernelEra e) {
        return new LoopConfig(strategy, e, copy, block, record, maxRounds, hook, bail, progress);
    }

    /** @return a copy with another block size */
    public LoopConfig withBlock(final long b) {
        return new LoopConfig(strategy, era, copy, b, record, maxRounds, hook, bail, progress);
    }

    /** @return a copy with another record payload */
    public LoopConfig withRecord(final long r) {
        return new LoopConfig(strategy, era, copy, block, r, maxRounds, hook, bail, progress);
    }

    /** @return a copy that reports its progress to {@code p} */
    public LoopConfig withProgress(final Progress p) {
        return new LoopConfig(strategy, era, copy, block, record, maxRounds, hook, bail, p);
    }

    /** @return a copy with another livelock threshold */
    public LoopConfig withMaxRounds(final int m) {
        return new LoopConfig(strategy, era, copy, block, record, m, hook, bail, progress);
    }
}
