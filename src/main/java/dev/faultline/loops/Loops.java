package dev.faultline.loops;

import java.util.List;

/** The loop models by name. */
public final class Loops {
    /** The matrix's loops: the four of the 2021 argument, each with a fault-in under test. */
    private static final List<Loop> ALL = List.of(new PerformWrite(), new BtrfsSearch(), new DirectIo(), new Gfs2Read());
    /**
     * Every model, by {@link LoopName} order. Not in the matrix: ext4-dio faults nothing in, and
     * btrfs-dio's progress rule ends it after one retry without progress, whatever the strategy;
     * kcore-read is root-only (its oracle reads /proc/kcore); gfs2-dio-hole
     * is gfs2-read's loop over another copy, compared by the gfs2 oracle; gfs2-fiemap's all-or-nothing
     * restart is btrfs-search's old shape, compared by the gfs2 oracle too; btrfs-dio-write writes
     * from the buffer, the matrix's loops read into it or copy out of it once.
     */
    private static final List<Loop> MODELS = List.of(new PerformWrite(), new BtrfsSearch(), new DirectIo(),
            new Gfs2Read(), new Ext4DirectIo(), new BtrfsDirectRead(), new KcoreRead(), new Gfs2DirectHoleRead(), new Gfs2Fiemap(), new BtrfsDirectWrite());

    private Loops() {
    }

    /** @return every loop, in matrix order */
    public static List<Loop> all() {
        return ALL;
    }

    /** @return whether the loop model needs MADV_POPULATE_WRITE (Linux 5.14+): the dio models' GUP pin */
    public static boolean needsPopulate(final Loop loop) {
        return loop.id() == LoopName.DIO || loop.id() == LoopName.EXT4_DIO || loop.id() == LoopName.BTRFS_DIO
                || loop.id() == LoopName.BTRFS_DIO_WRITE;
    }

    /** @return the loops this kernel can run, in matrix order (all but dio without MADV_POPULATE) */
    public static List<Loop> runnable() {
        return ALL.stream().filter(l -> !needsPopulate(l) || dev.faultline.sys.KernelFeatures.populate()).toList();
    }

    /**
     * @param name a {@link LoopName} word
     * @return the loop
     * @throws IllegalArgumentException for any other name
     */
    public static Loop byName(final String name) {
        final LoopName id = LoopName.of(name);
        return MODELS.stream().filter(l -> l.id() == id).findFirst().orElseThrow();
    }
}
