package dev.faultline.faultin;

import dev.faultline.memory.Region;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every fault_in_* strategy owes its callers (reference section 1): size 0 -> 0 with no
 * probe; a range that wraps or leaves user space -> size with no probe; an inaccessible first
 * byte -> size; an accessible range -> 0; the leftover counts every byte from the failing probe point. One subclass
 * per strategy adds its hand-computed cases.
 */
abstract class FaultInContract {
    static final long PAGE = Unistd.pageSize();
    /** Where the hand-computed cases start in "rw,rw,none": inside the first page, not aligned. */
    static final long AT = 100;
    /** From {@link #AT} into the middle of the none page: the fault starts at 2 * PAGE on every page size. */
    static final long ACROSS = 2 * PAGE + PAGE / 2 - AT;

    /** A prober that must never be called. */
    static final Prober UNTOUCHABLE = new Prober() {
        @Override
        public boolean load(final long addr) {
            throw new AssertionError("probed 0x" + Long.toHexString(addr));
        }

        @Override
        public boolean storeZero(final long addr) {
            throw new AssertionError("probed 0x" + Long.toHexString(addr));
        }

        @Override
        public boolean gup(final long pageAddr, final AccessMode mode) {
            throw new AssertionError("probed 0x" + Long.toHexString(pageAddr));
        }
    };

    abstract Strategy strategy();

    /** The gup strategies need MADV_POPULATE_* (Linux 5.14+): skipped, with the reason, without it. */
    @org.junit.jupiter.api.BeforeEach
    void needs() {
        dev.faultline.sys.Needs.strategy(strategy());
    }

    FaultInResult run(final String layout, final AccessMode m, final long offset, final long size) {
        return run(layout, m, KernelEra.CURRENT, offset, size);
    }

    FaultInResult run(final String layout, final AccessMode m, final KernelEra era, final long offset, final long size) {
        try (Region r = Region.of(layout)) {
            return FaultIn.faultIn(strategy(), m, era, r, offset, size);
        }
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldProbeNothingForSizeZero(final AccessMode m) {
        final FaultInResult r = run("none", m, 0, 0);
        assertEquals(0, r.leftover());
        assertEquals(0, r.probes());
        assertNull(r.failedAt());
        assertEquals(0, FaultIn.faultIn(strategy(), m, KernelEra.CURRENT, UNTOUCHABLE, 0, 0, 0).leftover());
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldProbeNothingForARangeThatWrapsOrLeavesUserSpace(final AccessMode m) {
        final FaultInResult wrap = FaultIn.faultIn(strategy(), m, KernelEra.CURRENT, UNTOUCHABLE, -PAGE, 2 * PAGE, 0);
        assertEquals(2 * PAGE, wrap.leftover());
        assertEquals(0, wrap.probes());
        final long top = dev.faultline.sys.Arch.taskSize() - PAGE;
        final FaultInResult leaves = FaultIn.faultIn(strategy(), m, KernelEra.CURRENT, UNTOUCHABLE, top, 2 * PAGE, 0);
        assertEquals(2 * PAGE, leaves.leftover());
        assertEquals(0, leaves.probes());
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldReportNothingFaultedInWhenTheFirstByteIsInaccessible(final AccessMode m) {
        final FaultInResult r = run("none,rw", m, 100, 5000);
        assertEquals(5000, r.leftover());
        assertEquals(100L, r.failedAt());
        assertTrue(r.syscalls() >= r.probes());
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldFaultInAnAccessibleRange(final AccessMode m) {
        final FaultInResult r = run("rw*3", m, 1, 3 * PAGE - 1);
        assertEquals(0, r.leftover());
        assertNull(r.failedAt());
        assertTrue(r.probes() >= 1);
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldProbeOnceForOneByte(final AccessMode m) {
        final FaultInResult r = run("rw", m, PAGE - 1, 1);
        assertEquals(0, r.leftover());
        assertEquals(strategy() == Strategy.GRANULE ? 2 : strategy() == Strategy.GUP_FIRST_BYTE ? 2 : 1, r.probes());
    }

    @Test
    void shouldCountTheLeftoverFromTheFailingProbe() {
        final long offset = 7;
        final long size = 2 * PAGE - offset;
        for (final AccessMode m : AccessMode.values()) {
            for (final String layout : new String[] {"rw,none", "none,rw", "rw,hole,rw", "ro,rw", "wo,ro"}) {
                final FaultInResult r = run(layout, m, offset, size);
                // the kernel's count: every byte from the failing probe point to the end, 0 when none failed
                final long expected = r.failedAt() == null ? 0 : offset + size - Math.max(offset, r.failedAt());
                assertEquals(expected, r.leftover(), layout + " " + m + " " + r);
                if (r.failedAt() != null) {
                    assertTrue(r.failedAt() == offset || r.failedAt() % PAGE == 0,
                            "a probe fails at the first byte or at a page start: " + layout + " " + m + " " + r);
                }
            }
            assertEquals(size, run("none,rw", m, offset, size).leftover(), "an inaccessible first byte: all of it");
            assertEquals(strategy() == Strategy.FIRST_BYTE ? 0 : PAGE, run("rw,hole", m, offset, size).leftover(),
                    "a hole at the second page: its bytes, unless only the first byte is probed");
        }
    }
}
