package dev.faultline.scan;

/** How the file is opened. */
public enum ScanMode {
    /** Through the page cache. */
    BUFFERED("buffered"),
    /** O_DIRECT: offsets, sizes and iovecs in whole 512-byte sectors. */
    DIRECT("direct"),
    /**
     * O_DIRECT writes to a file made NOCOW (FS_NOCOW_FL) while empty: on btrfs, no copy-on-write
     * and no data checksums, so its direct write stays direct instead of going buffered.
     */
    NOCOW("nocow"),
    /**
     * Buffered writes to a file given the compressed attribute (FS_COMPR_FL) while empty: on ntfs3,
     * ntfs_compress_write instead of generic_perform_write (fs/ntfs3/file.c).
     */
    COMPRESSED("compressed");

    /** The alignment a direct case keeps: the logical block of a loop device made with defaults. */
    public static final int SECTOR = 512;

    private final String word;

    ScanMode(final String word) {
        this.word = word;
    }

    /** @return whether the file is opened with O_DIRECT */
    public boolean direct() {
        return this == DIRECT || this == NOCOW;
    }

    /** @return the name on the command line and in the driver */
    public String word() {
        return word;
    }

    /** @return the mode of that name */
    public static ScanMode of(final String word) {
        for (final ScanMode m : values()) {
            if (m.word.equals(word)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown scan mode \"" + word + "\"; use buffered, direct, nocow or compressed");
    }

    @Override
    public String toString() {
        return word;
    }
}
