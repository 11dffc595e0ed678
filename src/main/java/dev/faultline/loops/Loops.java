package dev.faultline.loops;

import java.util.List;

/** The loop models by name. */
public final class Loops {
    private static final List<Loop> ALL = List.of(new PerformWrite(), new BtrfsSearch(), new DirectIo(), new Gfs2Read());

    private Loops() {
    }

    /** @return every loop, in matrix order */
    public static List<Loop> all() {
        return ALL;
    }

    /** @return whether the loop model needs MADV_POPULATE_WRITE (Linux 5.14+): the dio model's GUP pin */
    public static boolean needsPopulate(final Loop loop) {
        return loop.id() == LoopName.DIO;
    }

    /** @return the loops this kernel can run, in matrix order (all but dio without MADV_POPULATE) */
    public static List<Loop> runnable() {
        return ALL.stream().filter(l -> !needsPopulate(l) || dev.faultline.sys.KernelFeatures.populate()).toList();
    }

    /**
     * @param name {@code perform-write}, {@code btrfs-search}, {@code dio} or {@code gfs2-read}
     * @return the loop
     * @throws IllegalArgumentException for any other name
     */
    public static Loop byName(final String name) {
        final LoopName id = LoopName.of(name);
        return ALL.stream().filter(l -> l.id() == id).findFirst().orElseThrow();
    }
}
