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
 *       The chunk ({@link Chunks}) is {@code nrptrs} pages ({@code max(8, min(pages, PAGE_SIZE / 8))},
 *       the task's dirty budget left out as it only matters above 8 pages) before v6.15; one page
 *       (up to the next page boundary of the file position, copy_one_range) from v6.15, as
 *       7.1.5's source reads without CONFIG_BTRFS_EXPERIMENTAL; up to the next boundary of the
 *       largest data folio (calc_write_bytes: {@code mapping_max_folio_size}, BITS_PER_LONG blocks)
 *       where the data mapping takes large folios — 7.1.5 under CONFIG_BTRFS_EXPERIMENTAL only;
 *       Debian's 7.3.4, whose btrfs has no experimental features, behaves so when measured (an
 *       unaligned write of [rw][rw][none] returns EFAULT with nothing written).</li>
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
    /** How much btrfs_buffered_write faults in and copies at a time. */
    public enum Chunks {
        /** Before v6.15: nrptrs pages ({@code max(8, min(pages left, PAGE_SIZE / 8))}, each round). */
        NRPTRS,
        /** From v6.15 (copy_one_range): up to the next page boundary of the file position. */
        PAGE,
        /** Large data folios: up to the next boundary of {@link #FOLIO_BLOCKS} blocks. */
        FOLIO;

        /**
         * The largest data folio, in blocks: fs/btrfs/disk-io.c (7.1.5) sets
         * {@code block_max_order = ilog2((BITS_PER_LONG << sectorsize_bits) >> PAGE_SHIFT)}, one
         * bit of the subpage bitmaps per block.
         */
        public static final long FOLIO_BLOCKS = 64;

        /**
         * @param rest  bytes left to write
         * @param pos   the file position
         * @param page  the page size
         * @param block the file system block
         * @return the bytes of the next chunk
         */
        long bytes(final long rest, final long pos, final long page, final long block) {
            return Math.min(rest, switch (this) {
                case NRPTRS -> Math.max(8, Math.min((rest + page - 1) / page, page / 8)) * page - pos % page;
                case PAGE -> page - pos % page;
                case FOLIO -> {
                    final long folio = Math.max(page, FOLIO_BLOCKS * block);
                    yield folio - pos % folio;
                }
            });
        }
    }

    private final Chunks chunks;

    /**
     * The rule of the newest source read without experimental features (7.1.5: {@link Chunks#PAGE});
     * the oracle asks the running kernel which rule it follows.
     */
    public BtrfsDirectWrite() {
        this(Chunks.PAGE);
    }

    /** @param chunks how btrfs_buffered_write chunks the rest */
    public BtrfsDirectWrite(final Chunks chunks) {
        this.chunks = chunks;
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
        final long block = config.block();
        long done = 0;
        int stall = 0;
        while (done < n) {
            final long pos = off + done;
            final long chunk = chunks.bytes(n - done, pos, page, block);
            run.round();
            if (run.faultIn(AccessMode.READ, pos, chunk) != 0) {
                return done > 0 ? done : -1;
            }
            final long copied = run.copyFromUser(pos, chunk);
            final boolean reverted = chunks != Chunks.NRPTRS && copied < chunk && pos % block == 0
                    && (pos + chunk) % block == 0;
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
