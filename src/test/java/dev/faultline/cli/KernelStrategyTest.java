package dev.faultline.cli;

import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.LoopName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code loop} without {@code --strategy} runs the fault-in the loop's own kernel code calls in the
 * chosen era: asking what 6.12's gfs2 does needs no knowledge of its fault-in first.
 */
class KernelStrategyTest {
    @Test
    void gfs2ReadRunsWithItsOwnFaultIn() {
        final Cli c = Cli.run("loop", "--loop", "gfs2-read", "--layout", "rw,none", "--json");
        assertEquals(0, c.status(), c.err());
        assertEquals("gup", c.json().get("strategy").asText());
        final long page = dev.faultline.sys.Unistd.pageSize();
        assertEquals("SHORT", c.json().get("verdict").asText());
        assertEquals(page, c.json().get("bytes").asLong());
        final Cli old = Cli.run("loop", "--loop", "gfs2-read", "--layout", "rw,none", "--kernel", "pre-5.16", "--json");
        assertEquals(0, old.status(), old.err());
        assertEquals("page", old.json().get("strategy").asText());
    }

    @Test
    void eachLoopNamesItsKernelsFaultIn() {
        assertEquals(Strategy.PAGE, LoopName.PERFORM_WRITE.kernelStrategy(KernelEra.CURRENT));
        assertEquals(Strategy.GRANULE, LoopName.BTRFS_SEARCH.kernelStrategy(KernelEra.CURRENT));
        assertEquals(Strategy.PAGE, LoopName.BTRFS_SEARCH.kernelStrategy(KernelEra.PRE_5_16));
        assertEquals(Strategy.PAGE, LoopName.BTRFS_SEARCH.kernelStrategy(KernelEra.V5_16), "fault_in_writeable");
        assertEquals(Strategy.GRANULE, LoopName.BTRFS_SEARCH.kernelStrategy(KernelEra.V5_19),
                "fault_in_subpage_writeable");
        for (final LoopName n : new LoopName[] {LoopName.DIO, LoopName.GFS2_READ, LoopName.BTRFS_DIO,
            LoopName.KCORE_READ, LoopName.GFS2_DIO_HOLE, LoopName.GFS2_FIEMAP}) {
            assertEquals(Strategy.GUP, n.kernelStrategy(KernelEra.CURRENT), n.word());
        }
        assertEquals(Strategy.PAGE, LoopName.BTRFS_DIO_WRITE.kernelStrategy(KernelEra.CURRENT));
    }

    @Test
    void aLoopNoKernelOfTheEraHadIsRefusedInOneLine() {
        final Cli c = Cli.run("loop", "--kernel", "pre-5.16", "--loop", "dio", "--layout", "rw,none");
        assertEquals(2, c.status(), c.err());
        assertEquals("loop: --kernel pre-5.16 --loop dio: no such loop in that kernel (gfs2's direct-I/O"
                + " retry loop came in v5.16) (see --help)", c.err().strip());
        for (final LoopName n : LoopName.values()) {
            final boolean existed = n.missingIn(KernelEra.PRE_5_16) == null;
            assertEquals(!java.util.Set.of(LoopName.DIO, LoopName.BTRFS_DIO, LoopName.BTRFS_DIO_WRITE,
                    LoopName.KCORE_READ, LoopName.GFS2_FIEMAP).contains(n), existed, n.word());
            assertEquals(null, n.missingIn(KernelEra.CURRENT), n.word());
            assertEquals(null, n.missingIn(KernelEra.V5_19), n.word());
            assertEquals(n == LoopName.KCORE_READ || n == LoopName.GFS2_FIEMAP, n.missingIn(KernelEra.V5_16) != null,
                    n.word());
        }
    }
}
