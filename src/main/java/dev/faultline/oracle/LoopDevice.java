package dev.faultline.oracle;

import dev.faultline.sys.Errno;
import dev.faultline.sys.Fcntl;
import dev.faultline.sys.Ioctl;
import dev.faultline.sys.SyscallException;
import dev.faultline.sys.Unistd;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A loop block device with a chosen logical block size, attached to an image file through
 * /dev/loop-control: {@code mount -o loop} always makes 512-byte sectors, while direct I/O's
 * alignment rules depend on {@code bdev_logical_block_size()} (fs/iomap/direct-io.c
 * iomap_dio_bio_iter) — a 4096-byte-sector device is how a 4Kn drive looks to the kernel. The
 * device is attached with LO_FLAGS_AUTOCLEAR, which detaches it on its last close
 * (drivers/block/loop.c lo_release): this object keeps it open until {@link #close()}; mount it
 * before that, and the umount detaches it; close it unmounted, and it is detached at once. Needs root.
 */
public final class LoopDevice implements AutoCloseable {
    /** include/uapi/linux/loop.h: LOOP_CTL_GET_FREE, the number of a free loop device. */
    static final long LOOP_CTL_GET_FREE = 0x4C82;
    /** include/uapi/linux/loop.h: LOOP_CONFIGURE (v5.8), attach and configure in one call. */
    static final long LOOP_CONFIGURE = 0x4C0A;
    /** include/uapi/linux/loop.h: LOOP_SET_FD, attach (before LOOP_CONFIGURE). */
    static final long LOOP_SET_FD = 0x4C00;
    /** include/uapi/linux/loop.h: LOOP_SET_BLOCK_SIZE (v4.14). */
    static final long LOOP_SET_BLOCK_SIZE = 0x4C09;
    /** include/uapi/linux/loop.h: LOOP_SET_STATUS64. */
    static final long LOOP_SET_STATUS64 = 0x4C04;
    /** include/uapi/linux/loop.h: LOOP_CLR_FD, detach. */
    static final long LOOP_CLR_FD = 0x4C01;
    /** include/uapi/linux/loop.h: LO_FLAGS_AUTOCLEAR, detach on the last close (after umount). */
    static final int LO_FLAGS_AUTOCLEAR = 4;
    /** sizeof(struct loop_info64): five __u64, four __u32, two 64-byte names, a 32-byte key, two __u64. */
    static final long LOOP_INFO64_SIZE = 232;
    /** offsetof(struct loop_info64, lo_flags). */
    static final long LO_FLAGS_OFFSET = 52;
    /** sizeof(struct loop_config): __u32 fd, __u32 block_size, struct loop_info64, __u64 __reserved[8]. */
    static final long LOOP_CONFIG_SIZE = 8 + LOOP_INFO64_SIZE + 64;

    private final Path device;
    private int fd;

    private LoopDevice(final Path device, final int fd) {
        this.device = device;
        this.fd = fd;
    }

    /** @return the device node, e.g. /dev/loop3 */
    public Path device() {
        return device;
    }

    /**
     * Attaches {@code image} to a free loop device with logical blocks of {@code blockSize} bytes.
     *
     * @param blockSize 512, 1024, 2048 or 4096 (at most the page size)
     * @return the device
     * @throws IllegalArgumentException for another block size
     * @throws SyscallException when a step fails, with its errno
     */
    public static LoopDevice attach(final Path image, final int blockSize) {
        if (blockSize < 512 || blockSize > 4096 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("a loop device's logical block is 512, 1024, 2048 or 4096 bytes, not "
                    + blockSize);
        }
        try (Arena a = Arena.ofConfined()) {
            final int control = open(a, "/dev/loop-control", Fcntl.O_RDWR);
            final long n;
            try {
                n = SyscallException.check("ioctl", Ioctl.ioctl(control, LOOP_CTL_GET_FREE, 0), "LOOP_CTL_GET_FREE");
            } finally {
                Unistd.close(control);
            }
            final Path dev = Path.of("/dev/loop" + n);
            final int file = open(a, image.toString(), Fcntl.O_RDWR);
            try {
                final int loop = open(a, dev.toString(), Fcntl.O_RDWR);
                try {
                    configure(a, loop, file, blockSize);
                } catch (RuntimeException e) {
                    Unistd.close(loop);
                    throw e;
                }
                return new LoopDevice(dev, loop);
            } finally {
                Unistd.close(file);
            }
        }
    }

    private static void configure(final Arena a, final int loop, final int file, final int blockSize) {
        final MemorySegment config = a.allocate(LOOP_CONFIG_SIZE);
        config.set(ValueLayout.JAVA_INT, 0, file);
        config.set(ValueLayout.JAVA_INT, 4, blockSize);
        config.set(ValueLayout.JAVA_INT, 8 + LO_FLAGS_OFFSET, LO_FLAGS_AUTOCLEAR);
        final long r = Ioctl.ioctl(loop, LOOP_CONFIGURE, config.address());
        if (r == 0) {
            return;
        }
        if (r != -Errno.EINVAL.number() && r != -Errno.ENOTTY.number()) {
            SyscallException.check("ioctl", r, "LOOP_CONFIGURE");
        }
        // before v5.8: attach, then the flags, then the block size
        SyscallException.check("ioctl", Ioctl.ioctl(loop, LOOP_SET_FD, file), "LOOP_SET_FD");
        final MemorySegment info = a.allocate(LOOP_INFO64_SIZE);
        info.set(ValueLayout.JAVA_INT, LO_FLAGS_OFFSET, LO_FLAGS_AUTOCLEAR);
        SyscallException.check("ioctl", Ioctl.ioctl(loop, LOOP_SET_STATUS64, info.address()), "LOOP_SET_STATUS64");
        SyscallException.check("ioctl", Ioctl.ioctl(loop, LOOP_SET_BLOCK_SIZE, blockSize), "LOOP_SET_BLOCK_SIZE");
    }

    /** Closes this process's hold on the device: detached now when nothing mounts it, else at umount. Idempotent. */
    @Override
    public synchronized void close() {
        if (fd >= 0) {
            Unistd.close(fd);
            fd = -1;
        }
    }

    /**
     * @param path a file on a block device's file system
     * @return that device's logical block size, from sysfs (queue/logical_block_size), or 0 when the
     *         file system has no block device (tmpfs)
     */
    public static int logicalBlockSize(final Path path) {
        try {
            final long dev = (Long) Files.getAttribute(path, "unix:dev");
            final long major = (dev >>> 8) & 0xfff | (dev >>> 32) & ~0xfffL;
            final long minor = dev & 0xff | (dev >>> 12) & ~0xffL;
            final Path q = Path.of(String.format(Locale.ENGLISH, "/sys/dev/block/%d:%d", major, minor));
            Path f = q.resolve("queue/logical_block_size");
            if (!Files.exists(f)) { // a partition: its disk's queue
                f = q.resolve("../queue/logical_block_size");
            }
            return Files.exists(f) ? Integer.parseInt(Files.readString(f).trim()) : 0;
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    private static int open(final Arena a, final String path, final int flags) {
        return (int) SyscallException.check("open", Fcntl.open(a.allocateFrom(path).address(),
                flags | Fcntl.O_CLOEXEC, 0), path);
    }
}
