package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.oracle.BtrfsOracle;
import dev.faultline.sys.Needs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code oracle --keep} leaves what the oracle made in --dir (the btrfs image, unmounted, its
 * mount point and the data file, or the ext4 image where the directory has no direct I/O) and says
 * so in one line on stderr; without it the directory it created is gone. Either way no mount
 * remains, also after Ctrl-C. Needs root, btrfs and btrfs-progs (reported skipped otherwise).
 */
@Tag("root")
@Tag("fs")
class OracleKeepTest {
    /** The btrfs image's size: LoopImage.Fs.BTRFS's 128 MiB. */
    private static final long BTRFS_IMAGE = 128L << 20;

    @TempDir
    Path tmp;

    private static Cli oracle(final Path dir, final String... more) {
        final List<String> args = new java.util.ArrayList<>(List.of("oracle", "--quiet", "--json", "--loops",
                "perform-write,btrfs-search", "--dir", dir.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static List<String> names(final Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void noMountUnder(final Path dir) throws IOException {
        assertFalse(Files.readString(Path.of("/proc/self/mounts")).contains(" " + dir.toAbsolutePath()),
                "no mount remains under " + dir);
    }

    @Test
    void keepLeavesTheImagesUnmountedAndSaysWhere() throws IOException {
        Needs.available(BtrfsOracle.unavailable());
        Needs.available(BtrfsOracle.spinsForGood());
        final Path dir = tmp.resolve("kept");
        final Cli c = oracle(dir, "--keep");
        assertEquals(0, c.status(), c.err());
        final JsonNode j = c.json();
        // the file loops ran in dir itself, or (tmpfs) in an ext4 image made inside it
        final boolean inDir = j.get("fileLoopsOn").asText().endsWith(" " + dir);
        final List<String> want = inDir ? List.of("btrfs-mnt", "btrfs.img", "oracle-perform-write.dat")
                : List.of("btrfs-mnt", "btrfs.img", "ext4-mnt", "ext4.img");
        assertEquals(want, names(dir));
        assertEquals("oracle --keep: kept in " + dir + ": " + String.join(", ", want)
                + " (images unmounted: mount -o loop IMAGE DIR to look inside)\n", c.err());
        assertEquals(BTRFS_IMAGE, Files.size(dir.resolve("btrfs.img")));
        assertEquals(List.of(), names(dir.resolve("btrfs-mnt")), "unmounted: the mount point is an empty directory");
        noMountUnder(dir);
    }

    @Test
    void withoutKeepTheDirectoryItMadeIsGone() throws IOException {
        Needs.available(BtrfsOracle.unavailable());
        Needs.available(BtrfsOracle.spinsForGood());
        final Path dir = tmp.resolve("gone");
        final Cli c = oracle(dir);
        assertEquals(0, c.status(), c.err());
        assertEquals("", c.err());
        assertFalse(Files.exists(dir), "everything it made is removed, the directory too");
        noMountUnder(dir);
    }

    @Test
    void keepInAnExistingDirectoryListsOnlyWhatItMade() throws IOException {
        Needs.available(BtrfsOracle.unavailable());
        Needs.available(BtrfsOracle.spinsForGood());
        final Path dir = Files.createDirectory(tmp.resolve("mine"));
        Files.writeString(dir.resolve("notes.txt"), "the user's own file\n");
        final Cli c = Cli.run("oracle", "--quiet", "--keep", "--loops", "btrfs-search", "--dir", dir.toString());
        assertEquals(0, c.status(), c.err());
        assertEquals("oracle --keep: kept in " + dir + ": btrfs-mnt, btrfs.img"
                + " (images unmounted: mount -o loop IMAGE DIR to look inside)\n", c.err());
        assertEquals(List.of("btrfs-mnt", "btrfs.img", "notes.txt"), names(dir));
        noMountUnder(dir);
    }

    /**
     * Ctrl-C in the middle of a run: the oracle runs in a child JVM; once its btrfs image is
     * mounted the child is stopped (SIGSTOP), sent SIGINT (SIGTERM where this process ignores SIGINT,
     * as its child then does) and continued, so the signal lands
     * while the comparison is running, never after it ended. The shutdown hook unmounts and
     * deletes: the directory it created is gone, and no mount and no loop device is left.
     */
    @Test
    void ctrlCInTheMiddleLeavesNothing() throws Exception {
        Needs.available(dev.faultline.oracle.Oracle.btrfsDioUnavailable()); // the child runs btrfs-dio (5.14+)
        final Path dir = tmp.resolve("interrupted").toAbsolutePath();
        final Path childErr = tmp.resolve("child.err");
        final String jvm = ProcessHandle.current().info().command().orElseThrow();
        final Process p = new ProcessBuilder(jvm, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.faultline.cli.Main", "oracle", "--quiet", "--loops",
                "btrfs-dio", "--dir", dir.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(childErr.toFile()).start();
        try {
            final String mount = " " + dir.resolve("btrfs-mnt") + " ";
            final long start = System.nanoTime();
            while (!Files.readString(Path.of("/proc/self/mounts")).contains(mount)) {
                final long waited = System.nanoTime() - start;
                assertTrue(p.isAlive() && waited < MOUNT_WAIT_NS, () -> "the child mounted its btrfs image within "
                        + MOUNT_WAIT_NS / 1_000_000_000L + " s: " + (p.isAlive() ? "still alive" : "exited "
                        + p.exitValue()) + " after " + waited / 1_000_000 + " ms; its stderr: " + tail(childErr));
                Thread.sleep(5);
            }
            // a shell without job control starts background commands with SIGINT ignored, and a JVM
            // that inherits SIG_IGN keeps it: then the same shutdown path is taken on SIGTERM
            final int sig = sigintIgnored() ? 15 : 2;
            for (final String s : List.of("-STOP", "-" + sig, "-CONT")) {
                assertEquals(0, new ProcessBuilder("kill", s, Long.toString(p.pid())).start().waitFor());
            }
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the child ended after signal " + sig);
            assertEquals(128 + sig, p.exitValue(), "the JVM ended on signal " + sig);
        } finally {
            p.destroyForcibly();
        }
        assertFalse(Files.exists(dir), () -> "everything it made is removed, the directory too: " + listing(dir));
        noMountUnder(dir);
        final String loops = new String(new ProcessBuilder("losetup", "-a").start().getInputStream().readAllBytes());
        assertFalse(loops.contains(dir.toString()), "no loop device backed by an image in " + dir + ":\n" + loops);
    }

    /** Long enough for a cold child JVM to make and mount an image in an emulated (TCG) machine. */
    private static final long MOUNT_WAIT_NS = 180_000_000_000L;

    private static String tail(final Path file) {
        try {
            final String s = Files.readString(file);
            return s.isEmpty() ? "(empty)" : s.substring(Math.max(0, s.length() - 2000));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String listing(final Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(Path::toString).toList().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** @return whether this process ignores SIGINT (/proc/self/status SigIgn, bit 1): its children do too */
    private static boolean sigintIgnored() throws IOException {
        final String line = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElse("SigIgn:\t0");
        return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << (2 - 1))) != 0;
    }
}
