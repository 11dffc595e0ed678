package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.KernelEra;

/**
 * A gfs2 read whose data reaches the user buffer through a uaccess — byte-granular, tag-checked —
 * under {@link Gfs2Retry}: the transfer is the configured no-fault copy; before v5.16 there is no
 * retry loop, only one copy with page faults enabled ({@link #faultingTransfer}).
 */
abstract class Gfs2UaccessRead extends Gfs2Retry {
    @Override
    final long transfer(final LoopRun run, final long off, final long n) {
        return run.copyToUser(off, n);
    }

    /**
     * Before v5.16 (00bfe02f4796 and its direct-I/O twin): one faulting, tag-checked copy that
     * stops at the first byte it cannot store.
     */
    @Override
    final long faultingTransfer(final LoopRun run, final long size, final LoopConfig config) {
        if (config.era() != KernelEra.PRE_5_16) {
            return -1;
        }
        run.round();
        return reported(run.copyToUserFaulting(0, size), size);
    }

    /** @return what the pre-5.16 read reports after its one copy stored {@code stored} of {@code size} bytes */
    long reported(final long stored, final long size) {
        return stored;
    }

    @Override
    final long possible(final LoopRun run, final long size) {
        return run.reach(AccessMode.WRITE, false);
    }
}
