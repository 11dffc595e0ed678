package dev.faultline.faultin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
