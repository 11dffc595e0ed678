package dev.faultline.faultin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** fault_in_safe_writeable and its MADV_POPULATE_READ twin. */
class GupStrategyTest extends FaultInContract {
    @Override
    Strategy strategy() {
        return Strategy.GUP;
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldStopAtTheFailingPage(final AccessMode m) {
        final FaultInResult r = run("rw,rw,none", m, AT, ACROSS);
        assertEquals(ACROSS - (2 * PAGE - AT), r.leftover());
        assertEquals(3, r.probes());
        assertEquals(2 * PAGE, r.failedAt());
    }

    @Test
    void shouldHonourVmaPermissionsNotTheCpu() {
        assertEquals(PAGE, run("rw,wo", AccessMode.READ, 100, 2 * PAGE - 100).leftover());
        assertEquals(0, run("rw,wo", AccessMode.WRITE, 100, 2 * PAGE - 100).leftover());
    }

    @Test
    void shouldReproduceThe2022Bug() {
        final FaultInResult bug = run("rw,rw,none", AccessMode.WRITE, KernelEra.GUP_BUG_2022, AT, ACROSS);
        assertEquals(0, bug.leftover(), "partial fault-in reported as complete");
        assertEquals(2 * PAGE, bug.failedAt());
        assertEquals(5000, run("none,rw", AccessMode.WRITE, KernelEra.GUP_BUG_2022, 100, 5000).leftover(),
                "first page failing is still reported");
    }
}
