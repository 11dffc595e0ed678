package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.KernelEra;
import dev.faultline.memory.Region;

/**
 * generic_perform_write (mm/filemap.c, docs/kernel.md#generic_perform_write): buffered write from the user buffer,
 * one page-sized folio chunk at a time (the file starts at position 0, so chunks are page
 * aligned in the file). The copy is the no-fault kind; on zero progress it faults in the
 * chunk and bails with EFAULT only when not even the first byte could be faulted in
 * ({@code leftover == bytes}); a short copy simply resumes where it stopped (v6.15 on: the
 * {@code current} era). From v5.16 to v6.14 the fault-in runs before every chunk's copy and bails
 * only when nothing could be faulted in. With the {@code pre-5.16} era the fault-in runs before
 * every chunk and any failure bails, so a chunk with an unreadable byte writes nothing of its
 * readable prefix.
 */
public final class PerformWrite implements Loop {
    @Override
    public LoopName id() {
        return LoopName.PERFORM_WRITE;
    }

    @Override
    public Outcome run(final Region region, final long offset, final long size, final LoopConfig config) {
        try (LoopRun run = new LoopRun(region, offset, size, config)) {
            final long chunk = run.pageSize();
            final boolean old = config.era() == KernelEra.PRE_5_16;
            // before v6.15 (every era but current) the chunk is faulted in before its copy
            final boolean first = config.era() != KernelEra.CURRENT;
            long pos = 0;
            int stall = 0;
            boolean error = false;
            boolean livelock = false;
            while (pos < size) {
                run.round();
                final long bytes = Math.min(size - pos, chunk - pos % chunk);
                if (first) {
                    final long left = run.faultIn(AccessMode.READ, pos, bytes);
                    if (old ? left != 0 : left == bytes) {
                        error = true;
                        break;
                    }
                }
                final long copied = run.copyFromUser(pos, bytes);
                if (copied > 0) {
                    pos += copied;
                    stall = 0;
                    continue;
                }
                if (run.bail(++stall)) {
                    break;
                }
                if (!first && run.faultIn(AccessMode.READ, pos, bytes) == bytes) {
                    error = true;
                    break;
                }
                if (stall >= config.maxRounds()) {
                    livelock = true;
                    break;
                }
            }
            return run.outcome(name(), pos, size, run.reach(AccessMode.READ, false), livelock, error);
        }
    }
}
