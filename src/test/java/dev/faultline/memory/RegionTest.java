package dev.faultline.memory;

import dev.faultline.sys.Mman;
import dev.faultline.uaccess.CopyResult;
import dev.faultline.uaccess.FileCopy;
import dev.faultline.uaccess.UserCopies;
import dev.faultline.uaccess.VmCopy;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionTest {
    private static final long PAGE = Unistd.pageSize();
    /** include/uapi/asm-generic/mman-common.h: MAP_FIXED_NOREPLACE. */
    private static final int MAP_FIXED_NOREPLACE = 0x100000;

    @ParameterizedTest
    @EnumSource(Backing.class)
    void shouldMeasureWhatTheLayoutPromisesOnAnyKernel(final Backing backing) {
        try (Region r = Region.of("rw*2,none,ro,wo,hole,zap,rw", backing)) {
            final MeasuredMaps m = r.measure();
            assertEquals("##.rw.##", r.expectedMap().line());
            assertEquals("##.rw.##", m.gup().line(), "GUP honours VMA permissions exactly");
            assertEquals("##.r#.##", m.uaccess().line(), "the x86 CPU reads a PROT_WRITE-only page");
            assertEquals(List.of(), r.expectedMap().mismatches(m.gup()));
        }
    }

    @ParameterizedTest
    @EnumSource(Backing.class)
    void shouldMeasureWhatTheLayoutPromises(final Backing backing) {
        if (backing == Backing.ANON) {
            dev.faultline.sys.Needs.guard();
        } else {
            dev.faultline.sys.Needs.sharedGuard();
        }
        try (Region r = Region.of("rw*2,none,ro,wo,hole,guard,zap,rw", backing)) {
            final MeasuredMaps m = r.measure();
            assertEquals("##.rw..##", r.expectedMap().line());
            assertEquals("##.rw..##", m.gup().line(), "GUP honours VMA permissions exactly");
            assertEquals("##.r#..##", m.uaccess().line(), "the x86 CPU reads a PROT_WRITE-only page");
            assertEquals(List.of(), r.expectedMap().mismatches(m.gup()));
        }
    }

    @Test
    void shouldFillWithThePatternAndKeepZapData() {
        try (Region r = Region.of("rw,zap")) {
            final CopyResult c = UserCopies.fromUser(VmCopy.INSTANCE, r, PAGE - 2, 4);
            assertEquals(0, c.notCopied());
            assertArrayEquals(new byte[] {Region.patternByte(PAGE - 2), Region.patternByte(PAGE - 1),
                    Region.patternByte(PAGE), Region.patternByte(PAGE + 1)}, c.data());
        }
    }

    @Test
    void shouldRefuseEveryUseAfterClose() {
        final Region r = Region.of("rw");
        r.close();
        r.close();
        assertTrue(r.isClosed());
        assertThrows(RegionClosedException.class, r::base);
        assertThrows(RegionClosedException.class, r::lease);
        assertThrows(RegionClosedException.class, r::measure);
        final RegionClosedException e = assertThrows(RegionClosedException.class,
                () -> UserCopies.fromUser(FileCopy.INSTANCE, r, 0, 1));
        assertTrue(e.getMessage().startsWith("region is closed: Region[rw, anon, 1 pages at 0x"), e.getMessage());
    }

    @Test
    void shouldRejectRangesOutsideTheRegion() {
        try (Region r = Region.of("rw*2")) {
            assertEquals("range outside the region: offset=-1 size=1 regionSize=" + 2 * PAGE,
                    assertThrows(IndexOutOfBoundsException.class, () -> r.address(-1, 1)).getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> r.address(0, -1));
            assertThrows(IndexOutOfBoundsException.class, () -> r.address(1, 2 * PAGE));
            assertThrows(IndexOutOfBoundsException.class, () -> r.address(PAGE, Long.MAX_VALUE));
            assertEquals(r.base() + 2 * PAGE, r.address(2 * PAGE, 0), "an empty range at the end is valid");
        }
    }

    @Test
    void shouldRefuseZeroPages() {
        assertThrows(LayoutException.class, () -> Region.of(""));
    }

    @Test
    void shouldLeaveNothingMappedWhenTheMachineCannotBuildIt() {
        final long fds = ProcSelf.regionFds();
        final long mapped = ProcSelf.regionMappings();
        final String layout = "rw,none,".repeat(35_000) + "rw";
        // untouched: the mappings are what runs out, and writing 70,001 pages first (1.1 GiB on 16 KiB
        // pages, tagged under MTE) only makes the test slow in the emulated machine
        final LayoutException e = assertThrows(LayoutException.class,
                () -> Region.untouched(Layout.parse(layout, Unistd.pageSize()), Backing.MEMFD, null));
        assertTrue(e.getMessage().contains("mprotect(PROT_NONE) said ENOMEM(12): too many memory mappings for"
                + " vm.max_map_count"), e.getMessage());
        assertEquals(mapped, ProcSelf.regionMappings(), "no partial mapping of the region's memfd left behind");
        assertEquals(fds, ProcSelf.regionFds(), "no memfd left behind");
    }

    /**
     * 10,000 create/close cycles. The kernel is asked, exactly: /proc/self/maps has no line
     * inside any range a region reserved, and no region memfd is open. (The total line count
     * of /proc/self/maps is printed, not asserted: the JVM maps and unmaps on its own.)
     */
    @Test
    void shouldNotLeakOverTenThousandCycles() {
        final java.util.List<long[]> ranges = new java.util.ArrayList<>();
        final long fds = ProcSelf.regionFds();
        try (Region live = Region.of("rw", Backing.MEMFD)) {
            assertEquals(fds + 1, ProcSelf.regionFds(), "a memfd region holds one fd while it lives");
        }
        final Backing[] backings = Backing.values();
        for (int i = 0; i < 10_000; i++) {
            final Region r = Region.of(i % 2 == 0 ? "rw,none" : "zap,hole", backings[i % 3]);
            ranges.add(new long[] {r.base(), r.size()});
            r.close();
        }
        assertEquals(0, ProcSelf.linesInside(ranges), "mappings left inside " + ranges.size() + " reserved ranges");
        assertEquals(fds, ProcSelf.regionFds(), "open region fds");
    }

    @Test
    void shouldWaitForCopiesBeforeUnmapping() throws Exception {
        int sentinels = 0;
        for (int round = 0; round < 20; round++) {
            final Region r = Region.of("rw*16");
            final long base = r.base();
            final CountDownLatch started = new CountDownLatch(4);
            final AtomicReference<Throwable> unexpected = new AtomicReference<>();
            final AtomicLong completed = new AtomicLong();
            final AtomicLong refused = new AtomicLong();
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final boolean write = t % 2 == 0;
                threads.add(Thread.ofPlatform().start(() -> {
                    started.countDown();
                    try {
                        while (true) {
                            final CopyResult c = write
                                    ? UserCopies.toUser(VmCopy.INSTANCE, r, 0, new byte[(int) (16 * PAGE)])
                                    : UserCopies.fromUser(FileCopy.INSTANCE, r, 0, 16 * PAGE);
                            if (c.notCopied() != 0) {
                                throw new AssertionError("copy into a live region came up short: " + c.notCopied());
                            }
                            completed.incrementAndGet();
                        }
                    } catch (RegionClosedException e) {
                        refused.incrementAndGet();
                    } catch (Throwable e) {
                        unexpected.compareAndSet(null, e);
                    }
                }));
            }
            started.await();
            Thread.sleep(2);
            r.close();
            // the kernel may hand the addresses out again: take them, and prove no late copy lands there
            final long sentinel = Mman.mmap(base, 16 * PAGE, Mman.PROT_READ | Mman.PROT_WRITE,
                    Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
            final boolean haveSentinel = sentinel == base;
            sentinels += haveSentinel ? 1 : 0;
            final byte[] marks = new byte[(int) (16 * PAGE)];
            java.util.Arrays.fill(marks, (byte) 0x77);
            if (haveSentinel) {
                try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
                    final java.lang.foreign.MemorySegment s = a.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, marks);
                    assertEquals(marks.length, dev.faultline.sys.Vm.write(base, s, marks.length));
                }
            }
            for (final Thread t : threads) {
                t.join();
            }
            assertNull(unexpected.get());
            assertEquals(4, refused.get(), "every thread ends with a clear closed-region error");
            if (haveSentinel) {
                try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
                    final java.lang.foreign.MemorySegment s = a.allocate(marks.length);
                    assertEquals(marks.length, dev.faultline.sys.Vm.read(base, s, marks.length));
                    assertArrayEquals(marks, s.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                            "a copy reached the addresses after their region was unmapped");
                } finally {
                    Mman.munmap(base, 16 * PAGE);
                }
            } else if (sentinel > 0) {
                Mman.munmap(sentinel, 16 * PAGE);
            }
        }
        // the check above needs the addresses back: without a single sentinel it proved nothing
        assertTrue(sentinels > 0, "no round could map the freed addresses again (MAP_FIXED_NOREPLACE)");
    }

    @Test
    void shouldRefuseCloseInsideALease() {
        try (Region r = Region.of("rw")) {
            try (Region.Lease l = r.lease()) {
                assertThrows(IllegalStateException.class, r::close);
            }
        }
    }

    /**
     * A lease closed twice counts once: with a second lease still held, close() from another
     * thread waits for it, and the region stays mapped (its pages still answer GUP) until the
     * held lease is returned.
     */
    @Test
    void shouldCountALeaseClosedTwiceOnce() throws Exception {
        final Region r = Region.of("rw");
        final Region.Lease first = r.lease();
        final Region.Lease held = r.lease();
        final long addr = r.address(0, 1);
        assertNotSame(first, held, "each lease is its own object");
        first.close();
        first.close();
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        final Thread closer = new Thread(() -> {
            started.countDown();
            r.close();
        }, "region-closer");
        closer.start();
        started.await();
        try {
            closer.join(500);
            assertTrue(closer.isAlive(), "close() waits while a lease is held");
            assertEquals(1, dev.faultline.sys.Vm.read(addr, java.lang.foreign.Arena.ofAuto().allocate(1), 1),
                    "the page is still mapped while the lease is held");
        } finally {
            held.close();
        }
        closer.join(10_000);
        assertFalse(closer.isAlive(), "close() returns once the held lease is returned");
        assertTrue(r.isClosed());
    }
}
