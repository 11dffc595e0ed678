package dev.faultline.scan;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The syscalls a scan case makes, as the driver names them. Each reads or writes file offset 0. */
public enum ScanCall {
    /** read(2): into the buffer. */
    READ("read", false),
    /** write(2): from the buffer. */
    WRITE("write", true),
    /** pread64(2). */
    PREAD("pread", false),
    /** pwrite64(2). */
    PWRITE("pwrite", true),
    /** readv(2), the request split into two iovecs at its middle (a 512-byte multiple for O_DIRECT). */
    READV("readv", false),
    /** writev(2), split likewise. */
    WRITEV("writev", true),
    /** preadv2(2) with flags 0, split likewise. */
    PREADV2("preadv2", false),
    /** pwritev2(2) with flags 0, split likewise. */
    PWRITEV2("pwritev2", true),
    /** io_uring IORING_OP_READ (5.6+), one SQE, waited for with io_uring_enter. */
    IO_URING_READ("io_uring-read", false),
    /** io_uring IORING_OP_WRITE (5.6+). */
    IO_URING_WRITE("io_uring-write", true),
    /**
     * ioctl(FS_IOC_FIEMAP) of a file of one-block extents between holes, into the request: a
     * {@value #FIEMAP_HEADER}-byte struct fiemap, then {@value #FIEMAP_RECORD}-byte extent records
     * (include/uapi/linux/fiemap.h); the kernel writes the buffer, one record at a time
     * (fs/ioctl.c fiemap_fill_next_extent; gfs2 retries, fs/gfs2/inode.c gfs2_fiemap).
     */
    FIEMAP("fiemap", false);

    /** sizeof(struct fiemap), include/uapi/linux/fiemap.h. */
    public static final long FIEMAP_HEADER = 32;
    /** sizeof(struct fiemap_extent), include/uapi/linux/fiemap.h. */
    public static final long FIEMAP_RECORD = 56;

    private final String word;
    private final boolean writes;

    ScanCall(final String word, final boolean writes) {
        this.word = word;
        this.writes = writes;
    }

    /** @return the name on the command line and in the driver */
    public String word() {
        return word;
    }

    /** @return whether the call is an ioctl of whole records (no O_DIRECT, no byte counts) */
    public boolean records() {
        return this == FIEMAP;
    }

    /**
     * @param bytes the bytes of the buffer from the request's start the kernel can reach
     * @return what a call of whole records can fill of them: the header and the whole records
     *         before the first byte it cannot reach (0 when not even the header fits); other calls: {@code bytes}
     */
    public long wholeRecords(final long bytes) {
        if (!records()) {
            return bytes;
        }
        return bytes < FIEMAP_HEADER ? 0 : FIEMAP_HEADER + (bytes - FIEMAP_HEADER) / FIEMAP_RECORD * FIEMAP_RECORD;
    }

    /** @return whether the call writes the file from the buffer (the kernel reads user memory) */
    public boolean writes() {
        return writes;
    }

    /**
     * @return the call of that name
     * @throws IllegalArgumentException naming the known calls
     */
    public static ScanCall of(final String word) {
        return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scan call \"" + word + "\"; use "
                        + Arrays.stream(values()).map(ScanCall::word).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return word;
    }
}
