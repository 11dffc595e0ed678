package dev.faultline.oracle;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A file system image made in a directory, loop-mounted beside it for the length of an oracle
 * run: {@code truncate}, {@code mkfs.FS}, {@code mount -t FS -o loop}. {@link #close()} unmounts
 * (lazily when a thread is still stuck inside it, as after a kernel livelock), then deletes the image
 * and the mount point — everything it made — unless it was made to be kept ({@code oracle --keep}):
 * then both stay, unmounted. An unmount that does not return within {@link #UNMOUNT_LIMIT} (it waits
 * for a task the kernel does not end) leaves both mounted until the reboot. Every command it runs has
 * a limit. Needs root.
 */
public final class LoopImage implements AutoCloseable {
    /** The file systems the oracle and the scan make, with the mkfs options that make a small image of each. */
    public enum Fs {
        /** ext4 with 1 KiB blocks where the image is small; e2fsprogs. */
        EXT4("ext4", "mkfs.ext4", 64, "e2fsprogs", "-q", "-F"),
        /** btrfs; btrfs-progs. */
        BTRFS("btrfs", "mkfs.btrfs", 128, "btrfs-progs", "-q", "-f"),
        /** gfs2 without a cluster (lock_nolock), one 8 MiB journal; gfs2-utils. */
        GFS2("gfs2", "mkfs.gfs2", 128, "gfs2-utils", "-O", "-q", "-p", "lock_nolock", "-j", "1", "-J", "8"),
        /** xfs (xfsprogs 5.19+ refuses images under 300 MiB; the image is sparse). */
        XFS("xfs", "mkfs.xfs", 320, "xfsprogs", "-q", "-f"),
        /** f2fs; f2fs-tools. */
        F2FS("f2fs", "mkfs.f2fs", 128, "f2fs-tools", "-q", "-f"),
        /** ocfs2 as a local (non-clustered) file system; ocfs2-tools. */
        OCFS2("ocfs2", "mkfs.ocfs2", 128, "ocfs2-tools", "-q", "-F", "-M", "local"),
        /** jfs; jfsutils. */
        JFS("jfs", "mkfs.jfs", 64, "jfsutils", "-q"),
        /** nilfs2 (nilfs-utils 2.2 asks for a little more than 128 MiB with its default segments); nilfs-tools. */
        NILFS2("nilfs2", "mkfs.nilfs2", 256, "nilfs-tools", "-q", "-f"),
        /** FAT32 (the vfat driver); dosfstools. */
        VFAT("vfat", "mkfs.vfat", 64, "dosfstools", "-F", "32"),
        /** exFAT (the kernel's exfat driver); exfatprogs. */
        EXFAT("exfat", "mkfs.exfat", 64, "exfatprogs"),
        /** UDF; udftools. */
        UDF("udf", "mkfs.udf", 64, "udftools"),
        /** NTFS made by ntfs-3g's mkntfs, mounted by the kernel's ntfs3 driver (5.15+). */
        NTFS3("ntfs3", "mkfs.ntfs", 64, "ntfs-3g", "-Q", "-F"),
        /**
         * NTFS mounted as type {@code ntfs}: 7.3's read-write fs/ntfs; before it the old driver (read-only
         * in Debian's builds) or, from 6.9, ntfs3's read-only alias, which a caller that writes must refuse.
         */
        NTFS("ntfs", "mkfs.ntfs", 64, "ntfs-3g", "-Q", "-F");

        private final String type;
        private final String mkfs;
        private final long megabytes;
        private final String debianPackage;
        private final List<String> mkfsOptions;

        Fs(final String type, final String mkfs, final long megabytes, final String debianPackage,
           final String... mkfsOptions) {
            this.type = type;
            this.mkfs = mkfs;
            this.megabytes = megabytes;
            this.debianPackage = debianPackage;
            this.mkfsOptions = List.of(mkfsOptions);
        }

        /** @return the type as mount(8) and /proc/filesystems name it */
        public String type() {
            return type;
        }

        /** @return the mkfs command line that makes the image, less the image's path */
        public String mkfsCommand() {
            return String.join(" ", java.util.stream.Stream.concat(java.util.stream.Stream.of(mkfs),
                    mkfsOptions.stream()).toList());
        }

        /**
         * @param sector the device's logical block size
         * @return the mkfs options that make the file system's own block (and xfs's sector) at least
         *         that large: a file system whose block is smaller than the device's does not mount
         */
        List<String> sectorOptions(final int sector) {
            if (sector == SECTOR) {
                return List.of();
            }
            return switch (this) {
                case EXT4 -> List.of("-b", "4096");
                case XFS -> List.of("-s", "size=" + sector);
                default -> List.of();
            };
        }

        /** @return the image's size in MiB */
        public long megabytes() {
            return megabytes;
        }

        /** @return the Debian package with its mkfs */
        public String debianPackage() {
            return debianPackage;
        }

        /** @return why such an image cannot be made and mounted here, or null when it can */
        public String unavailable() {
            return KernelFs.unavailable(type, mkfs, debianPackage);
        }

        /**
         * @return the file system of that type
         * @throws IllegalArgumentException naming the known ones
         */
        public static Fs of(final String type) {
            for (final Fs f : values()) {
                if (f.type.equals(type)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("no image recipe for file system \"" + type + "\"");
        }
    }

    /**
     * How long {@link #run(List)} waits for a command: mkfs and mount of the largest image take seconds, also
     * under emulation with two guests on two cores; the limit is for a command that will never return.
     */
    public static final Duration COMMAND_LIMIT = Duration.ofSeconds(300);
    /** How long an unmount may take: it writes back a few MiB at most; one that takes longer waits for good. */
    public static final Duration UNMOUNT_LIMIT = Duration.ofSeconds(60);

    /** Images mounted and not yet closed: a JVM ending on Ctrl-C (SIGINT, SIGTERM) closes them too. */
    private static final java.util.Set<LoopImage> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Files and directories to remove if the JVM ends before their maker could (Ctrl-C), newest first. */
    private static final java.util.Deque<Path> AT_EXIT = new java.util.concurrent.ConcurrentLinkedDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            OPEN.forEach(li -> {
                try {
                    li.close();
                } catch (RuntimeException e) { // one that does not unmount keeps none of the others mounted
                    System.err.println("faultline: " + e.getMessage());
                }
            });
            AT_EXIT.forEach(LoopImage::deleteTree);
        }, "faultline-unmount"));
    }

    /**
     * Removes {@code path} (a file, or a directory with all it holds) if the JVM ends on a signal
     * before {@link #forget} is called: for what an oracle run made outside an image (its data
     * files, the directory it created). Runs after the images are unmounted.
     *
     * @param path what the caller made and removes itself on a normal end
     */
    public static void deleteAtExit(final Path path) {
        AT_EXIT.addFirst(path.toAbsolutePath());
    }

    /** @param path no longer to be removed at exit (its maker removed or kept it) */
    public static void forget(final Path path) {
        AT_EXIT.remove(path.toAbsolutePath());
    }

    /**
     * Deletes {@code path} and everything under it. After a Ctrl-C the thread that was running
     * the oracle keeps going while the shutdown hook runs and may write one more file into a
     * directory just emptied: the walk is tried again a few times.
     */
    public static void deleteTree(final Path path) {
        for (int attempt = 0; attempt < 5 && Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS); attempt++) {
            try (java.util.stream.Stream<Path> s = Files.walk(path)) {
                for (final Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | UncheckedIOException again) {
                // a file appeared or went while walking: walk again
            }
        }
    }

    private final Path image;
    private final Path mountPoint;
    private final boolean keep;
    private boolean abandoned;
    private boolean mounted;

    private LoopImage(final Path image, final Path mountPoint, final boolean keep) {
        this.image = image;
        this.mountPoint = mountPoint;
        this.keep = keep;
    }

    /**
     * Makes and mounts an image named after the file system in {@code dir}.
     *
     * @param dir  an existing directory
     * @param keep whether {@link #close()} leaves the image and the mount point in place (unmounted)
     * @return the mounted image
     * @throws IllegalStateException when a step fails (what was made is removed again, unless kept)
     */
    public static LoopImage mount(final Fs fs, final Path dir, final boolean keep) {
        return mount(fs, dir, keep, SECTOR);
    }

    /** The logical block of the loop device {@code mount -o loop} makes (drivers/block/loop.c: SECTOR_SIZE). */
    public static final int SECTOR = 512;

    /**
     * Makes and mounts an image on a loop device with logical blocks of {@code sector} bytes: 512 as
     * {@code mount -o loop} makes it, 4096 as a 4Kn drive looks ({@link LoopDevice}).
     *
     * @param dir    an existing directory
     * @param keep   whether {@link #close()} leaves the image and the mount point in place (unmounted)
     * @param sector the device's logical block size
     * @return the mounted image
     * @throws IllegalStateException when a step fails (what was made is removed again, unless kept)
     */
    public static LoopImage mount(final Fs fs, final Path dir, final boolean keep, final int sector) {
        final Path abs = dir.toAbsolutePath();
        final String name = sector == SECTOR ? fs.type() : fs.type() + "-" + sector;
        final LoopImage li = new LoopImage(abs.resolve(name + ".img"), abs.resolve(name + "-mnt"), keep);
        try {
            Files.createDirectories(li.mountPoint);
            try (RandomAccessFile f = new RandomAccessFile(li.image.toFile(), "rw")) {
                f.setLength(fs.megabytes << 20);
            }
            final List<String> mkfs = new ArrayList<>(List.of(fs.mkfs));
            mkfs.addAll(fs.mkfsOptions);
            mkfs.addAll(fs.sectorOptions(sector));
            mkfs.add(li.image.toString());
            run(mkfs);
            if (sector == SECTOR) {
                run(List.of("mount", "-t", fs.type(), "-o", "loop", li.image.toString(), li.mountPoint.toString()));
            } else {
                try (LoopDevice dev = LoopDevice.attach(li.image, sector)) {
                    run(List.of("mount", "-t", fs.type(), dev.device().toString(), li.mountPoint.toString()));
                }
            }
            li.mounted = true;
            OPEN.add(li);
            return li;
        } catch (IOException | RuntimeException e) {
            li.close();
            throw new IllegalStateException(String.format(Locale.ENGLISH, "cannot make a %s image in %s: %s",
                    fs.type(), abs, e.getMessage()), e);
        }
    }

    /** @return where the image is mounted */
    public Path mountPoint() {
        return mountPoint;
    }

    /**
     * Leaves the image mounted for good: neither {@link #close()} nor the JVM's end unmounts it. For a
     * file system a task SIGKILL did not end may hold: its unmount would block for good (D state, and
     * the JVM's shutdown hook with it), and a reboot ends both.
     */
    public synchronized void abandon() {
        OPEN.remove(this);
        mounted = false;
        abandoned = true;
    }

    /**
     * Unmounts (lazily if busy) and, unless kept, deletes the image and the mount point. Idempotent.
     *
     * @throws NotReturned when the unmount did not return: the image is then left mounted, as by {@link #abandon()}
     */
    @Override
    public synchronized void close() {
        OPEN.remove(this);
        if (abandoned) {
            return;
        }
        if (mounted) {
            mounted = false;
            try {
                try {
                    run(List.of("umount", mountPoint.toString()), UNMOUNT_LIMIT);
                } catch (NotReturned hung) {
                    throw hung;
                } catch (IllegalStateException busy) {
                    run(List.of("umount", "-l", mountPoint.toString()), UNMOUNT_LIMIT);
                }
            } catch (NotReturned hung) { // it stays mounted, its image with it, until the reboot that ends both
                abandoned = true;
                throw hung;
            }
        }
        if (keep) {
            return;
        }
        try {
            Files.deleteIfExists(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // empty unless a thread still running after a Ctrl-C wrote into it once it was unmounted
        deleteTree(mountPoint);
    }

    /**
     * A command that did not return within its limit: an unmount behind a task the kernel does not end
     * (on 5.10 a task spinning in the kernel stalls RCU, and umount waits for a grace period) sleeps in D
     * state for good. It is left there (SIGKILL does not end D); the caller goes on.
     */
    public static final class NotReturned extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotReturned(final String message) {
            super(message);
        }
    }

    /** Runs a command; its output becomes the exception's message when it fails. */
    public static void run(final List<String> cmd) {
        run(cmd, COMMAND_LIMIT);
    }

    /**
     * Runs a command and waits for it at most {@code limit}. Its output goes to a file, not a pipe: a
     * command's child that outlives it (or a command that never returns) would keep a pipe open, and a
     * read of it would wait past any limit.
     *
     * @throws NotReturned           when it did not return within {@code limit} (it is sent SIGKILL)
     * @throws IllegalStateException when it failed, with its output
     */
    public static void run(final List<String> cmd, final Duration limit) {
        Path out = null;
        try {
            out = Files.createTempFile("faultline-cmd-", ".out");
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new NotReturned(String.join(" ", cmd) + " did not return within " + limit.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + Files.readString(out).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temporary file of a few bytes
                }
            }
        }
    }
}
