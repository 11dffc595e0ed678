package dev.faultline.loops;

import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.Strategy;
import dev.faultline.memory.Region;
import dev.faultline.uaccess.FileCopy;
import dev.faultline.sys.Needs;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The loop models against docs/kernel.md#summary-by-loop with exact byte counts, each a formula
 * of the page size. Offset 512 keeps the range aligned as real direct I/O wants (DMA alignment)
 * while the default 4096-byte block straddles the page. The gup strategies and the dio model
 * need MADV_POPULATE_* and are skipped, with the reason, on kernels before 5.14.
 */
class LoopsTest {
    private static final long PAGE = Unistd.pageSize();
    private static final long O = dev.faultline.lab.FaultCase.DMA_OFFSET;
    /** A btrfs record: the 32-byte search header and the default payload. */
    private static final long REC = BtrfsSearch.HEADER + LoopConfig.DEFAULT_RECORD;
    private static final long BLOCK = LoopConfig.DEFAULT_BLOCK;

    static Outcome run(final Loop loop, final String layout, final long offset, final long size, final LoopConfig c) {
        try (Region r = Region.of(layout)) {
            return loop.run(r, offset, size, c);
        }
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void performWriteStopsExactlyAtTheFirstInaccessibleByte(final Strategy s) {
        Needs.strategy(s);
        final Outcome o = run(new PerformWrite(), "rw,none,rw", O, 2 * PAGE, LoopConfig.of(s));
        assertEquals(Verdict.SHORT, o.verdict());
        assertEquals(PAGE - O, o.bytes());
        assertEquals(PAGE - O, o.possible());
        assertEquals(2, o.rounds(), "one copy to the fault, one failed copy whose fault-in reaches nothing");
        final Outcome first = run(new PerformWrite(), "none,rw", 0, PAGE, LoopConfig.of(s));
        assertEquals(Verdict.EFAULT, first.verdict());
        assertEquals(0, first.bytes());
    }

    @Test
    void performWriteBefore516DropsTheReadablePrefixOfAChunk() {
        final LoopConfig old = LoopConfig.of(Strategy.PAGE).withEra(KernelEra.PRE_5_16);
        final Outcome o = run(new PerformWrite(), "rw,none,rw", O, 2 * PAGE, old);
        assertEquals(Verdict.EFAULT, o.verdict());
        assertEquals(0, o.bytes());
        assertEquals(PAGE - O, o.possible());
        final Outcome aligned = run(new PerformWrite(), "rw,none,rw", 0, 2 * PAGE, old);
        assertEquals(Verdict.SHORT, aligned.verdict());
        assertEquals(PAGE, aligned.bytes());
    }

    @Test
    void performWriteFrom516To614FaultsInEachChunkFirstAndKeepsTheReadablePrefix() {
        final Outcome now = run(new PerformWrite(), "rw,none,rw", O, 2 * PAGE, LoopConfig.of(Strategy.PAGE));
        assertEquals(1, now.probes(), "v6.15 on: the one fault-in follows the failed copy, one probe at its first byte");
        for (final KernelEra era : new KernelEra[] {KernelEra.V5_16, KernelEra.V5_19}) {
            final Outcome o = run(new PerformWrite(), "rw,none,rw", O, 2 * PAGE,
                    LoopConfig.of(Strategy.PAGE).withEra(era));
            assertEquals(java.util.List.of(Verdict.SHORT, PAGE - O, 2L), java.util.List.of(o.verdict(), o.bytes(),
                    o.rounds()), era.word() + ": the same bytes as today's, in as many rounds");
            // round 1 probes the chunk's first byte and the next page start (which fails: leftover O, not all of
            // the chunk, so the copy goes ahead); round 2's chunk starts on the PROT_NONE page: nothing
            assertEquals(3, o.probes(), era.word() + ": a fault-in before each chunk's copy");
        }
    }

    @Test
    void btrfsSearchLivelocksWithFirstByteAndFailsWithPage() {
        // records of 132 bytes (never a divisor of a page): the first that does not fit in the
        // first page (at 4092 on 4 KiB pages) crosses into the PROT_NONE page
        final long fit = PAGE / REC * REC;
        final Outcome s1 = run(new BtrfsSearch(), "rw,none", 0, 2 * PAGE, LoopConfig.of(Strategy.FIRST_BYTE));
        assertEquals(Verdict.LIVELOCK, s1.verdict());
        assertEquals(fit, s1.bytes());
        assertEquals(1001, s1.rounds(), "one round that copies the records of the first page (one leaf), then 1000"
                + " without progress");
        assertEquals(1000, s1.faultsAfterCleanFaultIn(), "every failed copy follows a fault-in that reported success");
        final Outcome s2 = run(new BtrfsSearch(), "rw,none", 0, 2 * PAGE, LoopConfig.of(Strategy.PAGE));
        assertEquals(Verdict.EFAULT, s2.verdict());
        assertEquals(0, s2.bytes());
        assertEquals(1, s2.rounds());
        assertEquals(fit, s2.possible());
        assertEquals(Verdict.EFAULT, run(new BtrfsSearch(), "rw,none", 0, 2 * PAGE,
                LoopConfig.of(Strategy.GRANULE)).verdict());
    }

    @Test
    void btrfsSearchFillsTheBufferWhenNothingFaults() {
        final Outcome o = run(new BtrfsSearch(), "rw*2", 0, 2 * PAGE, LoopConfig.of(Strategy.PAGE).withRecord(0));
        assertEquals(Verdict.COMPLETE, o.verdict());
        assertEquals(2 * PAGE, o.bytes(), "2 * PAGE / 32 header-only records");
    }

    @Test
    void benignFaultsNeedMoreThanTheFirstByte() {
        final LoopConfig s1 = LoopConfig.of(Strategy.FIRST_BYTE);
        final LoopConfig s2 = LoopConfig.of(Strategy.PAGE);
        assertEquals(Verdict.LIVELOCK, run(new BtrfsSearch(), "rw,zap,rw", O, 2 * PAGE, s1).verdict());
        assertEquals(Verdict.COMPLETE, run(new BtrfsSearch(), "rw,zap,rw", O, 2 * PAGE, s2).verdict());
        final Outcome pw = run(new PerformWrite(), "rw,zap,rw", O, 2 * PAGE, s1);
        assertEquals(Verdict.COMPLETE, pw.verdict());
        assertEquals(4, pw.rounds(), "copy to the zapped page, fault-in, two more chunks");
    }

    @Test
    void dioNeedsTheWholeStraddlingBlockPresent() {
        Needs.populate();
        assertEquals(Verdict.LIVELOCK, run(new DirectIo(), "rw,zap,rw", O, 2 * PAGE,
                LoopConfig.of(Strategy.FIRST_BYTE)).verdict());
        final Outcome dio = run(new DirectIo(), "rw,zap,rw", O, 2 * PAGE, LoopConfig.of(Strategy.PAGE));
        assertEquals(Verdict.COMPLETE, dio.verdict());
        assertEquals(2 * PAGE, dio.bytes());
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void dioStopsOnWholeBlocksAtAnAlignedFault(final Strategy s) {
        Needs.populate();
        Needs.strategy(s);
        final Outcome o = run(new DirectIo(), "rw,none,rw", 0, 2 * PAGE, LoopConfig.of(s));
        assertEquals(Verdict.SHORT, o.verdict());
        assertEquals(PAGE, o.bytes());
    }

    /** The finding: a block straddling into a page that can never be pinned spins every strategy. */
    @ParameterizedTest
    @EnumSource(Strategy.class)
    void dioLivelocksOnABlockStraddlingIntoAPermanentFault(final Strategy s) {
        Needs.populate();
        Needs.strategy(s);
        final Outcome o = run(new DirectIo(), "rw,none,rw", O, 2 * PAGE, LoopConfig.of(s));
        assertEquals(Verdict.LIVELOCK, o.verdict());
        final long whole = (PAGE - O) / BLOCK * BLOCK;
        assertEquals(whole, o.bytes(), "the whole blocks before the PROT_NONE page (none on 4 KiB pages)");
        assertEquals(whole, o.possible());
        final Outcome small = run(new DirectIo(), "rw,none,rw", O, 2 * PAGE, LoopConfig.of(s).withBlock(512));
        assertEquals(Verdict.SHORT, small.verdict());
        assertEquals(PAGE - O, small.bytes());
    }

    /** btrfs's sector size on a default image: the alignment its direct read checks. */
    private static final long SECTOR = LoopConfig.DEFAULT_BLOCK;

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void btrfsDioRetriesOnceAfterProgressThenReadsTheRestBuffered(final Strategy s) {
        Needs.populate();
        Needs.strategy(s);
        final LoopConfig c = LoopConfig.of(s).withBlock(SECTOR);
        final Outcome zap = run(new BtrfsDirectRead(), "rw,zap,rw", 0, 3 * PAGE, c);
        assertEquals(Verdict.COMPLETE, zap.verdict());
        assertEquals(3 * PAGE, zap.bytes());
        assertEquals(2, zap.rounds(), "the pins stop at the zapped page; fault-in brings it back; the retry ends it");
        final Outcome none = run(new BtrfsDirectRead(), "rw,none,rw", 0, 3 * PAGE, c);
        assertEquals(Verdict.SHORT, none.verdict());
        assertEquals(PAGE, none.bytes());
        assertEquals(3, none.rounds(), "direct to the PROT_NONE page, one retry without progress"
                + " (left == prev_left), then filemap_read, which copies nothing more");
        final Outcome first = run(new BtrfsDirectRead(), "none,rw", 0, 2 * PAGE, c);
        assertEquals(Verdict.EFAULT, first.verdict());
        assertEquals(0, first.bytes());
        assertEquals(3, first.rounds());
    }

    @Test
    void btrfsDioReadsAnUnalignedBufferBufferedAndWithFaults() {
        Needs.populate();
        final LoopConfig c = LoopConfig.of(Strategy.GUP).withBlock(SECTOR);
        final Outcome ro = run(new BtrfsDirectRead(), "rw,ro,rw", O, 2 * PAGE, c);
        assertEquals(Verdict.SHORT, ro.verdict());
        assertEquals(PAGE - O, ro.bytes(), "check_direct_read refuses the address; the copy stops at the read-only page");
        assertEquals(1, ro.rounds());
        assertEquals(0, ro.probes(), "filemap_read faults in nothing: its copy takes the faults");
        final Outcome zap = run(new BtrfsDirectRead(), "rw,zap,rw", O, 2 * PAGE, c);
        assertEquals(Verdict.COMPLETE, zap.verdict());
        assertEquals(2 * PAGE, zap.bytes());
        final Outcome tail = run(new BtrfsDirectRead(), "rw*2", 0, PAGE + SECTOR / 2, c);
        assertEquals(Verdict.COMPLETE, tail.verdict(), "a length that is not whole sectors is read buffered");
        assertEquals(1, tail.rounds());
        final Outcome nothing = run(new BtrfsDirectRead(), "none", 0, 0, c);
        assertEquals(Verdict.COMPLETE, nothing.verdict());
        assertEquals(0, nothing.rounds());
    }

    /** gfs2's two read loops over a no-fault copy: buffered (filemap_read) and O_DIRECT of a hole (iov_iter_zero). */
    private static final List<Loop> GFS2_READS = List.of(new Gfs2Read(), new Gfs2DirectHoleRead());

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void gfs2ReadStopsExactlyAtTheFirstUnwritableByte(final Strategy s) {
        Needs.strategy(s);
        for (final Loop l : GFS2_READS) {
            final Outcome o = run(l, "rw,ro,rw", O, 2 * PAGE, LoopConfig.of(s));
            assertEquals(List.of(Verdict.SHORT, PAGE - O), List.of(o.verdict(), o.bytes()), l.name());
            assertEquals(Verdict.COMPLETE, run(l, "rw,zap,rw", O, 2 * PAGE, LoopConfig.of(s)).verdict(), l.name());
            final Outcome none = run(l, "none,rw", 0, 2 * PAGE, LoopConfig.of(s));
            assertEquals(List.of(Verdict.EFAULT, 0L), List.of(none.verdict(), none.bytes()), l.name());
        }
    }

    /**
     * A round that moves nothing, then a fault-in that fails (here: the page becomes PROT_NONE
     * right after the fault-in that made it present): the buffered read returns what earlier
     * rounds read ({@code read ? read : ret}), the direct read the last call's -EFAULT
     * (gfs2_file_direct_read: "User space doesn't expect partial success").
     */
    @Test
    void gfs2DirectReadReturnsTheLastEfaultNotWhatEarlierRoundsRead() {
        final long[] expected = {PAGE, 0};
        for (int i = 0; i < GFS2_READS.size(); i++) {
            final Loop l = GFS2_READS.get(i);
            final ProtectAfterFirstFaultIn hook = new ProtectAfterFirstFaultIn();
            final Outcome o = run(l, "rw,zap", 0, 2 * PAGE, LoopConfig.of(Strategy.PAGE).with(hook, BailRule.BOTH_FAIL));
            assertEquals(List.of(expected[i], 2L, 1L), List.of(o.bytes(), o.rounds(), hook.injections()), l.name()
                    + ": a round to the zapped page, a fault-in, a round that moves nothing, a failed fault-in");
        }
    }

    /** Makes the first faulted-in range PROT_NONE again: a fault between fault-in and copy that stays. */
    private static final class ProtectAfterFirstFaultIn implements FaultHook {
        private long injections;

        @Override
        public void beforeRun(final long addr, final long len) {
        }

        @Override
        public void afterFaultIn(final long addr, final long len) {
            if (injections == 0 && len > 0) {
                final long first = addr & -PAGE;
                dev.faultline.sys.SyscallException.check("mprotect", dev.faultline.sys.Mman.mprotect(first,
                        ((addr + len + PAGE - 1) & -PAGE) - first, dev.faultline.sys.Mman.PROT_NONE), "test hook");
                injections++;
            }
        }

        @Override
        public void afterCopy() {
        }

        @Override
        public long injections() {
            return injections;
        }
    }

    @Test
    void copiesThatTakeFaultsThemselvesNeedNoFaultIn() {
        final Outcome o = run(new BtrfsSearch(), "rw,zap,rw", O, 2 * PAGE,
                LoopConfig.of(Strategy.FIRST_BYTE).withCopy(FileCopy.INSTANCE));
        assertEquals(Verdict.COMPLETE, o.verdict(), "with faults allowed the zapped page is no obstacle");
    }

    @Test
    void shouldRejectSizesTheLoopCannotTake() {
        assertEquals("btrfs-search: --size must hold one record of 132 bytes (32-byte header + --record): size=100 record=100",
                assertThrows(IllegalArgumentException.class,
                        () -> run(new BtrfsSearch(), "rw", 0, 100, LoopConfig.of(Strategy.PAGE))).getMessage());
        assertEquals("dio: --size must be a whole number of --block bytes: size=100 block=" + BLOCK,
                assertThrows(IllegalArgumentException.class,
                        () -> run(new DirectIo(), "rw", 0, 100, LoopConfig.of(Strategy.PAGE))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoopConfig.of(Strategy.PAGE).withBlock(1000));
        assertThrows(IllegalArgumentException.class, () -> LoopConfig.of(Strategy.PAGE).withMaxRounds(0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> run(new PerformWrite(), "rw", 100, PAGE, LoopConfig.of(Strategy.PAGE)));
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void sizeZeroIsCompleteAndDoesNothing(final Strategy s) {
        for (final Loop l : new Loop[] {new PerformWrite(), new DirectIo(), new Gfs2Read()}) {
            final Outcome o = run(l, "none", 0, 0, LoopConfig.of(s));
            assertEquals(Verdict.COMPLETE, o.verdict(), l.name());
            assertEquals(0, o.rounds(), l.name());
        }
    }
    /**
     * Before v5.16 gfs2's buffered read has no retry loop: one faulting copy (the oracle's model on
     * a 5.10 kernel). It stops at the first byte it cannot store, resolves a zapped page, and
     * never calls a fault-in.
     */
    @Test
    void gfs2ReadBefore516IsOneFaultingCopy() {
        final LoopConfig pre = LoopConfig.of(Strategy.PAGE).withEra(KernelEra.PRE_5_16);
        for (final Loop l : GFS2_READS) {
            try (Region r = Region.of("rw,none")) {
                final Outcome o = l.run(r, 0, 2 * PAGE, pre);
                // arm64's clear_user before v5.17 reports nothing stored after any fault: the hole read returns 0
                final boolean allOrNothing = l instanceof Gfs2DirectHoleRead && dev.faultline.sys.Arch.isArm64();
                assertEquals(List.of(allOrNothing ? Verdict.EFAULT : Verdict.SHORT, allOrNothing ? 0 : PAGE, 1L, 0L),
                        List.of(o.verdict(), o.bytes(), o.rounds(), o.probes()), l.name());
            }
            try (Region r = Region.of("rw,zap")) {
                final Outcome o = l.run(r, 0, 2 * PAGE, pre);
                assertEquals(List.of(Verdict.COMPLETE, 2 * PAGE, 1L, 0L), List.of(o.verdict(), o.bytes(), o.rounds(),
                        o.probes()), l.name());
            }
            try (Region r = Region.of("none,rw")) {
                assertEquals(Verdict.EFAULT, l.run(r, 0, 2 * PAGE, pre).verdict(), l.name());
            }
        }
    }

    /**
     * kcore-read with the kernel's own fault-in (GUP): a page per chunk, all or nothing; a zapped
     * page is faulted in and the chunk retried; any fault it cannot resolve fails the whole read,
     * even after earlier chunks were copied.
     */
    @Test
    void kcoreReadIsCompleteOrEfaultNeverShort() {
        Needs.strategy(Strategy.GUP);
        final LoopConfig gup = LoopConfig.of(Strategy.GUP);
        final Outcome all = run(new KcoreRead(), "rw*3", 0, 3 * PAGE, gup);
        assertEquals(List.of(Verdict.COMPLETE, 3 * PAGE, 3L, 0L), List.of(all.verdict(), all.bytes(), all.rounds(),
                all.probes()));
        final Outcome zap = run(new KcoreRead(), "rw,zap,rw", 0, 3 * PAGE, gup);
        assertEquals(List.of(Verdict.COMPLETE, 3 * PAGE, 4L), List.of(zap.verdict(), zap.bytes(), zap.rounds()),
                "the zapped page's chunk: a failed copy, a fault-in, a copy");
        final Outcome unaligned = run(new KcoreRead(), "rw*3", 100, 2 * PAGE, gup);
        assertEquals(List.of(Verdict.COMPLETE, 2 * PAGE, 2L), List.of(unaligned.verdict(), unaligned.bytes(),
                unaligned.rounds()));
        for (final String layout : List.of("rw,none,rw", "rw,ro,rw", "rw,hole,rw", "none,rw,rw")) {
            final Outcome o = run(new KcoreRead(), layout, 0, 3 * PAGE, gup);
            assertEquals(List.of(Verdict.EFAULT, 0L), List.of(o.verdict(), o.bytes()), layout);
            final Outcome old = run(new KcoreRead(false), layout, 0, 3 * PAGE, gup);
            assertEquals(List.of(Verdict.EFAULT, 0L, 0L), List.of(old.verdict(), old.bytes(), old.probes()),
                    "before v6.4: " + layout);
        }
        final Outcome oldZap = run(new KcoreRead(false), "rw,zap,rw", 0, 3 * PAGE, gup);
        assertEquals(List.of(Verdict.COMPLETE, 3 * PAGE, 3L, 0L), List.of(oldZap.verdict(), oldZap.bytes(),
                oldZap.rounds(), oldZap.probes()), "before v6.4 the bounce buffer's copy takes the fault itself");
    }

    /**
     * gfs2-fiemap: all or nothing, restarted from extent 0 after a fault-in of the whole array; the
     * array after a 32-byte header fills the rest of three pages.
     */
    @Test
    void gfs2FiemapRestartsFromTheFirstExtentAndFailsOnAnyUnwritablePage() {
        Needs.strategy(Strategy.GUP);
        final long h = 32;
        final long array = (3 * PAGE - h) / Gfs2Fiemap.EXTENT * Gfs2Fiemap.EXTENT;
        final LoopConfig gup = LoopConfig.of(Strategy.GUP);
        final Outcome all = run(new Gfs2Fiemap(), "rw*3", h, 3 * PAGE - h, gup);
        assertEquals(List.of(Verdict.COMPLETE, array, 1L), List.of(all.verdict(), all.bytes(), all.rounds()));
        final Outcome zap = run(new Gfs2Fiemap(), "rw,zap,rw", h, 3 * PAGE - h, gup);
        assertEquals(List.of(Verdict.COMPLETE, array, 2L, 3L), List.of(zap.verdict(), zap.bytes(), zap.rounds(),
                zap.probes()), "a pass that stops at the zapped page, one fault-in of the array (a GUP probe per"
                + " page of its three), a full pass");
        for (final String layout : List.of("rw,none,rw", "rw,ro,rw", "rw*2,none")) {
            final Outcome o = run(new Gfs2Fiemap(), layout, h, 3 * PAGE - h, gup);
            assertEquals(List.of(Verdict.EFAULT, 0L, 1L), List.of(o.verdict(), o.bytes(), o.rounds()), layout);
        }
        final Outcome old = run(new Gfs2Fiemap(false), "rw,zap,rw", h, 3 * PAGE - h, gup);
        assertEquals(List.of(Verdict.COMPLETE, array, 1L, 0L), List.of(old.verdict(), old.bytes(), old.rounds(),
                old.probes()), "without the retry loop: one faulting pass");
        assertEquals(Verdict.EFAULT, run(new Gfs2Fiemap(false), "rw,none,rw", h, 3 * PAGE - h, gup).verdict());
        assertEquals("gfs2-fiemap: --size must hold one extent of 56 bytes (struct fiemap_extent): size=55",
                assertThrows(IllegalArgumentException.class, () -> run(new Gfs2Fiemap(), "rw", 0, 55, gup)).getMessage());
    }

    /**
     * btrfs-dio-write: an aligned buffer is written direct up to the fault, then the rest buffered,
     * whose whole-chunk fault-in fails: EFAULT, whatever the direct part wrote; an unaligned buffer
     * is written buffered from the start, a chunk at a time (a page of the file position from
     * v6.15, eight pages before).
     */
    @Test
    void btrfsDioWriteFailsTheBufferedRestAndChunksUnalignedWrites() {
        Needs.populate(); // the direct part's GUP pin is MADV_POPULATE_WRITE (5.14+)
        final LoopConfig c = LoopConfig.of(Strategy.PAGE).withBlock(PAGE);
        final Outcome all = run(new BtrfsDirectWrite(), "rw*3", 0, 3 * PAGE, c);
        assertEquals(List.of(Verdict.COMPLETE, 3 * PAGE, 1L), List.of(all.verdict(), all.bytes(), all.rounds()));
        final Outcome zap = run(new BtrfsDirectWrite(), "rw,zap,rw", 0, 3 * PAGE, c);
        assertEquals(List.of(Verdict.COMPLETE, 3 * PAGE, 2L), List.of(zap.verdict(), zap.bytes(), zap.rounds()),
                "a direct round up to the zapped page, a fault-in, a round for the rest");
        final Outcome none = run(new BtrfsDirectWrite(), "rw,none,rw", 0, 3 * PAGE, c);
        assertEquals(List.of(Verdict.EFAULT, 0L), List.of(none.verdict(), none.bytes()));
        final long o = PAGE / 8;
        final Outcome newer = run(new BtrfsDirectWrite(BtrfsDirectWrite.Chunks.PAGE), "rw*2,none,rw", o, 3 * PAGE, c);
        assertEquals(List.of(Verdict.STUCK, PAGE), List.of(newer.verdict(), newer.bytes()),
                "one page of the file position, then a chunk reaching into the PROT_NONE page");
        final Outcome older = run(new BtrfsDirectWrite(BtrfsDirectWrite.Chunks.NRPTRS), "rw*2,none,rw", o, 3 * PAGE, c);
        assertEquals(List.of(Verdict.EFAULT, 0L), List.of(older.verdict(), older.bytes()),
                "one chunk of eight pages holds the whole write and the fault");
        final Outcome folio = run(new BtrfsDirectWrite(BtrfsDirectWrite.Chunks.FOLIO), "rw*2,none,rw", o, 3 * PAGE, c);
        assertEquals(List.of(Verdict.EFAULT, 0L), List.of(folio.verdict(), folio.bytes()),
                "a large folio's chunk holds the whole write and the fault");
        final Outcome later = run(new BtrfsDirectWrite(BtrfsDirectWrite.Chunks.FOLIO), "rw*3,none", o, 2 * PAGE, c);
        assertEquals(List.of(Verdict.COMPLETE, 2 * PAGE), List.of(later.verdict(), later.bytes()),
                "the whole write is readable: one chunk");
    }
}
