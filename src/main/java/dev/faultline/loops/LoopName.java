package dev.faultline.loops;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The loop models by their command-line names: the one place a loop's name is spelt. */
public enum LoopName {
    /** generic_perform_write (mm/filemap.c): buffered write. */
    PERFORM_WRITE("perform-write"),
    /** btrfs search_ioctl + copy_to_sk (fs/btrfs/ioctl.c). */
    BTRFS_SEARCH("btrfs-search"),
    /** iomap direct I/O under gfs2's retry loop (gfs2_file_direct_read, fs/gfs2/file.c). */
    DIO("dio"),
    /** gfs2_file_read_iter (fs/gfs2/file.c): buffered read. */
    GFS2_READ("gfs2-read"),
    /** ext4_dio_read_iter (fs/ext4/file.c): iomap direct I/O without partial results, no retry. */
    EXT4_DIO("ext4-dio"),
    /**
     * btrfs_direct_read (fs/btrfs/direct-io.c) under btrfs_file_read_iter (fs/btrfs/file.c): iomap
     * direct I/O with partial results, the {@code left == prev_left} progress rule, then a buffered
     * read of the rest.
     */
    BTRFS_DIO("btrfs-dio"),
    /**
     * read_kcore_iter (fs/proc/kcore.c), its vmalloc case: a no-fault copy per page, a
     * fault-in and a retry without a progress rule (v6.4+).
     */
    KCORE_READ("kcore-read"),
    /**
     * gfs2_file_direct_read (fs/gfs2/file.c) over a hole or inline data: iomap's
     * iomap_dio_hole_iter / iomap_dio_inline_iter store with a no-fault, tag-checked uaccess under
     * gfs2's retry loop, which has no progress rule (v5.16+).
     */
    GFS2_DIO_HOLE("gfs2-dio-hole"),
    /**
     * gfs2_fiemap (fs/gfs2/inode.c) with its retry loop: a no-fault pass over the extents, a
     * fault-in of the whole array, a restart from extent 0, no progress rule.
     */
    GFS2_FIEMAP("gfs2-fiemap"),
    /**
     * btrfs_direct_write (fs/btrfs/direct-io.c): iomap direct I/O from the user buffer with partial
     * results, the {@code left == prev_left} progress rule, then btrfs_buffered_write for the rest.
     */
    BTRFS_DIO_WRITE("btrfs-dio-write");

    private final String word;

    LoopName(final String word) {
        this.word = word;
    }

    /**
     * The fault-in that this loop's own kernel code calls, in an era: what {@code --strategy kernel}
     * means. generic_perform_write, btrfs's direct and buffered writes: fault_in_iov_iter_readable
     * (page). btrfs search_ioctl: fault_in_subpage_writeable since 5.19 (granule); 5.16–5.18
     * fault_in_writeable and before 5.16 fault_in_pages_writeable (page). gfs2's read,
     * direct read, hole read and fiemap, btrfs's direct read and /proc/kcore:
     * fault_in_iov_iter_writeable / fault_in_safe_writeable (gup) since 5.16; before, gfs2 had no
     * retry loop and the models run page. ext4's direct I/O faults nothing in (page, unused).
     *
     * @param era the era of the kernel's helpers
     * @return the strategy
     */
    public dev.faultline.faultin.Strategy kernelStrategy(final dev.faultline.faultin.KernelEra era) {
        final boolean old = era == dev.faultline.faultin.KernelEra.PRE_5_16;
        final boolean pages = old || era == dev.faultline.faultin.KernelEra.V5_16;
        return switch (this) {
            case PERFORM_WRITE, EXT4_DIO, BTRFS_DIO_WRITE -> dev.faultline.faultin.Strategy.PAGE;
            case BTRFS_SEARCH -> pages ? dev.faultline.faultin.Strategy.PAGE : dev.faultline.faultin.Strategy.GRANULE;
            case DIO, GFS2_READ, BTRFS_DIO, KCORE_READ, GFS2_DIO_HOLE, GFS2_FIEMAP ->
                    old ? dev.faultline.faultin.Strategy.PAGE : dev.faultline.faultin.Strategy.GUP;
        };
    }

    /**
     * Whether the kernel code this loop models existed in an era: gfs2's direct-I/O retry loop and
     * btrfs's direct-I/O retry loops came with the v5.16 page-fault series (Andreas Gruenbacher's
     * "gfs2: Fix mmap + page fault deadlocks for direct I/O", Filipe Manana's "btrfs: fix deadlock
     * due to page faults during direct IO reads and writes"), read_kcore_iter's vmalloc loop with
     * v6.4, gfs2_fiemap's retry loop with e411d74cc5ba (2026, backported to the 6.1 and 6.12 stable
     * trees, so the 5.19-6.14 era keeps it); before them there was no loop to model. The other
     * loops model what their kernel code did before v5.16 as well (perform-write, btrfs-search,
     * ext4-dio, gfs2-read and gfs2-dio-hole: one faulting copy, no retry).
     *
     * @param era the era asked for
     * @return null when the loop existed in it, else why not, in one sentence
     */
    public String missingIn(final dev.faultline.faultin.KernelEra era) {
        final boolean pre516 = era == dev.faultline.faultin.KernelEra.PRE_5_16;
        final boolean pre519 = pre516 || era == dev.faultline.faultin.KernelEra.V5_16;
        return switch (this) {
            case DIO -> pre516 ? "gfs2's direct-I/O retry loop came in v5.16" : null;
            case BTRFS_DIO, BTRFS_DIO_WRITE -> pre516 ? "btrfs's direct-I/O retry loop came in v5.16" : null;
            case KCORE_READ -> pre519 ? "read_kcore_iter's vmalloc retry loop came in v6.4" : null;
            case GFS2_FIEMAP -> pre519 ? "gfs2_fiemap's retry loop came with e411d74cc5ba (2026; in the 6.1 and"
                    + " 6.12 stable trees from 6.1.165 and 6.12.75)" : null;
            default -> null;
        };
    }

    /** @return the command-line name */
    public String word() {
        return word;
    }

    /** @return every name in matrix order: {@code "a, b, c or d"} */
    public static String words() {
        final String all = Arrays.stream(values()).map(LoopName::word).collect(Collectors.joining(", "));
        final int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }

    /**
     * @param word a command-line name
     * @return the loop it names
     * @throws IllegalArgumentException for any other word, listing the valid ones
     */
    public static LoopName of(final String word) {
        for (final LoopName n : values()) {
            if (n.word.equals(word.toLowerCase(Locale.ROOT))) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown loop \"" + word + "\"; use " + words());
    }

    @Override
    public String toString() {
        return word;
    }
}
