package dev.faultline.oracle;

import dev.faultline.sys.Fcntl;
import dev.faultline.sys.Unistd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the file-system oracles share: what the machine can do, the kernel version, direct-I/O directories. */
public final class KernelFs {
    private KernelFs() {
    }

    /** @return why a loop-mounted {@code fs} made with {@code mkfs} cannot be used here, or null */
    static String unavailable(final String fs, final String mkfs, final String pkg) {
        try {
            if (!root()) {
                return "not root: mounting a " + fs + " image needs root";
            }
            // each line of /proc/filesystems ends with a type's whole name ("ntfs" is not "ntfs3")
            if (Files.readAllLines(Path.of("/proc/filesystems")).stream().noneMatch(l -> l.endsWith("\t" + fs))
                    && !module(fs)) {
                return "no " + fs + " in this kernel (/proc/filesystems, modules.dep)";
            }
        } catch (IOException e) {
            return "cannot read /proc: " + e.getMessage();
        }
        final List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        if (dirs.stream().noneMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, mkfs)))) {
            return mkfs + " missing: apt-get install " + pkg;
        }
        return null;
    }


    /** @return whether this process runs as root (its real uid in /proc/self/status is 0) */
    public static boolean root() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @return whether the running kernel has {@code fs} as a module (modules.dep of
     *         /lib/modules/RELEASE names {@code fs.ko}, compressed or not): mount(8) loads it
     */
    private static boolean module(final String fs) {
        try {
            final String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
            final Path dep = Path.of("/lib/modules", release, "modules.dep");
            if (!Files.isReadable(dep)) {
                return false;
            }
            try (java.util.stream.Stream<String> lines = Files.lines(dep)) {
                return lines.anyMatch(l -> l.contains("/" + fs + ".ko"));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /**
     * File systems whose O_DIRECT is not direct I/O: tmpfs accepts the flag since Linux 6.6
     * ("tmpfs: trivial support for direct IO") and serves the read from the page cache with a
     * tag-checked copy, like a buffered read; the initramfs root is tmpfs (or ramfs, which
     * refuses the flag).
     */
    private static final java.util.Set<String> PAGE_CACHE_ONLY = java.util.Set.of("tmpfs", "ramfs", "rootfs");

    /** @return major and minor of the running kernel (/proc/sys/kernel/osrelease); 6.0 when unreadable */
    public static int[] kernelVersion() {
        try {
            final String[] p = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim().split("[.-]");
            return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {6, 0};
        }
    }

    /**
     * @return whether the running kernel is {@code major.minor} or newer ({@link #kernelVersion()};
     *         6.0 when unreadable)
     */
    public static boolean kernelAtLeast(final int major, final int minor) {
        final int[] v = kernelVersion();
        return v[0] > major || v[0] == major && v[1] >= minor;
    }

    /** FS_IOC_GETFLAGS = _IOR('f', 1, long), include/uapi/linux/fs.h (64-bit). */
    static final long FS_IOC_GETFLAGS = 0x80086601L;
    /** FS_IOC_SETFLAGS = _IOW('f', 2, long), include/uapi/linux/fs.h (64-bit). */
    static final long FS_IOC_SETFLAGS = 0x40086602L;
    /** FS_NOCOW_FL, include/uapi/linux/fs.h: on btrfs, no copy-on-write and no data checksums. */
    public static final int FS_NOCOW_FL = 0x00800000;

    /**
     * Makes {@code file} an empty NOCOW file ({@code chattr +C}, which btrfs takes only while the
     * file is empty): a btrfs file without data checksums, whose O_DIRECT writes stay direct
     * (since 968f19c5b1b7 a checksummed inode writes buffered).
     *
     * @throws IllegalStateException when the file system does not keep the flag
     */
    static void emptyNocow(final Path file) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        inodeFlags(file, FS_NOCOW_FL);
        if ((inodeFlags(file, 0) & FS_NOCOW_FL) == 0) {
            throw new IllegalStateException("the file system did not keep NOCOW on " + file);
        }
    }

    /**
     * The inode's flags ({@code lsattr}): FS_IOC_GETFLAGS, and with {@code add} not 0,
     * FS_IOC_SETFLAGS of them with {@code add} set (what it sets is read back by the next call).
     *
     * @return the flags as FS_IOC_GETFLAGS answered them, before any were added
     * @throws dev.faultline.sys.SyscallException when the file cannot be opened or the file
     *                                            system refuses the ioctl
     */
    public static int inodeFlags(final Path file, final int add) {
        try (Arena a = Arena.ofConfined()) {
            final int fd = (int) dev.faultline.sys.SyscallException.check("open", Fcntl.open(
                    a.allocateFrom(file.toString()).address(), Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0), file.toString());
            try {
                final java.lang.foreign.MemorySegment flags = a.allocate(8);
                dev.faultline.sys.SyscallException.check("FS_IOC_GETFLAGS",
                        dev.faultline.sys.Ioctl.ioctl(fd, FS_IOC_GETFLAGS, flags.address()), file.toString());
                final int was = flags.get(java.lang.foreign.ValueLayout.JAVA_INT, 0);
                if (add != 0) {
                    flags.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, was | add);
                    dev.faultline.sys.SyscallException.check("FS_IOC_SETFLAGS",
                            dev.faultline.sys.Ioctl.ioctl(fd, FS_IOC_SETFLAGS, flags.address()), file.toString());
                }
                return was;
            } finally {
                Unistd.close(fd);
            }
        }
    }

    /** @return the type of the file system {@code dir} is on, as /proc/self/mounts names it */
    static String fsType(final Path dir) {
        try {
            return Files.getFileStore(dir).type();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A directory where O_DIRECT is direct I/O, for the length of an oracle run: {@link #path}
     * itself, or — where the given one sits on a file system without direct I/O (tmpfs, the
     * emulated machine's initramfs) — a loop-mounted ext4 image made inside it (root and
     * mkfs.ext4 needed), unmounted and (unless kept) deleted by {@link #close}.
     *
     * @param path       the directory to use
     * @param fileSystem its file system type
     * @param image      the ext4 image behind it, or null when {@code path} is the given directory
     */
    record DirectIoDir(Path path, String fileSystem, LoopImage image) implements AutoCloseable {
        /**
         * @param keep whether an ext4 image made here stays after {@link #close} (unmounted)
         * @throws IllegalStateException when neither is possible, saying why
         */
        static DirectIoDir in(final Path dir, final boolean keep) {
            final String type = fsType(dir);
            if (!PAGE_CACHE_ONLY.contains(type) && acceptsDirectIo(dir)) {
                return new DirectIoDir(dir, type, null);
            }
            final String why = LoopImage.Fs.EXT4.unavailable();
            if (why != null) {
                throw new IllegalStateException(dir + " is on " + type + ", which has no direct I/O, and no ext4"
                        + " image can be made: " + why);
            }
            return image(LoopImage.Fs.EXT4, dir, keep);
        }

        /**
         * @param keep whether the image stays after {@link #close} (unmounted)
         * @return a directory on a {@code fs} image made and loop-mounted inside {@code dir}
         * @throws IllegalStateException when the image cannot be made, saying why
         */
        static DirectIoDir image(final LoopImage.Fs fs, final Path dir, final boolean keep) {
            final LoopImage image = LoopImage.mount(fs, dir, keep);
            return new DirectIoDir(image.mountPoint(), fsType(image.mountPoint()), image);
        }

        @Override
        public void close() {
            if (image != null) {
                image.close();
            }
        }
    }

    private static boolean acceptsDirectIo(final Path dir) {
        final Path probe = dir.resolve("odirect-probe");
        try (Arena a = Arena.ofConfined()) {
            final long fd = Fcntl.open(a.allocateFrom(probe.toString()).address(),
                    Fcntl.O_RDWR | Fcntl.O_CREAT | Fcntl.O_DIRECT | Fcntl.O_CLOEXEC, 0644);
            if (fd >= 0) {
                Unistd.close((int) fd);
            }
            return fd >= 0;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
