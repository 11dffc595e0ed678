package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;

/**
 * gfs2 buffered read (gfs2_file_read_iter, fs/gfs2/file.c, docs/kernel.md#gfs2-buffered-read): filemap_read into the user buffer
 * with page faults disabled (byte-granular, tag-checked), the {@link Gfs2Retry} window logic,
 * and the fault-in that gfs2 uses — fault_in_iov_iter_writeable, i.e. the {@code gup}
 * strategy — replaced by the strategy under test.
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

    @Override
    long possible(final LoopRun run, final long size) {
        return run.reach(AccessMode.WRITE, false);
    }
}
