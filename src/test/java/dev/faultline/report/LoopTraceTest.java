package dev.faultline.report;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Loops;
import dev.faultline.loops.Outcome;
import dev.faultline.loops.Step;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.Region;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop trace records what each round did, and the picture draws every recorded round. */
class LoopTraceTest {
    private static final long PAGE = Unistd.pageSize();

    private static Outcome run(final String loop, final Strategy s, final String layout) {
        try (Region r = Region.of(layout)) {
            return Loops.byName(loop).run(r, 0, r.size(), LoopConfig.of(s));
        }
    }

    @Test
    void aBtrfsLivelockRepeatsTheSameRoundAtTheRecordStart() {
        final Outcome o = run("btrfs-search", Strategy.FIRST_BYTE, "rw,none");
        assertEquals(Verdict.LIVELOCK, o.verdict());
        final List<Step> faultIns = o.steps().stream().filter(s -> s.kind() == Step.Kind.FAULT_IN).toList();
        assertEquals(Outcome.TRACED_ROUNDS, faultIns.size(), "one fault-in per traced round");
        // the default record: 100 bytes of payload and a 32-byte header; the one crossing the page
        final long record = 100 + 32;
        final long restart = PAGE / record * record;
        assertEquals(0, faultIns.get(0).offset(), "round 1 faults in from the buffer's start");
        for (final Step s : faultIns.subList(1, faultIns.size())) {
            assertEquals(restart, s.offset(), "every later round restarts at the record that crosses the page: " + s);
            assertEquals(s.length(), s.done(), "first-byte probing reports the whole range faulted in: " + s);
        }
        final String svg = LoopTrace.svg(o, "btrfs-search first-byte rw,none", 2 * PAGE, PAGE);
        assertEquals(Outcome.TRACED_ROUNDS, svg.split(">round ").length - 1, "one labelled row per traced round");
        assertTrue(svg.contains((o.rounds() - Outcome.TRACED_ROUNDS) + " more rounds like these"), svg);
    }

    @Test
    void performWriteWalksToTheFaultAndStopsThere() {
        final Outcome o = run("perform-write", Strategy.PAGE, "rw*2,none");
        assertEquals(Verdict.SHORT, o.verdict());
        assertEquals(2 * PAGE, o.bytes());
        final List<Step> transfers = o.steps().stream().filter(s -> s.kind() == Step.Kind.TRANSFER).toList();
        long reached = 0;
        for (final Step s : transfers) {
            assertEquals(reached, s.offset(), "each copy starts where the last one ended: " + s);
            reached += s.done();
        }
        assertEquals(2 * PAGE, reached, "the copies moved every byte before the PROT_NONE page");
        final String svg = LoopTrace.svg(o, "perform-write page rw*2,none", 3 * PAGE, PAGE);
        assertTrue(svg.startsWith("<svg") && svg.contains("SHORT: " + 2 * PAGE + " of " + 3 * PAGE), svg);
        assertTrue(!svg.contains("more rounds"), "every round is drawn");
    }
}
