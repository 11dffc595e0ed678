package dev.faultline.scan;

/** What the driver maps the user buffer from. */
public enum BufferBacking {
    /** MAP_PRIVATE | MAP_ANONYMOUS (a zap page: a page of a memfd, MAP_SHARED). */
    PRIVATE("private"),
    /** MAP_SHARED | MAP_ANONYMOUS (shmem). */
    SHARED("shared"),
    /** MAP_SHARED of a file on the file system under test (no PROT_MTE: not RAM-backed). */
    FILE("file"),
    /**
     * {@link #FILE}, written back (msync MS_SYNC) and dropped from memory (MADV_PAGEOUT, 5.4+) before
     * the call: every access to it is a benign major fault that reads the page back from the disk
     * (on a disk file system only: tmpfs pages need swap to be paged out).
     */
    PAGEDOUT("pagedout");

    private final String word;

    BufferBacking(final String word) {
        this.word = word;
    }

    /** @return the name in a case and in the driver */
    public String word() {
        return word;
    }

    /** @return the backing of that name */
    public static BufferBacking of(final String word) {
        for (final BufferBacking b : values()) {
            if (b.word.equals(word)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown buffer backing \"" + word + "\"; use private, shared, file or pagedout");
    }

    @Override
    public String toString() {
        return word;
    }
}
