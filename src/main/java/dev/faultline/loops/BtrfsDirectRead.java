package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;
import dev.faultline.memory.Region;

/**
 * btrfs's O_DIRECT read (docs/kernel.md#btrfs-direct-io): fs/btrfs/direct-io.c
 * {@code btrfs_direct_read()} (fs/btrfs/file.c before v6.11) under fs/btrfs/file.c
 * {@code btrfs_file_read_iter()}, with the retry loop of 51bd9563b678 (v5.16, also in 5.15.y);
 * read in a 2026 mainline tree. The file position is 0, as in every Faultline run.
 * <ol>
 *   <li>{@code check_direct_read}: a buffer address or length that is not a multiple of the file
 *       system's sector size ({@code --block}, 4096 on a default btrfs) makes btrfs_direct_read
 *       return 0 at once, and the whole read is buffered (step 4).</li>
 *   <li>With page faults disabled and {@code iter->nofault} set, {@code iomap_dio_rw(...,
 *       IOMAP_DIO_PARTIAL, done_before = read)}: GUP pins with FOLL_NOFAULT (only present pages),
 *       whole blocks are issued ({@link DirectIo#issueNoFault}); the count is cumulative.</li>
 *   <li>If bytes are left after -EFAULT or a short count: when {@code left == prev_left} (no
 *       progress since the last attempt) stop; else {@code fault_in_iov_iter_writeable(to, left)}
 *       (its result is ignored; here the strategy under test, the kernel's own is {@code gup}),
 *       {@code prev_left = left}, and again. {@code prev_left} starts at 0, so the first short
 *       attempt always faults in and retries; every later retry needs progress, so the loop is
 *       bounded and never spins.</li>
 *   <li>btrfs_file_read_iter then reads the rest with {@code filemap_read(iocb, to, read)}: a copy
 *       with page faults enabled and MTE tags checked ({@link LoopRun#copyToUserFaulting}) that
 *       stops at the first byte it cannot store, returning {@code read} plus what it copied, or
 *       -EFAULT when both are 0.</li>
 * </ol>
 * Not modelled, as the oracle's files never meet them: reads from holes and preallocated extents
 * (iov_iter_zero), compressed and inline extents, fs-verity files (whose direct reads are all
 * buffered), reads past the end of the file, IOCB_NOWAIT.
 */
public final class BtrfsDirectRead implements Loop {
    @Override
    public LoopName id() {
        return LoopName.BTRFS_DIO;
    }

    @Override
    public Outcome run(final Region region, final long offset, final long size, final LoopConfig config) {
        try (LoopRun run = new LoopRun(region, offset, size, config)) {
            final boolean direct = isDirect(run.user(), size, config.block());
            long read = direct && size > 0
                    ? directLoop(run, size, AccessMode.WRITE, (off, n) -> DirectIo.issueNoFault(run, off, n)) : 0;
            if (read < size) {
                run.round();
                read += run.copyToUserFaulting(read, size - read);
            }
            return run.outcome(name(), read, size, run.reach(AccessMode.WRITE, direct), false, read == 0);
        }
    }

    /**
     * fs/btrfs/direct-io.c {@code check_direct_IO} at file position 0: the buffer's address and
     * length ({@code iov_iter_alignment}) must be multiples of the sector size.
     *
     * @return whether btrfs tries direct I/O at all (else the whole read is buffered)
     */
    static boolean isDirect(final long address, final long size, final long sector) {
        return ((address | size) & (sector - 1)) == 0;
    }

    /**
     * btrfs's direct-I/O retry loop, the same for reads and writes: an attempt with page faults
     * disabled ({@code issue(off, n)}: bytes moved); stop when nothing is left or when nothing moved
     * since the last attempt ({@code left == prev_left}); else fault in the rest ({@code mode}:
     * writeable for a read, readable for a write; the result is ignored) and again.
     *
     * @return bytes moved
     */
    static long directLoop(final LoopRun run, final long size, final AccessMode mode,
                           final java.util.function.LongBinaryOperator issue) {
        long done = 0;
        long prevLeft = 0;
        while (true) {
            run.round();
            done += issue.applyAsLong(done, size - done);
            final long left = size - done;
            if (left == 0 || left == prevLeft) {
                return done;
            }
            run.faultIn(mode, done, left);
            prevLeft = left;
        }
    }
}
