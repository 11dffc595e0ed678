package dev.faultline.oracle;

import dev.faultline.loops.LoopName;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.mte.Regions;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Direct I/O's unit is the device's logical block, not the file system's: on a loop device of
 * 4096-byte sectors (how a 4Kn drive looks) an O_DIRECT read of 512 bytes is refused with EINVAL,
 * where {@code mount -o loop}'s 512-byte sectors take it; on both, a buffer 512 bytes into a page is
 * allowed (the DMA alignment is 512, block/blk-settings.c), so a 4096-byte block can straddle two
 * pages. The oracle's models take the block from the device. Needs root and mkfs.ext4.
 */
@Tag("root")
@Tag("fs")
class LoopDeviceTest {
    private static final long PAGE = Unistd.pageSize();
    private static final int SECTOR_4KN = 4096;

    @Test
    void theDevicesLogicalBlockDecidesWhatODirectTakes() throws Exception {
        final String why = LoopImage.Fs.EXT4.unavailable();
        assumeTrue(why == null, () -> "skipped: " + why);
        final Path dir = Files.createDirectories(Path.of("target/loop-device-test"));
        for (final int sector : new int[] {LoopImage.SECTOR, SECTOR_4KN}) {
            final Path device;
            try (LoopImage img = LoopImage.mount(LoopImage.Fs.EXT4, dir, false, sector)) {
                final Path file = img.mountPoint().resolve("data");
                Files.write(file, new byte[(int) (4 * PAGE)]);
                assertEquals(sector, LoopDevice.logicalBlockSize(file), "sysfs queue/logical_block_size");
                assertEquals(sector, Oracle.block(LoopName.DIO, img.mountPoint()), "the dio model's block");
                assertEquals(sector, Oracle.block(LoopName.EXT4_DIO, img.mountPoint()), "ext4-dio's");
                assertEquals(sector == LoopImage.SECTOR ? 512 : -Errno.EINVAL.number(),
                        directRead(file, "rw*2", 0, 512), "512 bytes: one block of a 512-byte device, part of a 4096-byte one");
                assertEquals(SECTOR_4KN, directRead(file, "rw*2", 512, SECTOR_4KN),
                        "a block-sized read into a buffer 512 bytes into a page: both devices take it");
                device = backing(img.mountPoint());
            }
            if (device != null) {
                assertFalse(Files.exists(Path.of("/sys/block", device.getFileName().toString(), "loop/backing_file")),
                        device + " is detached after umount (LO_FLAGS_AUTOCLEAR)");
            }
        }
    }

    @Test
    void onlyTheLogicalBlocksALoopDeviceHasAreAccepted() {
        for (final int bad : new int[] {0, 256, 3000, 8192}) {
            assertEquals("a loop device's logical block is 512, 1024, 2048 or 4096 bytes, not " + bad,
                    assertThrows(IllegalArgumentException.class, () -> LoopDevice.attach(Path.of("/nonexistent"), bad))
                            .getMessage());
        }
    }

    /** @return the loop device the mount point's file system sits on, from /proc/self/mounts */
    private static Path backing(final Path mountPoint) throws Exception {
        final String mnt = mountPoint.toAbsolutePath().toString();
        for (final String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            final String[] f = line.split(" ");
            if (f.length > 1 && f[1].equals(mnt) && f[0].startsWith("/dev/loop")) {
                return Path.of(f[0]);
            }
        }
        return null;
    }

    private static long directRead(final Path file, final String layout, final long offset, final long n) {
        try (Region r = Regions.of(layout, Backing.ANON); Arena a = Arena.ofConfined()) {
            final long fd = Fcntl.open(a.allocateFrom(file.toString()).address(), Fcntl.O_RDONLY | Fcntl.O_DIRECT
                    | Fcntl.O_CLOEXEC, 0);
            assertEquals(true, fd >= 0, () -> "open " + file + ": " + Errno.describe((int) -fd));
            try (Region.Lease l = r.lease()) {
                return Unistd.pread((int) fd, r.base() + offset, n, 0);
            } finally {
                Unistd.close((int) fd);
            }
        }
    }
}
