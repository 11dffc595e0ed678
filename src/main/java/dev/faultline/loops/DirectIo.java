package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;
import dev.faultline.sys.Mman;
import dev.faultline.uaccess.NoFaultCopy;
import dev.faultline.uaccess.VmCopy;

import java.util.Locale;

/**
 * iomap direct I/O read into the user buffer (fs/iomap/direct-io.c + block/bio.c,
 * docs/kernel.md#iomap-direct-io) as gfs2 drives it: gfs2_file_direct_read under its retry loop ({@link Gfs2Retry}, IOMAP_DIO_PARTIAL, cumulative
 * {@code done_before}). A transfer pins user pages with GUP — FOLL_NOFAULT when the copy
 * mechanism is {@code nofault}, so only present pages count — trims the pinned length DOWN to
 * a whole number of logical blocks ({@code --block}), and moves exactly those blocks with
 * process_vm_writev (GUP, tag-blind, as DIO data never passes through uaccess). A block that
 * straddles into a page that cannot be pinned is not issued at all.
 *
 * <p>Pinnability is checked without writing: the present bit from pagemap, then
 * MADV_POPULATE_WRITE (the GUP write-fault path) on the pages, so nothing past the issued
 * blocks is touched. The real kernel also requires the user buffer to be aligned to the
 * device's DMA alignment (usually 512); the model does not enforce it.
 */
public final class DirectIo extends Gfs2Retry {
    @Override
    public LoopName id() {
        return LoopName.DIO;
    }

    @Override
    void check(final long size, final LoopConfig config) {
        checkBlocks(id(), size, config);
    }

    static void checkBlocks(final LoopName loop, final long size, final LoopConfig config) {
        if (size % config.block() != 0) {
            throw new IllegalArgumentException(String.format(Locale.ENGLISH,
                    "%s: --size must be a whole number of --block bytes: size=%d block=%d", loop, size, config.block()));
        }
    }

    @Override
    long transfer(final LoopRun run, final long off, final long n) {
        return issueNoFault(run, off, n);
    }

    /** gfs2_file_direct_read returns the last iomap_dio_rw's -EFAULT, not what earlier rounds read. */
    @Override
    boolean lastFaultDiscardsRead() {
        return true;
    }

    /**
     * One call of __iomap_dio_rw with {@code iter->nofault} set, from run offset {@code off}: with
     * the {@code nofault} copy mechanism only present pages can be pinned (FOLL_NOFAULT), with any
     * other the pins fault pages in; then {@link #issueBlocks}. Accounted as one transfer.
     *
     * @return bytes moved
     */
    static long issueNoFault(final LoopRun run, final long off, final long n) {
        final long addr = run.user() + off;
        final long pinnable = run.config().copy() == NoFaultCopy.INSTANCE ? NoFaultCopy.presentPrefix(addr, n) : n;
        return run.transferred(off, n, issueBlocks(run, off, pinnable));
    }

    /**
     * Pins what GUP can pin for writing of the first {@code n} bytes at run offset {@code off}
     * (faulting pages in), trims it down to whole logical blocks and moves exactly those blocks
     * (process_vm_writev: GUP, tag-blind): iomap_dio_bio_iter's bio_iov_iter_get_pages and the
     * block device's completion.
     *
     * @return bytes moved
     */
    static long issueBlocks(final LoopRun run, final long off, final long n) {
        final long addr = run.user() + off;
        final long pinnable = Math.min(n, writablePrefix(addr, n, run.pageSize()));
        final long issue = pinnable / run.config().block() * run.config().block();
        return issue == 0 ? 0 : issue - VmCopy.INSTANCE.copyToUser(addr, run.kernel().asSlice(off), issue);
    }

    /**
     * The write direction of {@link #issueNoFault}: pins with FOLL_NOFAULT what is present and
     * readable of the first {@code n} bytes at run offset {@code off}, trims it down to whole
     * logical blocks and moves exactly those blocks from the user buffer (process_vm_readv: GUP,
     * tag-blind) into the kernel side. Accounted as one transfer.
     *
     * @return bytes moved
     */
    static long issueNoFaultFromUser(final LoopRun run, final long off, final long n) {
        final long addr = run.user() + off;
        // MADV_POPULATE_READ only over present pages: it must not fault in what FOLL_NOFAULT would not
        final long pinnable = populated(addr, NoFaultCopy.presentPrefix(addr, n), run.pageSize(), Mman.MADV_POPULATE_READ);
        final long issue = pinnable / run.config().block() * run.config().block();
        final long moved = issue == 0 ? 0 : issue - VmCopy.INSTANCE.copyFromUser(addr, run.kernel().asSlice(off), issue);
        return run.transferred(off, n, moved);
    }

    /** Bytes from {@code addr} on pages that GUP can fault in for writing. */
    private static long writablePrefix(final long addr, final long n, final long page) {
        return populated(addr, n, page, Mman.MADV_POPULATE_WRITE);
    }

    /** Bytes from {@code addr} on pages that {@code advice} (MADV_POPULATE_READ or _WRITE, GUP) can fault in. */
    private static long populated(final long addr, final long n, final long page, final int advice) {
        if (n == 0) {
            return 0;
        }
        // without MADV_POPULATE_WRITE every page would look unpinnable: a false LIVELOCK
        dev.faultline.sys.KernelFeatures.requirePopulate("the dio model (its GUP pin is MADV_POPULATE_WRITE)");
        final long first = addr & -page;
        final long end = addr + n;
        if (Mman.madvise(first, ((end + page - 1) & -page) - first, advice) == 0) {
            return n;
        }
        for (long p = first; p < end; p += page) {
            if (Mman.madvise(p, page, advice) != 0) {
                return Math.max(0, p - addr);
            }
        }
        return n;
    }

    @Override
    long possible(final LoopRun run, final long size) {
        return run.reach(AccessMode.WRITE, true) / run.config().block() * run.config().block();
    }
}
