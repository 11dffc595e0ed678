package dev.faultline.faultin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** fault_in_subpage_writeable: the page pass, then every 16-byte granule of the prefix. */
class GranuleStrategyTest extends FaultInContract {
    @Override
    Strategy strategy() {
        return Strategy.GRANULE;
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldProbeEveryGranuleOfThePrefixThatPassed(final AccessMode m) {
        final FaultInResult r = run("rw,rw,none", m, AT, ACROSS);
        assertEquals(ACROSS - (2 * PAGE - AT), r.leftover());
        // page pass: 100, PAGE, 2*PAGE (fails); granule pass over [100, 2*PAGE): 100, then 112..2*PAGE-16
        assertEquals(3 + 1 + (2 * PAGE - 112) / 16, r.probes());
        assertEquals(2 * PAGE, r.failedAt());
    }

    @Test
    void shouldLoadAnAlignedFirstGranuleTwiceLikeTheKernel() {
        final FaultInResult r = run("rw", AccessMode.WRITE, 0, PAGE);
        assertEquals(0, r.leftover());
        assertEquals(1 + 1 + PAGE / 16, r.probes());
    }
}
