package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;
import dev.faultline.memory.Region;

import java.util.Locale;

/**
 * FS_IOC_FIEMAP on gfs2 (gfs2_fiemap, fs/gfs2/inode.c; fiemap_fill_next_extent, fs/ioctl.c), filling
 * the user's array of {@code struct fiemap_extent} ({@link #EXTENT} bytes each) with the file's
 * extents. The model's file has more extents than the array holds, so a run ends when the array is
 * full ({@code fm_mapped_extents == fm_extent_count}, the ioctl returns 0).
 *
 * <p>With the retry loop (commit "gfs2: fiemap page fault fix", in 7.1.5's fs/gfs2/inode.c lines
 * 2194-2230; not in 6.12.33): iomap_fiemap runs with page faults disabled, each extent a 56-byte
 * copy_to_user that fails whole on any fault; on -EFAULT, {@code fault_in_fiemap} faults in the
 * WHOLE array ({@code fault_in_safe_writeable(dest, 56 * fm_extent_count)}, GUP, tag-blind: the
 * {@code gup} strategy, replaced by the strategy under test) and, if every byte was faulted in,
 * resets {@code fi_extents_mapped} to 0 and starts over — the old btrfs search_ioctl's shape, with
 * no progress rule: a copy that keeps failing after a fault-in that keeps succeeding spins, and
 * Faultline stops it after {@code --max-rounds} (LIVELOCK). A fault-in that fails anywhere in the
 * array ends the ioctl with -EFAULT, even where the extents would have fitted before it.
 *
 * <p>Without it ({@code new Gfs2Fiemap(false)}: 6.12.33, 6.1, 5.10): one pass with page faults
 * enabled, which stops at the first extent it cannot store: -EFAULT.
 */
public final class Gfs2Fiemap implements Loop {
    /** sizeof(struct fiemap_extent), include/uapi/linux/fiemap.h: 3 u64, 2 reserved u64, a u32 and 3 reserved u32. */
    public static final int EXTENT = 56;

    private final boolean retryLoop;

    /** The newest source's loop (the retry loop). */
    public Gfs2Fiemap() {
        this(true);
    }

    /** @param retryLoop whether the kernel has gfs2_fiemap's retry loop ("gfs2: fiemap page fault fix") */
    public Gfs2Fiemap(final boolean retryLoop) {
        this.retryLoop = retryLoop;
    }

    @Override
    public LoopName id() {
        return LoopName.GFS2_FIEMAP;
    }

    @Override
    public Outcome run(final Region region, final long offset, final long size, final LoopConfig config) {
        if (size < EXTENT) {
            throw new IllegalArgumentException(String.format(Locale.ENGLISH,
                    "%s: --size must hold one extent of %d bytes (struct fiemap_extent): size=%d", name(), EXTENT, size));
        }
        final long array = size / EXTENT * EXTENT;
        try (LoopRun run = new LoopRun(region, offset, size, config)) {
            final long possible = run.reach(AccessMode.WRITE, false) / EXTENT * EXTENT;
            if (!retryLoop) {
                run.round();
                final boolean full = fill(run, array, true) == array;
                return run.outcome(name(), full ? array : 0, array, possible, false, !full);
            }
            int stall = 0;
            while (true) {
                run.round();
                if (fill(run, array, false) == array) {
                    return run.outcome(name(), array, array, possible, false, false);
                }
                if (run.faultIn(AccessMode.WRITE, 0, array) != 0) {
                    return run.outcome(name(), 0, array, possible, false, true);
                }
                if (++stall >= config.maxRounds()) {
                    return run.outcome(name(), 0, array, possible, true, false);
                }
            }
        }
    }

    /** One pass of iomap_fiemap from extent 0: bytes of the extents stored before the first that failed. */
    private static long fill(final LoopRun run, final long array, final boolean faulting) {
        for (long at = 0; at < array; at += EXTENT) {
            final long copied = faulting ? run.copyToUserFaulting(at, EXTENT) : run.copyToUser(at, EXTENT);
            if (copied != EXTENT) {
                return at;
            }
        }
        return array;
    }
}
