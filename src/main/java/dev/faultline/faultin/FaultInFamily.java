package dev.faultline.faultin;

import dev.faultline.sys.Arch;

import java.util.function.LongPredicate;

/**
 * The kernel's fault_in_* helpers, step for step (reference section 1; mm/gup.c and
 * arch/arm64/kernel/mte.c as of v6.x with the April 2025 fixes). Every function returns the
 * number of bytes at the END of the range that were NOT faulted in: 0 = all, {@code size} =
 * none; size 0 returns 0 with no probe; a range that wraps or leaves user space returns
 * {@code size} with no probe; the first failing probe ends the call.
 */
final class FaultInFamily {
    /** MTE_GRANULE_SIZE, arch/arm64/include/asm/mte-def.h. */
    static final long GRANULE = 16;

    private FaultInFamily() {
    }

    /**
     * The common loop of fault_in_readable/_writeable/_safe_writeable: probe {@code uaddr},
     * then the start of each following page below the end; never the last byte.
     */
    static long pages(final long page, final long uaddr, final long size, final LongPredicate probe) {
        if (size == 0) {
            return 0;
        }
        if (!Arch.accessOk(uaddr, size)) {
            return size;
        }
        final long end = uaddr + size;
        for (long cur = uaddr; cur < end; cur = (cur + page) & -page) {
            if (!probe.test(cur)) {
                return size - (cur - uaddr);
            }
        }
        return 0;
    }

    /** fault_in_readable: 1-byte loads (get_user). */
    static long faultInReadable(final Tally t, final long uaddr, final long size) {
        return pages(t.page(), uaddr, size, t::load);
    }

    /** fault_in_writeable: 1-byte stores of ZERO (put_user(0)): destructive, as in the kernel. */
    static long faultInWriteable(final Tally t, final long uaddr, final long size) {
        return pages(t.page(), uaddr, size, t::storeZero);
    }

    /**
     * fault_in_safe_writeable: fixup_user_fault(FAULT_FLAG_WRITE) per page, no data touched,
     * tag-blind. With {@code bug2022} the result of fe673d3f5bf1..the 2025 fix: a partial
     * fault-in is reported as complete (0).
     */
    static long faultInSafeWriteable(final Tally t, final long uaddr, final long size, final boolean bug2022) {
        final long left = pages(t.page(), uaddr, size, cur -> t.gup(cur, AccessMode.WRITE));
        return bug2022 && left != size ? 0 : left;
    }

    /** The read twin of fault_in_safe_writeable: MADV_POPULATE_READ per page (userspace only). */
    static long faultInGupReadable(final Tally t, final long uaddr, final long size) {
        return pages(t.page(), uaddr, size, cur -> t.gup(cur, AccessMode.READ));
    }

    /**
     * mte_probe_user_range (arch/arm64/kernel/mte.c): a 1-byte load at {@code uaddr}, then at
     * every 16-byte granule start from PTR_ALIGN(uaddr, 16) below the end; like the kernel it
     * loads a granule-aligned {@code uaddr} twice.
     *
     * @return bytes not probed successfully, counted from the end
     */
    static long probeSubpage(final Tally t, final long uaddr, final long size) {
        if (size == 0) {
            return 0;
        }
        if (!t.load(uaddr)) {
            return size;
        }
        final long end = uaddr + size;
        long cur = (uaddr + GRANULE - 1) & -GRANULE;
        while (cur < end) {
            final long next = t.skipKnownGoodLoads(cur, end, GRANULE);
            if (next != cur) {
                cur = next;
                continue;
            }
            if (!t.load(cur)) {
                return end - cur;
            }
            cur += GRANULE;
        }
        return 0;
    }

    /**
     * fault_in_subpage_writeable (v5.19, da32b5817253): the page pass of fault_in_writeable,
     * then probe_subpage_writeable over the prefix it covered. Faultline always runs the
     * granule pass, as arm64 with CONFIG_ARCH_HAS_SUBPAGE_FAULTS does; on x86 the kernel's
     * stub skips it.
     */
    static long faultInSubpageWriteable(final Tally t, final long uaddr, final long size) {
        return subpage(t, uaddr, size, faultInWriteable(t, uaddr, size));
    }

    /**
     * The read counterpart (Catalin's unmerged probe_subpage_readable, docs/kernel.md#unmerged-proposals):
     * fault_in_readable, then the granule loads. A model, not kernel code.
     */
    static long faultInSubpageReadable(final Tally t, final long uaddr, final long size) {
        return subpage(t, uaddr, size, faultInReadable(t, uaddr, size));
    }

    private static long subpage(final Tally t, final long uaddr, final long size, final long pageLeftover) {
        long ok = size - pageLeftover;
        if (ok > 0) {
            ok -= probeSubpage(t, uaddr, ok);
        }
        return size - ok;
    }

    /**
     * fault_in_pages_readable/_writeable before v5.16 (docs/kernel.md#fault_in_pages): probes the unaligned
     * start, start+PAGE, ... while at or below the last byte, and the last byte itself when
     * the stepping skipped its page; int 0 or -EFAULT, modelled as 0 or {@code size}.
     */
    static long faultInPagesPre516(final Tally t, final long uaddr, final long size, final LongPredicate probe) {
        if (size == 0) {
            return 0;
        }
        final long last = uaddr + size - 1;
        if (Long.compareUnsigned(last, uaddr) < 0 || !Arch.accessOk(uaddr, size)) {
            return size;
        }
        long cur = uaddr;
        do {
            if (!probe.test(cur)) {
                return size;
            }
            cur += t.page();
        } while (Long.compareUnsigned(cur, last) <= 0);
        if ((cur & -t.page()) == (last & -t.page()) && !probe.test(last)) {
            return size;
        }
        return 0;
    }
}
