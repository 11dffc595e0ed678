package dev.faultline.cli;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.BailRule;
import dev.faultline.loops.FaultHook;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Loops;
import dev.faultline.memory.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What CommandFuzzProperties found outside the command line, each pinned down: an injector
 * over a layout with a hole failed with ENOMEM (exit 1), and a hook that failed before the run
 * kept the run's lease, so every later close() on that thread failed too.
 */
class FuzzFindingsTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "loop --loop perform-write --strategy first-byte --layout none,hole,guard*2,hole --inject pageout --max-rounds 15",
        "loop --loop perform-write --strategy page --layout rw,hole,rw --backing memfd --inject zap --rate 1",
        "loop --loop btrfs-search --strategy page --layout rw,hole,rw --backing memfd --inject pageout --rate 1",
    })
    void injectingOverAHoleIsNoError(final String args) {
        final Cli c = Cli.run(args.split(" "));
        if (args.contains("guard") && !dev.faultline.sys.KernelFeatures.guard()) {
            // a kernel before 6.13 cannot build the guard pages of the first finding: one line, exit 2
            assertEquals(2, c.status(), c.err());
            assertTrue(c.err().startsWith("loop: page 2 of layout \"none,hole,guard*2,hole\": guard pages need"
                    + " MADV_GUARD_INSTALL") && c.err().indexOf('\n') == c.err().length() - 1, c.err());
        } else {
            assertEquals(0, c.status(), c.err());
        }
    }

    @Test
    void aHookThatFailsBeforeTheRunLeavesNoLeaseBehind() {
        final FaultHook failing = new FaultHook() {
            @Override
            public void beforeRun(final long addr, final long len) {
                throw new IllegalStateException("injected");
            }

            @Override
            public void afterFaultIn(final long addr, final long len) {
            }

            @Override
            public void afterCopy() {
            }

            @Override
            public long injections() {
                return 0;
            }
        };
        final Region r = Region.of("rw,rw");
        assertThrows(IllegalStateException.class, () -> Loops.byName("perform-write").run(r, 0, r.size(),
                LoopConfig.of(Strategy.PAGE).with(failing, BailRule.BOTH_FAIL)));
        r.close();
        final Cli next = Cli.run("copy", "--layout", "rw", "--dir", "from-user");
        assertEquals(0, next.status(), next.err());
    }
}
