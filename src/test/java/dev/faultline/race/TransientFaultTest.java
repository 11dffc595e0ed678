package dev.faultline.race;

import dev.faultline.faultin.Strategy;
import dev.faultline.faultin.Progress;
import dev.faultline.lab.Race;
import dev.faultline.loops.BailRule;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Loops;
import dev.faultline.loops.Outcome;
import dev.faultline.loops.PerformWrite;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Layout;
import dev.faultline.memory.Region;
import dev.faultline.sys.Mman;
import dev.faultline.uaccess.NoFaultCopy;
import dev.faultline.uaccess.UserCopies;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Benign faults: the no-fault model, the injector and the bail-out rule, with fixed seeds. */
class TransientFaultTest {
    private static final long PAGE = Unistd.pageSize();

    @Test
    void nofaultCopiesNothingOfAnUntouchedRegionAndFaultInCompletesIt() {
        try (Region r = Region.untouched(Layout.parse("rw*4", PAGE), Backing.ANON, null)) {
            assertEquals(4 * PAGE, UserCopies.fromUser(NoFaultCopy.INSTANCE, r, 0, 4 * PAGE).notCopied());
            final Outcome o = new PerformWrite().run(r, 0, 4 * PAGE, LoopConfig.of(Strategy.PAGE));
            assertEquals(Verdict.COMPLETE, o.verdict());
            assertEquals(4 * PAGE, o.bytes());
            assertEquals(8, o.rounds(), "every page: a failed copy, a fault-in, a copy");
            assertEquals(0, o.lostBytes());
        }
    }

    @Test
    void nofaultStopsExactlyAtAZappedPage() {
        try (Region r = Region.of("rw*4", Backing.MEMFD)) {
            assertEquals(0, Mman.madvise(r.base() + 2 * PAGE, PAGE, Mman.MADV_DONTNEED));
            assertEquals(2 * PAGE - 100, UserCopies.fromUser(NoFaultCopy.INSTANCE, r, 100, 4 * PAGE - 100).copied());
        }
    }

    private static Outcome run(final int seed, final BailRule rule) {
        try (Region r = Region.of("rw*64", Backing.MEMFD)) {
            final Injector inj = new Injector(InjectorKind.ZAP, r, 0.5, seed);
            return new PerformWrite().run(r, 0, r.size(), LoopConfig.of(Strategy.PAGE).with(inj, rule));
        }
    }

    @Test
    void secondFaultTurnsBenignFaultsIntoSpuriousErrorsAndBothFailDoesNot() {
        int spurious = 0;
        for (int seed = 1; seed <= 20; seed++) {
            final Outcome second = run(seed, BailRule.SECOND_FAULT);
            final Outcome both = run(seed, BailRule.BOTH_FAIL);
            assertEquals(Verdict.COMPLETE, both.verdict(), "seed " + seed);
            assertEquals(64 * PAGE, both.bytes());
            assertEquals(0, both.lostBytes());
            assertEquals(0, second.lostBytes());
            assertTrue(both.injections() > 0);
            if (second.verdict() == Verdict.SPURIOUS) {
                spurious++;
                assertTrue(second.faultsAfterCleanFaultIn() > 0);
                assertTrue(second.bytes() < 64 * PAGE);
            } else {
                assertEquals(Verdict.COMPLETE, second.verdict(), "seed " + seed);
            }
        }
        // the kernel's fault-around maps a varying number of neighbours per fault, so the number of
        // fault-ins (and of draws) varies: at least 4 per run, each zapped with p = 0.5
        assertTrue(spurious >= 10, "second-fault turned benign faults into errors in " + spurious + " of 20 runs");
    }

    @Test
    void theRaceExperimentLosesNoData() {
        // every loop this kernel can run: dio needs MADV_POPULATE_WRITE (RaceCommand says so)
        final List<Race.Row> rows = Race.run(Loops.runnable(), List.of(BailRule.BOTH_FAIL, BailRule.SECOND_FAULT),
                List.of(InjectorKind.ZAP), 4, 0.5, Progress.NONE);
        assertEquals(2 * Loops.runnable().size(), rows.size());
        for (final Race.Row row : rows) {
            assertEquals(0, row.lost(), row.toString());
            assertTrue(row.injections() > 0, row.toString());
            if (row.policy().equals("both-fail")) {
                assertEquals(4, row.completed(), row.toString());
                assertEquals(0, row.spurious(), row.toString());
            }
        }
        assertTrue(rows.stream().filter(r -> r.policy().equals("second-fault")).mapToInt(Race.Row::spurious).sum() > 0);
    }

    @Test
    void injectorsAreRealAndSaySoWhenTheyCannot() {
        assertEquals(java.util.Map.of("zap", true, "pageout", true, "mprotect", false, "msync", false),
                Race.clearsPresentBit());
        try (Region r = Region.of("rw")) {
            assertEquals("zap injection needs --backing shared or memfd: MADV_DONTNEED on private anonymous memory"
                    + " discards its data", assertThrows(IllegalArgumentException.class,
                    () -> new Injector(InjectorKind.ZAP, r, 0.5, 1)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Injector(InjectorKind.MPROTECT, r, 1.5, 1));
        }
        assertEquals("after-3", BailRule.of("after-3").name());
        assertThrows(IllegalArgumentException.class, () -> BailRule.of("never"));
    }
}
