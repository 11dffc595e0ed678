package dev.faultline.oracle;

import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.sys.Errno;
import dev.faultline.sys.Fcntl;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where the oracle's O_DIRECT test files go. tmpfs accepts O_DIRECT (Linux 6.6+) but serves it
 * from the page cache: a read into a buffer whose second page is PROT_NONE returns the first
 * page's 4096 bytes there, where a disk file system's direct I/O fails the whole request with
 * EFAULT (ext4, no IOMAP_DIO_PARTIAL). So a tmpfs directory gets a loop-mounted ext4 image,
 * which close() unmounts and deletes. Needs /dev/shm on tmpfs, root and mkfs.ext4 (reported
 * skipped with the reason otherwise).
 */
@Tag("root")
@Tag("fs")
class DirectIoDirTest {
    private static final long PAGE = Unistd.pageSize();

    @Test
    void tmpfsServesODirectFromThePageCacheSoTheOracleMakesAnExt4Image() throws Exception {
        final Path shm = Path.of("/dev/shm");
        // the emulated MTE machine's initramfs has no /dev/shm
        assumeTrue(Files.isDirectory(shm), "skipped: no /dev/shm here");
        assertEquals("tmpfs", KernelFs.fsType(shm));
        final Path dir = Files.createTempDirectory(shm, "faultline-dio-");
        try {
            if (KernelFs.kernelAtLeast(6, 6)) {
                assertEquals(PAGE, readIntoRwNone(dir), "tmpfs O_DIRECT since 6.6: a buffered short read");
            } else {
                assertEquals(-Errno.EINVAL.number(), readIntoRwNone(dir), "tmpfs before 6.6 refuses O_DIRECT");
            }
            final String why = LoopImage.Fs.EXT4.unavailable();
            assumeTrue(why == null, () -> "skipped: " + why);
            final Path image;
            final Path mnt;
            try (KernelFs.DirectIoDir d = KernelFs.DirectIoDir.in(dir, false)) {
                assertEquals("ext4", d.fileSystem());
                assertEquals(dir.toAbsolutePath().resolve("ext4-mnt"), d.path());
                image = dir.toAbsolutePath().resolve("ext4.img");
                assertTrue(Files.exists(image), "the image lives while the directory is in use");
                mnt = d.path();
                assertEquals(-Errno.EFAULT.number(), readIntoRwNone(mnt), "ext4 O_DIRECT: the whole request fails");
            }
            assertFalse(Files.readString(Path.of("/proc/self/mounts")).contains(" " + mnt + " "), "unmounted by close()");
            assertFalse(Files.exists(mnt), "mount point deleted by close()");
            assertFalse(Files.exists(image), "image deleted by close()");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aDiskDirectoryIsUsedAsItIs() throws Exception {
        final Path dir = Files.createDirectories(Path.of("target/direct-io-dir-test"));
        final String type = KernelFs.fsType(dir);
        // in the emulated MTE machine target/ is in the initramfs (rootfs): tmpfsServes... covers that path
        assumeTrue(!java.util.Set.of("tmpfs", "ramfs", "rootfs").contains(type),
                () -> "skipped: target/ is on " + type + ", not a disk file system");
        try (KernelFs.DirectIoDir d = KernelFs.DirectIoDir.in(dir, false)) {
            assertEquals(dir, d.path());
            assertNull(d.image());
            assertFalse(d.fileSystem().equals("tmpfs"), d.fileSystem());
        }
    }

    /** Two pages of data read with O_DIRECT into [rw, none]: bytes, or -errno (of the open, too). */
    private static long readIntoRwNone(final Path dir) throws Exception {
        final Path file = dir.resolve("two-pages.dat");
        Files.write(file, new byte[(int) (2 * PAGE)]);
        final int fd;
        try (Arena a = Arena.ofConfined()) {
            fd = (int) Fcntl.open(a.allocateFrom(file.toString()).address(),
                    Fcntl.O_RDONLY | Fcntl.O_DIRECT | Fcntl.O_CLOEXEC, 0);
        }
        if (fd < 0) {
            return fd;
        }
        try (Region r = Region.of("rw,none", Backing.ANON); Region.Lease l = r.lease()) {
            return Unistd.pread(fd, r.base(), 2 * PAGE, 0);
        } finally {
            Unistd.close(fd);
        }
    }
}
