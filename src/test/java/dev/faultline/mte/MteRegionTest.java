package dev.faultline.mte;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.FaultIn;
import dev.faultline.faultin.FaultInResult;
import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.Strategy;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.sys.Prctl;
import dev.faultline.uaccess.CopyResult;
import dev.faultline.uaccess.FileCopy;
import dev.faultline.uaccess.UserCopies;
import dev.faultline.uaccess.VmCopy;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tags, tag-checked copies, tag-blind GUP and the granule strategy, on real MTE. */
class MteRegionTest extends MteCase {
    private static final long PAGE = Unistd.pageSize();

    @Test
    void shouldRunInSyncModeWithTheTaggedAddressAbi() {
        final long ctrl = Mte.control();
        assertEquals(Prctl.PR_TAGGED_ADDR_ENABLE, ctrl & Prctl.PR_TAGGED_ADDR_ENABLE);
        assertEquals(Prctl.PR_MTE_TCF_SYNC, ctrl & Prctl.PR_MTE_TCF_MASK);
    }

    @ParameterizedTest
    @EnumSource(Backing.class)
    void shouldTagExactlyTheMarkedGranules(final Backing b) {
        // the second granule and the last two of the first page (4064 and 4080 on 4 KiB pages)
        try (Region r = Regions.of("rw~16+16~" + (PAGE - 32) + "+32,rw", b)) {
            assertTrue(r.tagged());
            final long base = r.base();
            assertEquals(0, Mte.tagOf(base));
            assertEquals(Mte.MARK_TAG, Mte.tagOf(base + 16));
            assertEquals(0, Mte.tagOf(base + 32));
            assertEquals(0, Mte.tagOf(base + PAGE - 48));
            assertEquals(Mte.MARK_TAG, Mte.tagOf(base + PAGE - 32));
            assertEquals(Mte.MARK_TAG, Mte.tagOf(base + PAGE - 16));
            assertEquals(0, Mte.tagOf(base + PAGE));
            assertEquals(r.expectedGranules(0), r.measureGranules(0));
            assertEquals("#x" + "#".repeat((int) (PAGE / 16 - 4)) + "xx", r.measureGranules(0));
        }
    }

    @Test
    void uaccessStopsExactlyAtTheMismatchedGranule() {
        try (Region r = Regions.of("rw~32+16,rw", Backing.ANON)) {
            assertEquals(32, UserCopies.fromUser(FileCopy.INSTANCE, r, 0, 64).copied());
            assertEquals(29, UserCopies.fromUser(FileCopy.INSTANCE, r, 3, 100).copied());
            assertEquals(32, UserCopies.toUser(FileCopy.INSTANCE, r, 0, new byte[64]).copied());
            assertEquals(100, UserCopies.fromUser(FileCopy.INSTANCE, r, 32, 100).notCopied(), "first byte mismatched");
            final CopyResult after = UserCopies.fromUser(FileCopy.INSTANCE, r, 48, 5000);
            assertEquals(5000, after.copied(), "past the granule everything matches");
        }
    }

    @Test
    void gupIsTagBlind() {
        dev.faultline.sys.Needs.populate();
        try (Region r = Regions.of("rw~32+16,rw", Backing.ANON)) {
            assertEquals(0, UserCopies.fromUser(VmCopy.INSTANCE, r, 0, 2 * PAGE).notCopied());
            assertEquals(0, FaultIn.faultIn(Strategy.GUP, AccessMode.WRITE, KernelEra.CURRENT, r, 0, 2 * PAGE).leftover());
            assertEquals(0, FaultIn.faultIn(Strategy.GUP, AccessMode.READ, KernelEra.CURRENT, r, 0, 2 * PAGE).leftover());
        }
    }

    /** Reference 1.4's example: size 100 at a page-aligned P, granule [P+32, P+48) mismatched -> 68. */
    @Test
    void faultInSubpageWriteableReturnsTheExactLeftover() {
        try (Region r = Regions.of("rw~32+16,rw", Backing.ANON)) {
            final FaultInResult granule = FaultIn.faultIn(Strategy.GRANULE, AccessMode.WRITE, KernelEra.CURRENT, r, 0, 100);
            assertEquals(68, granule.leftover());
            assertEquals(32L, granule.failedAt());
            assertEquals(1 + 4, granule.probes(), "page pass at 0, then loads at 0, 0 (again), 16, and 32 fails");
            final FaultInResult page = FaultIn.faultIn(Strategy.PAGE, AccessMode.WRITE, KernelEra.CURRENT, r, 0, 100);
            assertEquals(0, page.leftover(), "page-granular probing cannot see a sub-page fault");
        }
    }

    /** The same buffer from the mismatched granule on: GUP is tag-blind, the first byte's load is not. */
    @Test
    void gupFirstByteSeesTheTagOfTheFirstByte() {
        dev.faultline.sys.Needs.strategy(Strategy.GUP_FIRST_BYTE);
        try (Region r = Regions.of("rw~32+16,rw", Backing.ANON)) {
            final FaultInResult s1 = FaultIn.faultIn(Strategy.GUP_FIRST_BYTE, AccessMode.WRITE, KernelEra.CURRENT, r,
                    32, 100);
            assertEquals(100, s1.leftover(), "the one real load at the first byte sees its tag");
        }
    }
}
