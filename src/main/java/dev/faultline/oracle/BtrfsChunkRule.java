package dev.faultline.oracle;

import dev.faultline.loops.BtrfsDirectWrite;
import dev.faultline.memory.Region;
import dev.faultline.sys.Errno;
import dev.faultline.sys.Fcntl;
import dev.faultline.sys.Unistd;

import java.nio.file.Path;

/** The chunk rule of the running kernel's btrfs buffered write, which the btrfs-dio-write model follows. */
final class BtrfsChunkRule {
    private BtrfsChunkRule() {
    }

    /**
     * Which chunk rule the running kernel's btrfs_buffered_write follows, asked of the kernel on the
     * btrfs image in {@code work}: before 6.15 (by version) nrptrs pages; from 6.15 a buffered
     * write of two pages from {@code [rw][none]} to an empty NOCOW file returns one page when each
     * chunk is a page (copy_one_range), and -EFAULT with nothing written when the chunk reaches to
     * a large folio's end and its fault-in covers the PROT_NONE page.
     *
     * Asked once per process (the kernel does not change under it).
     *
     * @throws IllegalStateException when the kernel answers anything else
     */
    static synchronized BtrfsDirectWrite.Chunks of(final Path work) {
        if (chunks == null) {
            chunks = askChunks(work);
        }
        return chunks;
    }

    /** @return what {@link #of} found in this process, or null before it was asked */
    static synchronized BtrfsDirectWrite.Chunks found() {
        return chunks;
    }

    private static BtrfsDirectWrite.Chunks chunks;

    private static BtrfsDirectWrite.Chunks askChunks(final Path work) {
        if (!KernelFs.kernelAtLeast(6, 15)) {
            return BtrfsDirectWrite.Chunks.NRPTRS;
        }
        final long page = Unistd.pageSize();
        final Path file = work.resolve("oracle-chunks.dat");
        KernelFs.emptyNocow(file);
        try (Region r = Region.of("rw,none")) {
            final int fd = OracleFiles.open(file, Fcntl.O_RDWR);
            final long got;
            try {
                got = Unistd.pwrite(fd, r.base(), 2 * page, 0);
            } finally {
                Unistd.close(fd);
            }
            if (got == page) {
                return BtrfsDirectWrite.Chunks.PAGE;
            }
            if (got == -Errno.EFAULT.number()) {
                return BtrfsDirectWrite.Chunks.FOLIO;
            }
            throw new IllegalStateException("a buffered btrfs write of [rw][none] returned "
                    + (got < 0 ? Errno.describe((int) -got) : got + " bytes") + ": neither one page (page"
                    + " chunks) nor EFAULT (large folios)");
        } finally {
            OracleFiles.deleteIfExists(file);
        }
    }
}
