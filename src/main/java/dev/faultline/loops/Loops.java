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
