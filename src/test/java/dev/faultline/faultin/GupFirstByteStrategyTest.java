package dev.faultline.faultin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** GUP plus one real load at the first byte. */
class GupFirstByteStrategyTest extends FaultInContract {
    @Override
    Strategy strategy() {
        return Strategy.GUP_FIRST_BYTE;
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldAddOneLoadAfterTheGupPass(final AccessMode m) {
        final FaultInResult r = run("rw,rw,none", m, AT, ACROSS);
        assertEquals(ACROSS - (2 * PAGE - AT), r.leftover());
        assertEquals(4, r.probes());
        assertEquals(2 * PAGE, r.failedAt());
    }
}
