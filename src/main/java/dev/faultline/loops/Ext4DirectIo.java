package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;
import dev.faultline.memory.Region;

/**
 * ext4's direct-I/O read (fs/ext4/file.c ext4_dio_read_iter, Linux 5.5 to 7.1 at least): one call
 * of iomap_dio_rw WITHOUT IOMAP_DIO_PARTIAL (fs/iomap/direct-io.c __iomap_dio_rw,
 * docs/kernel.md#iomap-direct-io), no fault-in and no retry loop. The bios pin the user pages
 * with GUP, which faults them in (a zapped page comes back); the first block that cannot be
 * pinned ends the request, and because partial results were not asked for, the whole read fails
 * with EFAULT although the blocks before it were already read into the buffer.
 *
 * <p>The model issues the pinnable whole blocks (as the gfs2 model does) and then reports what
 * ext4 reports: all bytes, or EFAULT with 0 when any block was left. No strategy is used: ext4
 * faults nothing in. The bytes that landed before the error are what the oracle reads back.
 */
public final class Ext4DirectIo implements Loop {
    @Override
    public LoopName id() {
        return LoopName.EXT4_DIO;
    }

    @Override
    public Outcome run(final Region region, final long offset, final long size, final LoopConfig config) {
        DirectIo.checkBlocks(id(), size, config);
        try (LoopRun run = new LoopRun(region, offset, size, config)) {
            run.round();
            final long moved = run.transferred(0, size, DirectIo.issueBlocks(run, 0, size));
            final long possible = run.reach(AccessMode.WRITE, true) / config.block() * config.block();
            final long reported = moved == size ? size : 0;
            return run.outcome(name(), reported, size, possible, false, reported == 0 && size > 0);
        }
    }
}
