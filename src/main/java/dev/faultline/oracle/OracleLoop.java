package dev.faultline.oracle;

import dev.faultline.loops.LoopName;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The real kernel paths the oracle runs, by their command-line names, each with the loop model it
 * is compared with.
 */
public enum OracleLoop {
    /** pwrite(2) of the user buffer to a regular file: generic_perform_write (or its iomap twin). */
    PERFORM_WRITE("perform-write", LoopName.PERFORM_WRITE),
    /** pread(2) into the user buffer: filemap_read, against the gfs2-read model's copy loop. */
    BUFFERED_READ("buffered-read", LoopName.GFS2_READ),
    /** pread(2) with O_DIRECT: iomap direct I/O. */
    DIO("dio", LoopName.DIO),
    /** pread(2) with O_DIRECT on a loop-mounted btrfs image: btrfs_direct_read, then filemap_read. */
    BTRFS_DIO("btrfs-dio", LoopName.BTRFS_DIO),
    /**
     * pwrite(2) with O_DIRECT to a NOCOW file on a loop-mounted btrfs image: btrfs_direct_write,
     * then btrfs_buffered_write.
     */
    BTRFS_DIO_WRITE("btrfs-dio-write", LoopName.BTRFS_DIO_WRITE),
    /** BTRFS_IOC_TREE_SEARCH_V2 on a loop-mounted btrfs image. */
    BTRFS_SEARCH("btrfs-search", LoopName.BTRFS_SEARCH),
    /** read(2) on a loop-mounted gfs2 image. */
    GFS2_READ("gfs2-read", LoopName.GFS2_READ),
    /** pread(2) with O_DIRECT of a sparse file on the loop-mounted gfs2 image: iomap's hole zeroing. */
    GFS2_DIO_HOLE("gfs2-dio-hole", LoopName.GFS2_DIO_HOLE),
    /**
     * pread(2) with O_DIRECT of a small file whose data lives in its inode block ("stuffed") on the
     * loop-mounted gfs2 image: iomap_dio_inline_iter's copy_to_iter under the same retry loop as
     * the hole; compared with the same model.
     */
    GFS2_DIO_INLINE("gfs2-dio-inline", LoopName.GFS2_DIO_HOLE),
    /**
     * pread(2) with O_DIRECT of allocated blocks on the gfs2 image, on a loop device of 512-byte
     * sectors ({@code mount -o loop}): iomap direct I/O (bio_iov_iter_get_pages) under
     * gfs2_file_direct_read's retry loop; compared with the dio model at that block.
     */
    GFS2_DIO("gfs2-dio", LoopName.DIO),
    /**
     * As {@link #GFS2_DIO} on a loop device of 4096-byte sectors, as a 4Kn drive looks: a logical
     * block can straddle a page boundary of a buffer aligned to 512 bytes (the device's DMA
     * alignment), and a block whose second page cannot be pinned is trimmed away whole.
     */
    GFS2_DIO_4KN("gfs2-dio-4kn", LoopName.DIO),
    /** FS_IOC_FIEMAP of a file of many extents on the loop-mounted gfs2 image: gfs2_fiemap. */
    GFS2_FIEMAP("gfs2-fiemap", LoopName.GFS2_FIEMAP),
    /** pread(2) of /proc/kcore at a vmalloc address (root): read_kcore_iter. */
    KCORE_READ("kcore-read", LoopName.KCORE_READ);

    private final String word;
    private final LoopName model;

    OracleLoop(final String word, final LoopName model) {
        this.word = word;
        this.model = model;
    }

    /** @return the command-line name */
    public String word() {
        return word;
    }

    /** @return whether the path runs on the gfs2 image ({@link Gfs2Oracle}) */
    public boolean gfs2() {
        return this == GFS2_READ || this == GFS2_DIO_HOLE || this == GFS2_DIO_INLINE || this == GFS2_FIEMAP
                || this == GFS2_DIO || this == GFS2_DIO_4KN;
    }

    /** @return the logical block size of the loop device the path's image is attached to */
    public int sector() {
        return this == GFS2_DIO_4KN ? 4096 : LoopImage.SECTOR;
    }

    /** @return the loop model it is compared with */
    public LoopName model() {
        return model;
    }

    /**
     * @param fileSystem the type of the file system the path runs on (/proc/self/mounts)
     * @return the model of that file system's own loop: ext4 drives direct I/O without partial
     *         results and without a retry loop ({@link LoopName#EXT4_DIO}), btrfs with its own
     *         progress rule and a buffered read of the rest ({@link LoopName#BTRFS_DIO}); every
     *         other path keeps {@link #model()}
     */
    public LoopName modelOn(final String fileSystem) {
        if (this != DIO) {
            return model;
        }
        return switch (fileSystem) {
            case "ext4" -> LoopName.EXT4_DIO;
            case "btrfs" -> LoopName.BTRFS_DIO;
            default -> model;
        };
    }

    /**
     * @param fileSystem the type of the file system the path runs on
     * @return what is compared, in words: the real call and the kernel code it runs, then the model
     *         (for the buffered read the model is gfs2-read's loop because it wraps the same copy in
     *         gfs2's fault-in-and-retry: where the copy faults and the fault-in fails on the same byte,
     *         both return the same count)
     */
    public String comparison(final String fileSystem) {
        final String real = switch (this) {
            case PERFORM_WRITE -> "pwrite(2) on " + fileSystem + " (generic_perform_write or its iomap twin)";
            case BUFFERED_READ -> "pread(2) on " + fileSystem + " (filemap_read's copy_page_to_iter)";
            case DIO -> "O_DIRECT pread(2) on " + fileSystem + " (iomap direct I/O)";
            case BTRFS_DIO -> "O_DIRECT pread(2) on btrfs (btrfs_direct_read, then filemap_read)";
            case BTRFS_DIO_WRITE -> "O_DIRECT pwrite(2) on btrfs (btrfs_direct_write, then btrfs_buffered_write)";
            default -> word;
        };
        return "real " + real + " vs model " + modelOn(fileSystem).word()
                + (this == BUFFERED_READ ? " (the same copy inside gfs2's fault-in-and-retry loop)" : "");
    }

    /**
     * @param loop a loop model
     * @return the real path whose one case ({@link Oracle#runCase}) compares that model's file
     *         system loop over the same range: perform-write's pwrite, gfs2-read's buffered pread,
     *         the dio models' O_DIRECT pread (the model of the directory's file system), btrfs-dio's
     *         on a btrfs image; empty for btrfs-search, whose ioctl fills the whole region
     */
    public static java.util.Optional<OracleLoop> caseFor(final LoopName loop) {
        return java.util.Optional.ofNullable(switch (loop) {
            case PERFORM_WRITE -> PERFORM_WRITE;
            case GFS2_READ -> BUFFERED_READ;
            case DIO, EXT4_DIO -> DIO;
            case BTRFS_DIO -> BTRFS_DIO;
            case BTRFS_DIO_WRITE -> BTRFS_DIO_WRITE;
            case BTRFS_SEARCH, KCORE_READ, GFS2_DIO_HOLE, GFS2_FIEMAP -> null;
        });
    }

    /**
     * @param word a command-line name
     * @return the path it names
     * @throws IllegalArgumentException for any other word, listing the valid ones
     */
    public static OracleLoop of(final String word) {
        for (final OracleLoop l : values()) {
            if (l.word.equals(word.toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown oracle loop \"" + word + "\"; use "
                + Arrays.stream(values()).map(OracleLoop::word).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return word;
    }
}
