package dev.faultline.faultin;

import dev.faultline.memory.Region;
import dev.faultline.memory.RegionClosedException;
import dev.faultline.uaccess.UserCopies;
import dev.faultline.uaccess.VmCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** FaultIn.faultInReadable / faultInWriteable: the kernel's own call shape, the leftover alone. */
    private static long kernelShaped(final AccessMode m, final Region r, final long offset, final long size) {
        return m == AccessMode.READ ? FaultIn.faultInReadable(r, offset, size) : FaultIn.faultInWriteable(r, offset, size);
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldGiveTheKernelShapedCallsThePageStrategysLeftover(final AccessMode m) {
        try (Region r = Region.of("rw,rw,none")) {
            assertEquals(ACROSS - (2 * PAGE - AT), kernelShaped(m, r, AT, ACROSS));
            assertEquals(0, kernelShaped(m, r, 0, PAGE + 1904));
            assertEquals(PAGE, kernelShaped(m, r, 2 * PAGE, PAGE));
            assertEquals(0, kernelShaped(m, r, AT, 0));
            final IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> kernelShaped(m, r, 2 * PAGE, PAGE + 1));
            assertTrue(e.getMessage().contains("offset=" + 2 * PAGE + " size=" + (PAGE + 1)), e.getMessage());
        }
        final Region closed = Region.of("rw");
        closed.close();
        assertThrows(RegionClosedException.class, () -> kernelShaped(m, closed, 0, 1));
    }

    @Test
    void shouldStoreZerosWhereTheKernelShapedWriteProbes() {
        try (Region r = Region.of("rw*2")) {
            assertEquals(0, FaultIn.faultInWriteable(r, 100, PAGE + 900));
            final byte[] d = UserCopies.fromUser(VmCopy.INSTANCE, r, 0, 2 * PAGE).data();
            for (int i = 0; i < d.length; i++) {
                assertEquals(i == 100 || i == PAGE ? 0 : Region.patternByte(i), d[i], "byte " + i);
            }
            assertEquals(0, FaultIn.faultInReadable(r, 0, 2 * PAGE));
            assertArrayEquals(d, UserCopies.fromUser(VmCopy.INSTANCE, r, 0, 2 * PAGE).data(), "a read probe changed a byte");
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
