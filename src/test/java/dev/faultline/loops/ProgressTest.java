package dev.faultline.loops;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.FaultIn;
import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.ProbeImpl;
import dev.faultline.faultin.Progress;
import dev.faultline.faultin.Strategy;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Layout;
import dev.faultline.memory.Region;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a long fault-in and a loop tell their progress: the bytes probed every
 * {@link FaultIn#PROGRESS_PROBES} probes, and the rounds after each round (inside a loop, its
 * fault-ins' bytes too, named by round).
 */
class ProgressTest {
    private static final long PAGE = Unistd.pageSize();

    private record Step(String what, long done, long total) {
    }

    private static final class Recorder implements Progress {
        private final List<Step> steps = new ArrayList<>();
        private int done;

        @Override
        public void step(final String what, final long d, final long total) {
            steps.add(new Step(what, d, total));
        }

        @Override
        public void done() {
            done++;
        }
    }

    @Test
    void aPageProbeReportsEveryFourThousandProbes() {
        final long pages = 2L * FaultIn.PROGRESS_PROBES;
        final Recorder r = new Recorder();
        // untouched: 8,192 pages are 128 MiB on 16 KiB pages; a read probe only needs them mapped
        try (Region region = Region.untouched(Layout.parse("rw*" + pages, PAGE), Backing.ANON, null)) {
            final long size = pages * PAGE;
            assertEquals(pages, FaultIn.faultIn(Strategy.PAGE, AccessMode.READ, KernelEra.CURRENT, ProbeImpl.FAITHFUL,
                    region, 0, size, r).probes(), "one probe per page");
            // the 4096th probe is at the start of page 4095, the 8192nd at the start of page 8191
            assertEquals(List.of(new Step(FaultIn.PROBED, (FaultIn.PROGRESS_PROBES - 1) * PAGE + 1, size),
                    new Step(FaultIn.PROBED, (pages - 1) * PAGE + 1, size)), r.steps);
        }
    }

    @Test
    void aLoopReportsEachRound() {
        final Recorder r = new Recorder();
        try (Region region = Region.of("rw*2,none", Backing.ANON)) {
            final Outcome o = Loops.byName("perform-write").run(region, 0, 3 * PAGE,
                    LoopConfig.of(Strategy.PAGE).withProgress(r));
            final List<Step> want = new ArrayList<>();
            for (long i = 1; i <= o.rounds(); i++) {
                want.add(new Step(LoopConfig.ROUNDS, i, 0));
            }
            assertEquals(want, r.steps, "a few probes per fault-in: no byte count, one count per round");
            assertEquals(0, r.done, "the caller ends the progress, not the loop");
        }
    }
}
