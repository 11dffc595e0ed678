package dev.faultline.faultin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** fault_in_readable / fault_in_writeable: first byte + each following page start. */
class PageStrategyTest extends FaultInContract {
    @Override
    Strategy strategy() {
        return Strategy.PAGE;
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldStopAtTheFailingPageStart(final AccessMode m) {
        final FaultInResult r = run("rw,rw,none", m, AT, ACROSS);
        assertEquals(ACROSS - (2 * PAGE - AT), r.leftover());
        assertEquals(3, r.probes());
        assertEquals(2 * PAGE, r.failedAt());
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldNeverProbeTheLastByte(final AccessMode m) {
        // ends mid-page 1: probes at 0 and PAGE only
        final FaultInResult r = run("rw,rw,none", m, 0, PAGE + 1904);
        assertEquals(0, r.leftover());
        assertEquals(2, r.probes());
        assertNull(r.failedAt());
    }

    @Test
    void shouldReadAWriteOnlyPageLikeTheCpu() {
        assertEquals(0, run("rw,wo", AccessMode.READ, 100, 2 * PAGE - 100).leftover());
        assertEquals(0, run("rw,wo", AccessMode.WRITE, 100, 2 * PAGE - 100).leftover());
        assertEquals(PAGE, run("rw,ro", AccessMode.WRITE, 0, 2 * PAGE).leftover());
    }

    @Test
    void shouldStoreZerosAtEveryProbePoint() {
        try (dev.faultline.memory.Region r = dev.faultline.memory.Region.of("rw*2")) {
            // [100, PAGE + 1000): probe points 100 and PAGE on every page size
            FaultIn.faultIn(Strategy.PAGE, AccessMode.WRITE, KernelEra.CURRENT, r, 100, PAGE + 900);
            final byte[] d = dev.faultline.uaccess.UserCopies.fromUser(dev.faultline.uaccess.VmCopy.INSTANCE, r, 0,
                    2 * PAGE).data();
            for (int i = 0; i < d.length; i++) {
                final byte want = i == 100 || i == PAGE ? 0 : dev.faultline.memory.Region.patternByte(i);
                assertEquals(want, d[i], "byte " + i);
            }
        }
    }

    @Test
    void shouldReproduceThePre516IntForm() {
        // fault_in_pages_*: unaligned steps 100, 100+PAGE, 100+2*PAGE (fails) -> -EFAULT, all or nothing
        final FaultInResult r = run("rw,rw,none", AccessMode.READ, KernelEra.PRE_5_16, AT, ACROSS);
        assertEquals(ACROSS, r.leftover());
        assertEquals(3, r.probes());
        assertEquals(2 * PAGE + 100, r.failedAt());
        // the last byte is probed when stepping skipped its page: 100, then 4099
        final FaultInResult last = run("rw*2", AccessMode.READ, KernelEra.PRE_5_16, 100, PAGE);
        assertEquals(0, last.leftover());
        assertEquals(2, last.probes());
        // the last-byte probe catches a bad page the unaligned steps jumped over: 100, then 4145
        final FaultInResult tail = run("rw,none", AccessMode.READ, KernelEra.PRE_5_16, 100, PAGE - 50);
        assertEquals(PAGE - 50, tail.leftover());
        assertEquals(2, tail.probes());
        assertEquals(PAGE + 49, tail.failedAt());
    }
}
