package dev.faultline.faultin;

import dev.faultline.sys.ScratchFile;

/**
 * {@code bulk}: answers the same probe points as the kernel with as few syscalls as it can.
 * A load at a point not yet known good is answered by ONE large uaccess copy from that point
 * to the end of the range (pwrite to the scratch memfd): every byte it copied is known
 * readable, and the next point past its stop gets a copy of its own, so the answer is exact
 * for every point even under arm64's copy fuzz (the uaccess contract: nothing copied only
 * when the first byte cannot be). GUP probes go through a {@link GupOracle}; zero stores are
 * the kernel's own, one per point (they are destructive, so they cannot be done in bulk).
 * Untagged loads first ask the GUP oracle (one MADV_POPULATE_READ can clear a whole range);
 * before Linux 5.14 that shortcut is skipped and the uaccess copy alone answers, still exactly.
 *
 * <p>A copy that copies nothing is checked with the point's own probe ({@link KernelProber}):
 * before v5.16 generic_perform_write faulted in a whole page-bounded chunk before copying and
 * gave up on any failure in it, so "nothing copied" did not mean "the first byte cannot be read".
 * When the single probe says it can, every later load is answered one probe at a time.
 */
final class BulkProber implements Prober {
    private final long end;
    private final GupOracle gupRead;
    private final GupOracle gupWrite;
    private final boolean tagged;
    private final long page;
    private long goodFrom = -1;
    private long goodTo = -1;
    /** False once a copy of nothing was contradicted by the point's own probe (pre-5.16 chunk fault-in). */
    private boolean exact = true;

    BulkProber(final long end, final long page, final boolean tagged) {
        this.end = end;
        this.page = page;
        this.tagged = tagged;
        this.gupRead = new GupOracle(end, page, AccessMode.READ);
        this.gupWrite = new GupOracle(end, page, AccessMode.WRITE);
    }

    @Override
    public boolean load(final long addr) {
        if (addr >= goodFrom && addr < goodTo) {
            return true;
        }
        if (!tagged && dev.faultline.sys.KernelFeatures.populate() && gupRead.gup(addr & -page)) {
            return true;
        }
        if (!exact) {
            return KernelProber.INSTANCE.load(addr);
        }
        final ScratchFile f = ScratchFile.get();
        final long want = end - addr;
        long done = 0;
        while (done < want) {
            final long r = f.fromUser(addr + done, want - done, done);
            if (r <= 0) {
                break;
            }
            done += r;
        }
        if (done == 0) {
            exact = !KernelProber.INSTANCE.load(addr);
            return !exact;
        }
        goodFrom = addr;
        goodTo = addr + done;
        return true;
    }

    @Override
    public long knownGoodLoadsUntil(final long addr) {
        if (addr >= goodFrom && addr < goodTo) {
            return goodTo;
        }
        return tagged ? addr : Math.min(end, gupRead.knownGoodUntil(addr));
    }

    @Override
    public boolean storeZero(final long addr) {
        return KernelProber.INSTANCE.storeZero(addr);
    }

    @Override
    public boolean gup(final long pageAddr, final AccessMode mode) {
        return (mode == AccessMode.WRITE ? gupWrite : gupRead).gup(pageAddr);
    }
}
