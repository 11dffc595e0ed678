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
