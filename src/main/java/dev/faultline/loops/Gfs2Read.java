package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.KernelEra;

/**
 * gfs2 buffered read (gfs2_file_read_iter, fs/gfs2/file.c, docs/kernel.md#gfs2-buffered-read): filemap_read into the user buffer
 * with page faults disabled (byte-granular, tag-checked), the {@link Gfs2Retry} window logic,
 * and the fault-in that gfs2 uses — fault_in_iov_iter_writeable, i.e. the {@code gup}
 * strategy — replaced by the strategy under test. Before v5.16 there is no retry loop
 * ({@link #faultingTransfer}).
 */
public final class Gfs2Read extends Gfs2Retry {
    @Override
    public LoopName id() {
        return LoopName.GFS2_READ;
    }

    @Override
    long transfer(final LoopRun run, final long off, final long n) {
        return run.copyToUser(off, n);
    }

    /**
     * Before v5.16 (00bfe02f4796, "gfs2: Fix mmap + page fault deadlocks for buffered I/O") there is
     * no retry loop: gfs2_file_read_iter reads with page faults enabled (Debian's 5.10 tries once
     * without them and reads the rest with them, which ends in the same place): one faulting,
     * tag-checked copy that stops at the first byte it cannot store.
     */
    @Override
    long faultingTransfer(final LoopRun run, final long size, final LoopConfig config) {
        if (config.era() != KernelEra.PRE_5_16) {
            return -1;
        }
        run.round();
        return run.copyToUserFaulting(0, size);
    }

    @Override
    long possible(final LoopRun run, final long size) {
        return run.reach(AccessMode.WRITE, false);
    }
}
