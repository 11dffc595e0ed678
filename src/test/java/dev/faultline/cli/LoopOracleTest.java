package dev.faultline.cli;

import dev.faultline.oracle.Oracle;
import dev.faultline.sys.Needs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code loop --oracle}: the model's run, then the same case through the real kernel path
 * ({@code Oracle.runCase}) beside the model of that file system; refusals are one line, exit 2,
 * before any work.
 */
@Tag("fs")
class LoopOracleTest {
    private static final long PAGE = dev.faultline.sys.Unistd.pageSize();

    @Test
    void refusesWhatTheRealPathCannotTake() throws Exception {
        final Cli search = Cli.run("loop", "--loop", "btrfs-search", "--strategy", "page", "--layout", "rw", "--oracle");
        assertEquals(2, search.status());
        assertEquals("loop: --oracle: btrfs-search's ioctl fills the whole region; use oracle --loop btrfs-search"
                + " --layout L\n", search.err());
        final Cli kcore = Cli.run("loop", "--loop", "kcore-read", "--strategy", "gup", "--layout", "rw", "--oracle");
        assertEquals(2, kcore.status());
        assertEquals("loop: --oracle: kcore-read's read fills the whole region from a vmalloc address; use oracle --loop"
                + " kcore-read --layout L\n", kcore.err());
        final Cli inject = Cli.run("loop", "--loop", "perform-write", "--strategy", "page", "--layout", "rw*2",
                "--inject", "zap", "--oracle");
        assertEquals(2, inject.status());
        assertEquals("loop: --oracle runs the real kernel path, which takes no --inject\n", inject.err());
    }

    @Test
    void printsTheKernelBesideTheModel() throws Exception {
        final Cli c = Cli.run("loop", "--loop", "perform-write", "--strategy", "page", "--layout", "rw*2,none",
                "--offset", "100", "--oracle");
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("\nkernel: perform-write on "), c.out());
        if (dev.faultline.oracle.Oracle.fileLoopEra() == dev.faultline.faultin.KernelEra.PRE_5_16) {
            // before 5.16 the write faults in a whole file page and gives up on it: only the first page is
            // written; the model of that era says so, and that the page's readable prefix was left (STUCK)
            assertTrue(c.out().contains(": SHORT " + PAGE + ", landed -; model perform-write: STUCK " + PAGE
                    + "; DISAGREE: same bytes; the model's verdict says more: before 5.16"), c.out());
        } else {
            assertTrue(c.out().contains(": SHORT " + (2 * PAGE - 100) + ", landed -; model perform-write: SHORT "
                    + (2 * PAGE - 100) + "; agree\n"), c.out());
        }
    }

    @Test
    @Tag("root")
    void btrfsDioRunsOnABtrfsImage() throws Exception {
        Needs.available(Oracle.btrfsDioUnavailable());
        final Cli c = Cli.run("loop", "--loop", "btrfs-dio", "--strategy", "gup", "--layout", "rw,none,rw*2",
                "--size", Long.toString(3 * PAGE), "--oracle");
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().endsWith("\nkernel: btrfs-dio on btrfs: SHORT " + PAGE + ", landed " + PAGE
                + "; model btrfs-dio: SHORT " + PAGE + "; agree\n"), c.out());
    }
}
