package dev.faultline.scan;

import dev.faultline.oracle.LoopImage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A directory on the file system a scan case runs on: a loop-mounted image made with the file
 * system's own mkfs ({@link LoopImage}), or for tmpfs a tmpfs mounted for the scan (as root) or a
 * directory of /dev/shm. {@link #close()} removes what it made.
 */
final class ScanDir implements AutoCloseable {
    /**
     * The file systems a scan covers, in its order: btrfs last, since a case SIGKILL does not end
     * stops the scan (7.x's buffered write leaves such a task), and every other file system then
     * has its table. First, {@link ScanCall#NO_FS}: the calls that need no file system, in a tmpfs
     * directory (for their file-backed buffers).
     */
    static final List<String> ALL = List.of(ScanCall.NO_FS, "tmpfs", "ext4", "xfs", "gfs2", "f2fs", "ocfs2", "jfs", "nilfs2", "vfat",
            "exfat", "udf", "ntfs3", "ntfs", "btrfs");

    private final Path path;
    private final AutoCloseable undo;
    private final Runnable abandon;

    private ScanDir(final Path path, final AutoCloseable undo, final Runnable abandon) {
        this.path = path;
        this.undo = undo;
        this.abandon = abandon;
    }

    /** @return why the file system cannot be had here, or null when it can */
    static String unavailable(final String fs) {
        if (fs.equals("tmpfs") || fs.equals(ScanCall.NO_FS)) {
            return root() || Files.isDirectory(Path.of("/dev/shm")) ? null
                    : "not root, and no /dev/shm: no tmpfs to write to";
        }
        if (!ALL.contains(fs)) {
            throw new IllegalArgumentException("unknown file system \"" + fs + "\"; the scan knows " + String.join(", ", ALL));
        }
        return LoopImage.Fs.of(fs).unavailable();
    }

    /**
     * Makes the file system's directory under {@code work}.
     *
     * @throws IllegalStateException when a step fails (what was made is removed)
     */
    static ScanDir make(final String fs, final Path work) {
        try {
            Files.createDirectories(work);
            if (!fs.equals("tmpfs") && !fs.equals(ScanCall.NO_FS)) {
                final LoopImage image = LoopImage.mount(LoopImage.Fs.of(fs), work, false);
                final Path probe = image.mountPoint().resolve(".faultline-writable");
                try {
                    Files.deleteIfExists(Files.createFile(probe));
                } catch (IOException readOnly) { // the old ntfs driver, ntfs3's "ntfs" alias: nothing to write to
                    image.close();
                    throw new IllegalStateException("the kernel mounts " + fs + " read-only here (" + readOnly
                            + "): the scan writes its files");
                }
                return new ScanDir(image.mountPoint(), image, image::abandon);
            }
            if (!root()) {
                final Path d = Files.createTempDirectory(Path.of("/dev/shm"), "faultline-scan-");
                return new ScanDir(d, () -> LoopImage.deleteTree(d), () -> { });
            }
            // one mount point per file system: two lanes may have tmpfs and the calls without one at once
            final Path mnt = Files.createDirectories(work.toAbsolutePath().resolve(fs.equals("tmpfs") ? "tmpfs-mnt"
                    : "tmpfs-" + fs + "-mnt"));
            LoopImage.run(List.of("mount", "-t", "tmpfs", "-o", "size=64m", "faultline-scan", mnt.toString()));
            return new ScanDir(mnt, () -> {
                LoopImage.run(List.of("umount", "-l", mnt.toString()), LoopImage.UNMOUNT_LIMIT);
                Files.deleteIfExists(mnt);
            }, () -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean root() {
        return dev.faultline.oracle.KernelFs.root();
    }

    /** @return the directory */
    Path path() {
        return path;
    }

    /**
     * Leaves the file system mounted for good, also when the JVM ends: a task SIGKILL did not end may
     * hold it, and an unmount would then block for good (a reboot ends both).
     */
    void abandon() {
        abandon.run();
    }

    /**
     * Removes the file system. An unmount that does not return (a task the kernel does not end may hold
     * the file system, or stall the RCU grace period every unmount waits for) leaves it mounted until the
     * reboot, with one line on standard error; the scan goes on.
     */
    @Override
    public void close() {
        try {
            undo.close();
        } catch (LoopImage.NotReturned hung) {
            System.err.println("faultline: " + path + " stays mounted: " + hung.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot remove " + path + ": " + e.getMessage(), e);
        }
    }
}
