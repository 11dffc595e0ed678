package dev.faultline.memory;

import dev.faultline.sys.Mman;
import dev.faultline.sys.Unistd;

import java.util.ArrayList;
import java.util.List;

/**
 * What a region's Cleaner and close() undo: the reservation and the memfds behind it. Holds no
 * reference to the Region, so the Cleaner can run when the Region is unreachable.
 *
 * <p>The reservation is unmapped run by run, leaving out the layout's holes: a hole was given
 * back to the kernel when the region was built, and the next mmap of any thread may have been
 * placed in it since (the JVM's own, or Faultline's raw syscall stub); one munmap of the whole
 * reservation would unmap that too.
 */
final class Mapping implements Runnable {
    /** Address and length of each run of pages the region still owns. */
    private final long[] runs;
    /** The memfds the builder made, closed after the unmap. */
    final List<Integer> fds = new ArrayList<>();
    /** The reservation's start when it lies in the {@link StackGap}, else 0. */
    private final long inGap;

    /**
     * @param base   the reservation's start
     * @param layout its pages (the holes are not the region's)
     * @param page   the page size
     * @param inGap  whether the reservation was made in the {@link StackGap}
     */
    Mapping(final long base, final Layout layout, final long page, final boolean inGap) {
        this.inGap = inGap ? base : 0;
        final int[] pages = layout.ownedRuns(0, layout.size());
        this.runs = new long[pages.length];
        for (int i = 0; i < pages.length; i += 2) {
            runs[i] = base + pages[i] * page;
            runs[i + 1] = pages[i + 1] * page;
        }
    }

    @Override
    public void run() {
        for (int i = 0; i < runs.length; i += 2) {
            Mman.munmap(runs[i], runs[i + 1]);
        }
        fds.forEach(Unistd::close);
        if (inGap != 0) {
            StackGap.get().release(inGap);
        }
    }
}
