package dev.faultline.memory;

import dev.faultline.race.Injector;
import dev.faultline.race.InjectorKind;
import dev.faultline.sys.Mman;
import dev.faultline.sys.Unistd;
import dev.faultline.sys.Vm;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A hole of a region is the kernel's again once the region is built: the next mmap of any thread
 * may be placed there (the JVM's own, Faultline's raw syscall stub). Nothing the region does
 * later may reach it: not its close, not an injector's madvise over a range across the hole.
 * Each case places a page of its own in the hole, with a byte in it, and reads it back after.
 */
class HoleReuseTest {
    private static final long PAGE = Unistd.pageSize();
    private static final byte MINE = 0x5a;

    /** Maps a page at exactly {@code hole} and writes {@link #MINE} into it. */
    private static long occupy(final long hole) {
        final long a = Mman.mmap(hole, PAGE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED_NOREPLACE, -1, 0);
        assertEquals(hole, a, "the hole is free for the next mmap");
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment b = arena.allocate(1);
            b.set(JAVA_BYTE, 0, MINE);
            assertEquals(1, Vm.write(hole, b, 1));
        }
        return a;
    }

    /** @return the byte at {@code addr}, or -errno when the page is gone */
    private static long byteAt(final long addr) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment b = arena.allocate(1);
            final long n = Vm.read(addr, b, 1);
            return n == 1 ? b.get(JAVA_BYTE, 0) : n;
        }
    }

    @Test
    void closeLeavesWhatWasMappedInAHole() {
        final Region r = Region.of("rw,hole,rw", Backing.ANON);
        final long hole = r.base() + PAGE;
        final long mine = occupy(hole);
        try {
            r.close();
            assertEquals(MINE, byteAt(mine));
        } finally {
            Mman.munmap(mine, PAGE);
        }
    }

    @Test
    void aZapAcrossAHoleLeavesWhatWasMappedThere() {
        try (Region r = Region.of("rw,hole,rw", Backing.MEMFD)) {
            final long mine = occupy(r.base() + PAGE);
            try {
                final Injector zap = new Injector(InjectorKind.ZAP, r, 1.0, 1);
                zap.afterFaultIn(r.base(), 3 * PAGE);
                assertEquals(1, zap.injections());
                assertEquals(MINE, byteAt(mine));
                assertEquals(Region.patternByte(0), byteAt(r.base()), "the region's own page: zapped, its memfd keeps"
                        + " the data");
            } finally {
                Mman.munmap(mine, PAGE);
            }
        }
    }
}
