package dev.faultline.oracle;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An abandoned image stays mounted: the scan abandons the file system of a case that left a task
 * SIGKILL did not end, whose unmount would block for good (and the JVM's shutdown hook with it: on
 * 5.10 a boot of the sweep waited out its deadline so). Needs root and mkfs.ext4.
 */
@Tag("root")
@Tag("fs")
class LoopImageAbandonTest {
    @Test
    void closeLeavesAnAbandonedImageMounted() throws Exception {
        final String why = LoopImage.Fs.EXT4.unavailable();
        assumeTrue(why == null, () -> "skipped: " + why);
        final Path dir = Files.createDirectories(Path.of("target/loop-abandon-test"));
        final LoopImage img = LoopImage.mount(LoopImage.Fs.EXT4, dir, false);
        final Path mnt = img.mountPoint().toAbsolutePath();
        try {
            img.abandon();
            img.close();
            assertTrue(mounted(mnt), mnt + " is still mounted after close()");
        } finally {
            LoopImage.run(java.util.List.of("umount", mnt.toString())); // what the reboot would do
            Files.deleteIfExists(dir.resolve("ext4.img"));
            Files.deleteIfExists(mnt);
        }
        assertFalse(mounted(mnt));
    }

    private static boolean mounted(final Path mnt) throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().anyMatch(l -> l.split(" ")[1].equals(mnt.toString()));
    }
}
