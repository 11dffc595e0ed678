package dev.faultline.scan;

/**
 * Which of Faultline's loop models covers the kernel path a scan case takes, by file system,
 * direction and mode (the oracle compares each with the real kernel). A path no model covers is
 * named as such: those are the next models to write.
 */
final class Models {
    /** File systems whose buffered write is generic_perform_write (mm/filemap.c). */
    private static final java.util.Set<String> GENERIC_WRITE = java.util.Set.of("tmpfs", "ext4", "f2fs", "jfs",
            "nilfs2", "vfat", "exfat", "udf", "ntfs3", "ocfs2");

    private Models() {
    }

    /** @return the model's name, or null when no model covers the path */
    static String of(final ScanCase c) {
        switch (c.call()) {
            case TREE_SEARCH:
                return "btrfs-search";
            case KCORE_READ:
                return "kcore-read";
            default:
                if (c.call().where() != ScanCall.Where.FILE) {
                    return null; // userfaultfd, futexes, rt_sigreturn: no loop model yet
                }
        }
        if (c.mode() == ScanMode.COMPRESSED) {
            return null; // ntfs_compress_write: no model yet
        }
        final String fs = c.fs();
        final boolean direct = c.mode().direct();
        if (c.call().writes()) {
            if (!direct) {
                return GENERIC_WRITE.contains(fs) ? "perform-write" : null;
            }
            return fs.equals("btrfs") ? "btrfs-dio-write" : null;
        }
        if (c.call().records()) {
            return fs.equals("gfs2") ? "gfs2-fiemap" : null;
        }
        if (!direct) {
            return fs.equals("gfs2") ? "gfs2-read" : null;
        }
        return switch (fs) {
            case "ext4", "xfs" -> "ext4-dio";
            case "btrfs" -> "btrfs-dio";
            case "gfs2" -> "dio";
            default -> null;
        };
    }
}
