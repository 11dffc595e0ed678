package dev.faultline.loops;

/**
 * gfs2 buffered read (gfs2_file_read_iter, fs/gfs2/file.c, docs/kernel.md#gfs2-buffered-read): filemap_read into the user buffer
 * with page faults disabled (byte-granular, tag-checked), the {@link Gfs2Retry} window logic,
 * and the fault-in that gfs2 uses — fault_in_iov_iter_writeable, i.e. the {@code gup}
 * strategy — replaced by the strategy under test. Before v5.16 (00bfe02f4796, "gfs2: Fix mmap +
 * page fault deadlocks for buffered I/O") there is no retry loop: gfs2_file_read_iter reads with
 * page faults enabled (Debian's 5.10 tries once without them and reads the rest with them, which
 * ends in the same place).
 */
public final class Gfs2Read extends Gfs2UaccessRead {
    @Override
    public LoopName id() {
        return LoopName.GFS2_READ;
    }
}
