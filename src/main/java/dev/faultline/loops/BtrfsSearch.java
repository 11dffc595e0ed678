package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;
import dev.faultline.memory.Region;

import java.lang.foreign.MemorySegment;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * btrfs search_ioctl + copy_to_sk (fs/btrfs/ioctl.c, docs/kernel.md#btrfs-search_ioctl), copying search results
 * into the user buffer: records of a 32-byte {@code btrfs_ioctl_search_header} (transid,
 * objectid, offset: u64; type, len: u32) and {@code --record} payload bytes, grouped in
 * leaves of one btrfs node ({@code (node - 101) / (25 + len)} items; mkfs.btrfs's default node
 * is 16 KiB or the page size, whichever is bigger). The tree holds one
 * record more than the buffer takes, so a run ends when the buffer is full.
 *
 * <p>Every round first faults in the WHOLE remaining buffer {@code [sk_offset, size)} and
 * returns EFAULT on any non-zero leftover; then copies the records of one leaf with
 * all-or-nothing no-fault copies (copy_to_user_nofault), and on a failed copy restarts the
 * next round at the start of the failing record, never checking whether the round made
 * progress.
 */
public final class BtrfsSearch implements Loop {
    /** sizeof(struct btrfs_ioctl_search_header), include/uapi/linux/btrfs.h. */
    public static final int HEADER = 32;
    /** mkfs.btrfs's default node size: 16 KiB, or the page size where that is bigger (64 KiB pages). */
    private static final long NODE = Math.max(16 * 1024, dev.faultline.sys.Unistd.pageSize());
    private static final int LEAF_HEADER = 101;
    private static final int ITEM = 25;

    private final java.util.function.LongUnaryOperator payload;

    /** Records of {@code --record} payload bytes each. */
    public BtrfsSearch() {
        this.payload = null;
    }

    /**
     * Records whose payload sizes follow the tree's real items (the oracle reads them from the
     * kernel's own answer).
     *
     * @param payload record index to payload bytes
     */
    public BtrfsSearch(final java.util.function.LongUnaryOperator payload) {
        this.payload = payload;
    }

    @Override
    public LoopName id() {
        return LoopName.BTRFS_SEARCH;
    }

    private long len(final LoopConfig config, final long i) {
        return payload == null ? config.record() : payload.applyAsLong(i);
    }

    /** Bytes of the first records that fit {@code size}, and how many they are. */
    private long[] fit(final LoopConfig config, final long size) {
        long bytes = 0;
        long n = 0;
        while (bytes + HEADER + len(config, n) <= size) {
            bytes += HEADER + len(config, n);
            n++;
        }
        return new long[] {bytes, n};
    }

    @Override
    public Outcome run(final Region region, final long offset, final long size, final LoopConfig config) {
        final long rec0 = HEADER + len(config, 0);
        if (size < rec0) {
            throw new IllegalArgumentException(String.format(Locale.ENGLISH,
                    "btrfs-search: --size must hold one record of %d bytes (32-byte header + --record): size=%d record=%d",
                    rec0, size, len(config, 0)));
        }
        try (LoopRun run = new LoopRun(region, offset, size, config)) {
            final long[] fits = fit(config, size);
            final long capacity = fits[0];
            final long total = fits[1] + 1;
            final long perLeaf = Math.max(1, (NODE - LEAF_HEADER) / (ITEM + len(config, 0)));
            long skOffset = 0;
            long next = 0;
            int stall = 0;
            boolean error = false;
            boolean livelock = false;
            while (next < total) {
                run.round();
                if (run.faultIn(AccessMode.WRITE, skOffset, size - skOffset) != 0) {
                    error = true;
                    break;
                }
                final long leafEnd = Math.min(total, (next / perLeaf + 1) * perLeaf);
                final long before = next;
                boolean fault = false;
                boolean full = false;
                for (long i = next; i < leafEnd; i++) {
                    final long len = len(config, i);
                    if (skOffset + HEADER + len > size) {
                        full = true;
                        break;
                    }
                    header(run.kernel(), skOffset, i, len);
                    if (run.copyToUser(skOffset, HEADER) != HEADER) {
                        fault = true;
                        break;
                    }
                    if (len > 0 && run.copyToUser(skOffset + HEADER, len) != len) {
                        fault = true;
                        break;
                    }
                    skOffset += HEADER + len;
                    next = i + 1;
                }
                if (full) {
                    break;
                }
                if (!fault) {
                    continue;
                }
                stall = next > before ? 0 : stall + 1;
                if (run.bail(stall)) {
                    error = true;
                    break;
                }
                if (stall >= config.maxRounds()) {
                    livelock = true;
                    break;
                }
            }
            final long possible = fit(config, run.reach(AccessMode.WRITE, false))[0];
            return run.outcome(name(), error ? 0 : skOffset, capacity, Math.min(possible, capacity), livelock, error);
        }
    }

    private static void header(final MemorySegment k, final long at, final long index, final long len) {
        k.set(JAVA_LONG_UNALIGNED, at, 7L);
        k.set(JAVA_LONG_UNALIGNED, at + 8, 256L);
        k.set(JAVA_LONG_UNALIGNED, at + 16, index);
        k.set(JAVA_INT_UNALIGNED, at + 24, 1);
        k.set(JAVA_INT_UNALIGNED, at + 28, (int) len);
    }
}
