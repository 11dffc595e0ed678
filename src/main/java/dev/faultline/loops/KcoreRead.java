package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;
import dev.faultline.memory.Region;

/**
 * A read of /proc/kcore's vmalloc segment (docs/kernel.md#prockcore-vmalloc-read): fs/proc/kcore.c
 * {@code read_kcore_iter()}, case {@code KCORE_VMALLOC}, v6.4 onward (the iterator conversion of
 * read_kcore() and vread()); read in Debian's 6.12.117 source and the same text in 6.18.y. The
 * file position is a page-aligned vmalloc address, so the read goes in chunks of one page
 * ({@code tsz}), each copied from one kernel page.
 * <ol>
 *   <li>{@code read += vread_iter(iter, src, left)}: {@code copy_page_to_iter_nofault()} →
 *       {@code copy_to_user_nofault()}, page faults disabled and tag-checked, all or nothing for
 *       the chunk ({@link LoopRun#copyToUser}, a partial copy counting 0, as the iterator does
 *       not advance);</li>
 *   <li>done with the chunk when {@code read == tsz}; else {@code fault_in_iov_iter_writeable(iter,
 *       left)} (the kernel's own is GUP-based, {@code gup}; here the strategy under test) and
 *       -EFAULT for the whole read when it reports bytes not faulted in; else again. No progress
 *       rule, no cap: a chunk whose copy keeps failing while its fault-in keeps succeeding (a
 *       mismatched MTE granule under a tag-blind fault-in) spins; Faultline stops it after
 *       {@code --max-rounds} and calls it LIVELOCK.</li>
 *   <li>{@code out:} any error is the call's result: -EFAULT even after earlier chunks were
 *       copied, so the read is COMPLETE, EFAULT or LIVELOCK, never short.</li>
 * </ol>
 * With a single buffer ({@code pread}) a chunk moves all or nothing, so the loop's
 * {@code src += read; left -= read} (the running total, not the attempt's count) never comes into
 * play; with several iovecs it does (native-notes/findings/kcore-vmalloc-mte.md). Not modelled:
 * holes in the vmalloc area (zeroed through the same copy), reads that start inside a page,
 * v5.x's bounce buffer.
 *
 * <p>Before v6.4 ({@code new KcoreRead(false)}; 6.1.158 and 5.10.198 fs/proc/kcore.c read_kcore()):
 * vread() copies the chunk into a kernel bounce buffer and {@code copy_to_user()} — page faults
 * enabled, tag-checked — moves it; any shortfall ends the whole read with -EFAULT. No fault-in,
 * no loop: COMPLETE or EFAULT.
 */
public final class KcoreRead implements Loop {
    private final boolean retryLoop;

    /** read_kcore_iter's loop (v6.4+). */
    public KcoreRead() {
        this(true);
    }

    /** @param retryLoop whether the kernel has read_kcore_iter's retry loop (v6.4+), else the bounce buffer */
    public KcoreRead(final boolean retryLoop) {
        this.retryLoop = retryLoop;
    }

    @Override
    public LoopName id() {
        return LoopName.KCORE_READ;
    }

    @Override
    public Outcome run(final Region region, final long offset, final long size, final LoopConfig config) {
        try (LoopRun run = new LoopRun(region, offset, size, config)) {
            final long page = run.pageSize();
            boolean error = false;
            boolean livelock = false;
            long done = 0;
            while (done < size && !error && !livelock) {
                final long tsz = Math.min(page, size - done);
                int stall = 0;
                while (true) {
                    run.round();
                    if ((retryLoop ? run.copyToUser(done, tsz) : run.copyToUserFaulting(done, tsz)) == tsz) {
                        done += tsz;
                        break;
                    }
                    if (!retryLoop || run.faultIn(AccessMode.WRITE, done, tsz) != 0) {
                        error = true;
                        break;
                    }
                    if (++stall >= config.maxRounds()) {
                        livelock = true;
                        break;
                    }
                }
            }
            return run.outcome(name(), error || livelock ? 0 : done, size, run.reach(AccessMode.WRITE, false),
                    livelock, error);
        }
    }
}
