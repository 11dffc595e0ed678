package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;
import dev.faultline.memory.Region;

/**
 * The retry loop gfs2 wraps around its reads (fs/gfs2/file.c, docs/kernel.md#gfs2-buffered-read): transfer with
 * page faults disabled; if bytes remain, {@code should_fault_in_pages} picks a window —
 * {@code min(1 MiB, 8 pages)} after progress, one page after a round without — minus the
 * file position's offset in its page; {@code window -= fault_in_iov_iter_writeable(to, window)}
 * (which counts bytes asked for beyond the iterator as not faulted in); retry while the window
 * is not empty. No retry cap: a loop whose fault-in keeps succeeding without the transfer
 * progressing spins; Faultline stops it after {@code --max-rounds} and calls it LIVELOCK.
 */
abstract class Gfs2Retry implements Loop {
    private static final long MAX_WINDOW = 1 << 20;
    private static final long MIN_PAGES = 8;

    /** One transfer attempt from run offset {@code off}: bytes transferred. */
    abstract long transfer(LoopRun run, long off, long n);

    /** Bytes an ideal transfer would move. */
    abstract long possible(LoopRun run, long size);

    /** Rejects sizes the transfer cannot take. */
    void check(final long size, final LoopConfig config) {
    }

    /**
     * Whether the loop returns the last transfer's -EFAULT instead of what earlier rounds moved
     * when it stops after a round that moved nothing: gfs2_file_direct_read ends with
     * {@code if (ret < 0) return ret;}, gfs2_file_read_iter with {@code return read ? read : ret;}.
     */
    boolean lastFaultDiscardsRead() {
        return false;
    }

    /**
     * The loop of a kernel before this retry loop existed: one transfer with page faults enabled.
     *
     * @return bytes it moved, or -1 when {@code config}'s era has the retry loop (the default)
     */
    long faultingTransfer(final LoopRun run, final long size, final LoopConfig config) {
        return -1;
    }

    @Override
    public final Outcome run(final Region region, final long offset, final long size, final LoopConfig config) {
        check(size, config);
        try (LoopRun run = new LoopRun(region, offset, size, config)) {
            final long once = faultingTransfer(run, size, config);
            if (once >= 0) {
                return run.outcome(name(), once, size, possible(run, size), false, once == 0);
            }
            final long page = run.pageSize();
            long read = 0;
            long prevCount = -1;
            int stall = 0;
            boolean livelock = false;
            long moved = 0;
            while (read < size) {
                run.round();
                moved = transfer(run, read, size - read);
                read += moved;
                stall = moved > 0 ? 0 : stall + 1;
                if (read == size || moved == 0 && run.bail(stall)) {
                    break;
                }
                final long count = size - read;
                long window = (prevCount != count ? Math.min(MAX_WINDOW, MIN_PAGES * page) : page) - read % page;
                prevCount = count;
                final long n = Math.min(window, count);
                window -= run.faultIn(AccessMode.WRITE, read, n) + (window - n);
                if (window == 0) {
                    break;
                }
                if (stall >= config.maxRounds()) {
                    livelock = true;
                    break;
                }
            }
            if (!livelock && read < size && moved == 0 && lastFaultDiscardsRead()) {
                read = 0;
            }
            return run.outcome(name(), read, size, possible(run, size), livelock, read == 0);
        }
    }
}
