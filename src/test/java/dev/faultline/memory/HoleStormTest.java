package dev.faultline.memory;

import dev.faultline.sys.Mman;
import dev.faultline.sys.ScratchFile;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hole stays a hole for as long as the region is used: a region with holes is placed in the
 * gap between mmap_base and the stack, where no mmap without an address lands, and every lease
 * checks its holes before and after. Proved under a {@link MappingStorm}.
 */
class HoleStormTest {
    private static final long PAGE = Unistd.pageSize();
    /**
     * The case: 700 bytes into "rw,hole,rw", 6000 bytes on 4 KiB pages; on any page, the rest
     * of the first page and 1904 bytes of the hole.
     */
    private static final long OFFSET = 700;
    private static final long SIZE = PAGE + 1904;
    private static final int RUNS = 2000;

    @Test
    void theKernelNeverReadsOrWritesAHoleThatAnotherThreadMapped() throws Exception {
        final ScratchFile scratch = ScratchFile.get();
        try (MappingStorm storm = MappingStorm.start()) {
            for (int i = 0; i < RUNS; i++) {
                try (Region r = Region.of("rw,hole,rw")) {
                    assertTrue(r.inStackGap(), () -> r + " is not in the stack gap: " + StackGap.get().why());
                    try (Region.Lease l = r.lease()) {
                        // copy_from_user then copy_to_user across the hole: each stops at its first byte
                        assertEquals(PAGE - OFFSET, scratch.fromUser(r.address(OFFSET, SIZE), SIZE), "run " + i);
                        assertEquals(PAGE - OFFSET, scratch.toUser(r.address(OFFSET, SIZE), SIZE), "run " + i);
                    }
                }
            }
            assertTrue(storm.mappings() > 0, "the storm ran");
            assertEquals(0, storm.placedInGap(), "the kernel placed a mapping of its choice in the gap");
            assertEquals(0, storm.pagesChanged(), "a page of the storm was written by someone else");
        }
    }

    @Test
    void aHoleMappedBeforeTheLeaseIsFound() {
        try (Region r = Region.of("rw,hole,rw")) {
            final long mine = occupy(r.base() + PAGE);
            try {
                final HoleTakenException e = assertThrows(HoleTakenException.class, r::lease);
                assertTrue(e.getMessage().startsWith("hole page 1 (0x" + Long.toHexString(mine) + ")"), e.getMessage());
            } finally {
                Mman.munmap(mine, PAGE);
            }
            r.lease().close(); // the lease that failed was returned: the region leases and closes as before
        }
    }

    @Test
    void aHoleMappedWhileTheLeaseIsHeldIsFoundWhenItIsReturned() {
        try (Region r = Region.of("hole,rw,hole")) {
            final Region.Lease l = r.lease();
            final long mine = occupy(r.base() + 2 * PAGE);
            try {
                final HoleTakenException e = assertThrows(HoleTakenException.class, l::close);
                assertTrue(e.getMessage().startsWith("hole page 2 "), e.getMessage());
                l.close(); // counted once
            } finally {
                Mman.munmap(mine, PAGE);
            }
        }
    }

    @Test
    void theKernelShapedFaultInFindsATakenHoleBeforeItProbes() {
        try (Region r = Region.of("rw,hole,rw")) {
            final long mine = occupy(r.base() + PAGE);
            final java.lang.foreign.MemorySegment page = java.lang.foreign.MemorySegment.ofAddress(mine).reinterpret(PAGE);
            page.fill((byte) 0x5a); // our own mapping, read and write: safe to touch from Java
            try {
                assertThrows(HoleTakenException.class, () -> dev.faultline.faultin.FaultIn.faultInWriteable(r, 0, 3 * PAGE));
                assertThrows(HoleTakenException.class, () -> dev.faultline.faultin.FaultIn.faultInReadable(r, 0, 3 * PAGE));
                assertEquals(0x5a, page.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0), "the write probe stored into the taken hole");
            } finally {
                Mman.munmap(mine, PAGE);
            }
            // the hole a hole again: probes at 0 and PAGE, the hole's start fails, the rest is left over
            assertEquals(2 * PAGE, dev.faultline.faultin.FaultIn.faultInWriteable(r, 0, 3 * PAGE));
        }
    }

    private static long occupy(final long hole) {
        final long a = Mman.mmap(hole, PAGE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED_NOREPLACE, -1, 0);
        assertEquals(hole, a, "mapped on purpose at the hole's address");
        return a;
    }

    @Test
    void theGapLiesBetweenTheHighestMappingAndTheStacksReach(@TempDir final Path dir) throws Exception {
        final long stackEnd = 0x7ffd_0000_0000L;
        final long stackStart = stackEnd - (132L << 10);
        final long highest = 0x7f00_0000_0000L;
        final Path maps = Files.writeString(dir.resolve("maps"), String.join("\n",
                "555555554000-555555556000 r-xp 00000000 00:00 0 /usr/bin/java",
                Long.toHexString(highest - (1L << 20)) + "-" + Long.toHexString(highest) + " r-xp 0 00:00 0 /lib/ld.so",
                Long.toHexString(stackStart) + "-" + Long.toHexString(stackEnd) + " rw-p 0 00:00 0 [stack]",
                Long.toHexString(stackEnd + (1L << 20)) + "-" + Long.toHexString(stackEnd + (1L << 21))
                        + " r-xp 0 00:00 0 [vdso]"));
        final Path limits = Files.writeString(dir.resolve("limits"),
                "Limit                     Soft Limit           Hard Limit           Units\n"
                        + "Max stack size            8388608              unlimited            bytes\n");
        final Path noLegacy = Files.writeString(dir.resolve("legacy"), "0\n");
        final StackGap g = StackGap.find(maps, limits, noLegacy);
        assertEquals(highest + StackGap.MARGIN, g.low());
        assertEquals(Math.min(stackEnd - 8388608 - StackGap.STACK_GUARD, g.low() + StackGap.MAX_WINDOW), g.high());

        final Path unlimited = Files.writeString(dir.resolve("unlimited"),
                "Max stack size            unlimited            unlimited            bytes\n");
        final StackGap legacy = StackGap.find(maps, unlimited, noLegacy);
        assertEquals(stackStart - StackGap.STACK_GUARD - StackGap.LEGACY_DEPTH, legacy.high());
        assertEquals("legacy layout (bottom-up)", legacy.why());

        final Path noStack = Files.writeString(dir.resolve("nostack"), "555555554000-555555556000 r-xp 0 00:00 0 x\n");
        final StackGap none = StackGap.find(noStack, limits, noLegacy);
        assertEquals(0, none.reserve(PAGE), "no gap, no reservation: the region is placed where the kernel chooses");
    }
}
