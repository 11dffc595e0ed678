package dev.faultline.lab;

import dev.faultline.sys.Fcntl;
import dev.faultline.sys.Unistd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** What the file-system oracles share: the checks, shell steps and the ioctl/read watchdog. */
final class KernelFs {
    private KernelFs() {
    }

    /** @return why a loop-mounted {@code fs} made with {@code mkfs} cannot be used here, or null */
    static String unavailable(final String fs, final String mkfs, final String pkg) {
        try {
            if (Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .noneMatch(l -> l.matches("Uid:\\s+0\\s.*"))) {
                return "not root: mounting a " + fs + " image needs root";
            }
            if (!Files.readString(Path.of("/proc/filesystems")).contains(fs)) {
                return "no " + fs + " in this kernel (/proc/filesystems)";
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

    static void sh(final String... cmd) {
        try {
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a thread stuck in a syscall is doing, from /proc/self/task: its state and how much
     * system time it burns over two seconds (a livelock spins in the kernel: state R and system
     * time growing; a blocked thread sleeps: S or D and none).
     *
     * @param namePrefix the start of the thread's name (comm, 15 characters at most)
     * @return e.g. {@code "state R, 198 of 200 ticks in the kernel over 2 s"}, or null when not found
     */
    static String evidence(final String namePrefix) {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (final Path t : tasks.toList()) {
                final String comm = Files.readString(t.resolve("comm")).trim();
                if (!namePrefix.startsWith(comm) && !comm.startsWith(namePrefix)) {
                    continue;
                }
                final String[] a = stat(t);
                Thread.sleep(2000);
                final String[] b = stat(t);
                final long ticks = Long.parseLong(b[12]) - Long.parseLong(a[12]);
                final long hz = 100;
                return String.format(java.util.Locale.ENGLISH, "state %s, %d of %d ticks in the kernel over 2 s",
                        b[0], ticks, 2 * hz);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Fields of /proc/.../stat after the command name: [0] state, ..., [12] stime. */
    private static String[] stat(final Path task) throws IOException {
        final String s = Files.readString(task.resolve("stat"));
        return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
    }

    /**
     * File systems whose O_DIRECT is not direct I/O: tmpfs accepts the flag since Linux 6.6
     * ("tmpfs: trivial support for direct IO") and serves the read from the page cache with a
     * tag-checked copy, like a buffered read; the initramfs root is tmpfs (or ramfs, which
     * refuses the flag).
     */
    private static final java.util.Set<String> PAGE_CACHE_ONLY = java.util.Set.of("tmpfs", "ramfs", "rootfs");

    /** @return major and minor of the running kernel (/proc/sys/kernel/osrelease); 6.0 when unreadable */
    static int[] kernelVersion() {
        try {
            final String[] p = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim().split("[.-]");
            return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {6, 0};
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
     * mkfs.ext4 needed), unmounted and deleted by {@link #close}.
     *
     * @param path       the directory to use
     * @param fileSystem its file system type
     * @param image      the ext4 image behind it, or null when {@code path} is the given directory
     */
    record DirectIoDir(Path path, String fileSystem, Path image) implements AutoCloseable {
        /**
         * @throws IllegalStateException when neither is possible, saying why
         */
        static DirectIoDir in(final Path dir) {
            final String type = fsType(dir);
            if (!PAGE_CACHE_ONLY.contains(type) && acceptsDirectIo(dir)) {
                return new DirectIoDir(dir, type, null);
            }
            final String why = unavailable("ext4", "mkfs.ext4", "e2fsprogs");
            if (why != null) {
                throw new IllegalStateException(dir + " is on " + type + ", which has no direct I/O, and no ext4"
                        + " image can be made: " + why);
            }
            final Path img = dir.toAbsolutePath().resolve("ext4.img");
            final Path mnt = dir.toAbsolutePath().resolve("ext4-mnt");
            try {
                Files.createDirectories(mnt);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sh("sh", "-c", "umount " + mnt + " 2>/dev/null; rm -f " + img + " && truncate -s 64M " + img
                    + " && mkfs.ext4 -q -F " + img + " && mount -t ext4 -o loop " + img + " " + mnt);
            return new DirectIoDir(mnt, fsType(mnt), img);
        }

        @Override
        public void close() {
            if (image != null) {
                sh("sh", "-c", "umount " + path + " && rm -f " + image);
            }
        }
    }

    private static boolean acceptsDirectIo(final Path dir) {
        final Path probe = dir.resolve("odirect-probe");
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            final long fd = Fcntl.open(a.allocateFrom(probe.toString()).address(),
                    dev.faultline.sys.Fcntl.O_RDWR | dev.faultline.sys.Fcntl.O_CREAT | dev.faultline.sys.Fcntl.O_DIRECT
                            | dev.faultline.sys.Fcntl.O_CLOEXEC, 0644);
            if (fd < 0) {
                return false;
            }
            Unistd.close((int) fd);
            return true;
        }
    }

    /** A fresh daemon thread per call: one stuck in a kernel livelock must not block the next. */
    static ExecutorService watchdog(final String name) {
        return Executors.newThreadPerTaskExecutor(r -> {
            final Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
