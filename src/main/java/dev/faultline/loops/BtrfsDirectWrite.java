package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;
import dev.faultline.memory.Region;

/**
 * btrfs's O_DIRECT write (docs/kernel.md#btrfs-direct-io): fs/btrfs/direct-io.c
 * {@code btrfs_direct_write()}, lines 793–971 of 6.12.19 (fs/btrfs/file.c before v6.11), with the
 * retry loop of 51bd9563b678 (v5.16). The file position is 0 and the file is NOCOW (nodatasum):
 * since 968f19c5b1b7 a checksummed inode never writes direct.
 * <ol>
 *   <li>{@code check_direct_IO}: an address or length that is not a multiple of the sector size
 *       ({@code --block}) writes the whole buffer buffered (step 4).</li>
 *   <li>With {@code from->nofault} set, iomap direct I/O with partial results: GUP pins with
 *       FOLL_NOFAULT only present, readable pages; whole blocks are written
 *       ({@link DirectIo#issueNoFaultFromUser}); the count is cumulative.</li>
 *   <li>If bytes are left after -EFAULT or a short count: when {@code left == prev_left} stop
 *       (-ENOTBLK); else {@code fault_in_iov_iter_readable(from, left)} (result ignored; the
 *       strategy under test), {@code prev_left = left}, and again.</li>
 *   <li>The rest goes through {@code btrfs_buffered_write()}: per chunk, fault_in_iov_iter_readable
 *       of the WHOLE chunk — any byte not faulted in ends it with -EFAULT — then a no-fault copy.
 *       A chunk is {@code nrptrs} pages ({@code max(8, min(pages, PAGE_SIZE / 8))}, the task's
 *       dirty budget left out as it only matters above 8 pages) before v6.15, one page (up to the
 *       next page boundary of the file position, copy_one_range) from v6.15 on
 *       ({@code new BtrfsDirectWrite(false)} is the older rule).</li>
 *   <li>{@code return ret < 0 ? ret : written}: when the buffered part fails with nothing written,
 *       the call returns -EFAULT even though the direct part wrote blocks.</li>
 * </ol>
 * A short copy into a folio that is not uptodate (a chunk whose both ends are block-aligned, so
 * nothing was read in: every chunk of a new file here) is reverted to 0. Before v6.15 the next
 * round then prepares the page uptodate ({@code force_page_uptodate}) and keeps a partial copy;
 * from v6.15 copy_one_range returns 0 and btrfs_buffered_write calls it again with nothing
 * changed (7.1.5 fs/btrfs/file.c 1270–1300: {@code prepare_one_folio(..., false)}), so a copy
 * that fails mid-chunk after a fault-in that succeeded — a mismatched MTE granule off the page
 * starts fault_in_readable probes — never ends: LIVELOCK after {@code --max-rounds}.
 * Not modelled: COW files, IOCB_NOWAIT, writes past a hole, the not-uptodate page's revert of a
 * partial copy (it costs a round, not a byte).
 */
public final class BtrfsDirectWrite implements Loop {
    private final boolean pageChunks;

    /** The newest source's buffered rule (one page per chunk). */
    public BtrfsDirectWrite() {
        this(true);
    }

    /** @param pageChunks whether btrfs_buffered_write copies a page at a time (v6.15+), else nrptrs pages */
    public BtrfsDirectWrite(final boolean pageChunks) {
        this.pageChunks = pageChunks;
    }

    @Override
    public LoopName id() {
        return LoopName.BTRFS_DIO_WRITE;
    }

    @Override
    public Outcome run(final Region region, final long offset, final long size, final LoopConfig config) {
        try (LoopRun run = new LoopRun(region, offset, size, config)) {
            final boolean direct = BtrfsDirectRead.isDirect(run.user(), size, config.block());
            long written = direct && size > 0 ? BtrfsDirectRead.directLoop(run, size, AccessMode.READ,
                    (off, n) -> DirectIo.issueNoFaultFromUser(run, off, n)) : 0;
            boolean error = false;
            boolean livelock = false;
            if (written < size) {
                final long buffered = bufferedWrite(run, written, size - written, config);
                livelock = buffered == LIVELOCK;
                error = buffered == EFAULT;
                written = error || livelock ? 0 : written + buffered;
            }
            return run.outcome(name(), written, size, run.reach(AccessMode.READ, direct), livelock, error);
        }
    }

    /** {@link #bufferedWrite}'s answer for -EFAULT with nothing written. */
    private static final long EFAULT = -1;
    /** {@link #bufferedWrite}'s answer for a chunk retried {@code --max-rounds} times without progress. */
    private static final long LIVELOCK = -2;

    /**
     * btrfs_buffered_write of {@code n} bytes from run (and file) offset {@code off}.
     *
     * @return bytes written, {@link #EFAULT} or {@link #LIVELOCK}
     */
    private long bufferedWrite(final LoopRun run, final long off, final long n, final LoopConfig config) {
        final long page = run.pageSize();
        final long nrptrs = Math.max(8, Math.min((n + page - 1) / page, page / 8));
        long done = 0;
        int stall = 0;
        while (done < n) {
            final long pos = off + done;
            final long chunk = Math.min(n - done, (pageChunks ? page : nrptrs * page) - pos % page);
            run.round();
            if (run.faultIn(AccessMode.READ, pos, chunk) != 0) {
                return done > 0 ? done : -1;
            }
            final long copied = run.copyFromUser(pos, chunk);
            final long block = config.block();
            final boolean reverted = pageChunks && copied < chunk && pos % block == 0 && (pos + chunk) % block == 0;
            final long kept = reverted ? 0 : copied;
            done += kept;
            stall = kept > 0 ? 0 : stall + 1;
            if (stall >= config.maxRounds()) {
                return LIVELOCK;
            }
        }
        return done;
    }
}
