package dev.faultline.faultin;

import dev.faultline.sys.Mman;

/**
 * Answers per-page GUP probes of one fault-in call from as few MADV_POPULATE_* calls as it
 * can: one call over the rest of the range, and on failure a bisection (log2 pages calls) to
 * the first page that fails. Pages it reports good have been populated, as the faithful probes
 * would have populated them; no page past the first failing one is populated beyond what the
 * bisection's successful halves covered (a prefix of the good pages).
 */
final class GupOracle {
    private final long endPage;
    private final long page;
    private final int advice;
    private long goodFrom = -1;
    private long goodTo = -1;
    private long bad = -1;

    GupOracle(final long end, final long page, final AccessMode mode) {
        this.page = page;
        this.endPage = (end + page - 1) & -page;
        this.advice = mode == AccessMode.WRITE ? Mman.MADV_POPULATE_WRITE : Mman.MADV_POPULATE_READ;
    }

    private boolean populate(final long from, final long to) {
        return Mman.madvise(from, to - from, advice) == 0;
    }

    /** @return the end of the pages known good around {@code addr}, or {@code addr} */
    long knownGoodUntil(final long addr) {
        return addr >= goodFrom && addr < goodTo ? goodTo : addr;
    }

    boolean gup(final long pageAddr) {
        dev.faultline.sys.KernelFeatures.requirePopulate("GUP probes");
        if (pageAddr >= goodFrom && pageAddr < goodTo) {
            return true;
        }
        if (pageAddr == bad) {
            return false;
        }
        goodFrom = pageAddr;
        if (populate(pageAddr, endPage)) {
            goodTo = endPage;
            return true;
        }
        long lo = pageAddr;
        long hi = endPage;
        while (hi - lo > page) {
            final long mid = lo + ((hi - lo) / page / 2) * page;
            if (populate(lo, mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        goodTo = lo;
        bad = lo;
        return pageAddr < goodTo;
    }
}
