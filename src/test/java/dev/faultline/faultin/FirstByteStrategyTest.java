package dev.faultline.faultin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** S1: only the first byte. */
class FirstByteStrategyTest extends FaultInContract {
    @Override
    Strategy strategy() {
        return Strategy.FIRST_BYTE;
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldNotSeeAFaultPastTheFirstByte(final AccessMode m) {
        final FaultInResult r = run("rw,rw,none", m, AT, ACROSS);
        assertEquals(0, r.leftover());
        assertEquals(1, r.probes());
        assertNull(r.failedAt());
    }

    /**
     * A hot loop of first-byte calls allocates no result: a call whose result has the values of
     * the last one returns that instance; a call with other values gets its own, with its values.
     */
    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldShareAResultWithTheSameValuesAndNoOther(final AccessMode m) {
        try (dev.faultline.memory.Region r = dev.faultline.memory.Region.of("rw,none")) {
            final FaultInResult first = FaultIn.faultIn(strategy(), m, KernelEra.CURRENT, r, AT, PAGE);
            assertSame(first, FaultIn.faultIn(strategy(), m, KernelEra.CURRENT, r, AT, PAGE));
            final FaultInResult failed = FaultIn.faultIn(strategy(), m, KernelEra.CURRENT, r, PAGE + AT, AT);
            assertNotSame(first, failed);
            assertEquals(new FaultInResult(AT, AT, 1, PAGE + AT, 1), failed);
            assertSame(failed, FaultIn.faultIn(strategy(), m, KernelEra.CURRENT, r, PAGE + AT, AT));
            assertEquals(new FaultInResult(PAGE, 0, 1, null, 1), FaultIn.faultIn(strategy(), m, KernelEra.CURRENT, r, AT,
                    PAGE));
        }
    }
}
