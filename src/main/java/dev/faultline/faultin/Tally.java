package dev.faultline.faultin;

/**
 * Counts the probes one fault-in call makes, as the kernel would count them, and remembers
 * the address of the first probe that failed.
 */
final class Tally {
    private final Prober prober;
    private final long page;
    private final long start;
    private final long size;
    private final Progress progress;
    private int probes;
    private int unreported;
    private long failedAt = -1;

    /**
     * @param start    the fault-in's first address
     * @param size     its bytes
     * @param progress told every {@link FaultIn#PROGRESS_PROBES} probes how far they have come
     */
    Tally(final Prober prober, final long page, final long start, final long size, final Progress progress) {
        this.prober = prober;
        this.page = page;
        this.start = start;
        this.size = size;
        this.progress = progress;
    }

    private boolean note(final long addr, final boolean ok) {
        probes++;
        if (!ok && failedAt < 0) {
            failedAt = addr;
        }
        counted(1, addr);
        return ok;
    }

    /** Reports progress once {@link FaultIn#PROGRESS_PROBES} probes have passed since the last report. */
    private void counted(final long n, final long addr) {
        unreported += (int) Math.min(n, FaultIn.PROGRESS_PROBES);
        if (unreported >= FaultIn.PROGRESS_PROBES) {
            unreported = 0;
            progress.step(FaultIn.PROBED, Math.clamp(addr + 1 - start, 0, size), size);
        }
    }

    boolean load(final long addr) {
        return note(addr, prober.load(addr));
    }

    boolean storeZero(final long addr) {
        return note(addr, prober.storeZero(addr));
    }

    /** GUP of the page that holds {@code addr}; the failing address noted is {@code addr}. */
    boolean gup(final long addr, final AccessMode mode) {
        return note(addr, prober.gup(addr & -page, mode));
    }

    /**
     * Counts the probe points {@code cur, cur+step, ...} below {@code end} that the prober
     * already knows succeed, as if each had been probed.
     *
     * @return the first point not covered ({@code cur} when nothing is known)
     */
    long skipKnownGoodLoads(final long cur, final long end, final long step) {
        final long until = Math.min(prober.knownGoodLoadsUntil(cur), end);
        if (until <= cur) {
            return cur;
        }
        final long n = (until - cur + step - 1) / step;
        probes += (int) n;
        counted(n, cur + (n - 1) * step);
        return cur + n * step;
    }

    long page() {
        return page;
    }

    int probes() {
        return probes;
    }

    long failedAt() {
        return failedAt;
    }
}
