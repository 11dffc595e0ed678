package dev.faultline.memory;

import dev.faultline.sys.KernelFeatures;
import dev.faultline.sys.Mman;
import dev.faultline.sys.ScratchFile;
import dev.faultline.sys.Vm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Measures a region's access through the kernel, never from Java: {@code gup}
 * (process_vm_readv of the first byte; MADV_POPULATE_WRITE of the page: the page-table walk,
 * VMA permissions exactly, MTE tag-blind) and {@code uaccess} (pwrite from / pread into the
 * first byte through a memfd: the CPU's own access under copy_{from,to}_user, tag-checked).
 * Before Linux 5.14 (no MADV_POPULATE_WRITE) the gup write column is process_vm_writev of the
 * first byte instead: the same GUP walk with FOLL_WRITE, storing back the byte that was there.
 */
final class Measurement {
    private Measurement() {
    }

    /**
     * Non-destructive: the uaccess write stores back the byte it read, or the fill pattern where
     * nothing can read it. Side effect: pages that can be populated become present (a zap page is
     * faulted back in).
     */
    static MeasuredMaps maps(final Region region) {
        final boolean populate = KernelFeatures.populate();
        final long page = region.pageSize();
        try (Region.Lease l = region.lease(); Arena arena = Arena.ofConfined()) {
            final MemorySegment one = arena.allocate(1);
            final ScratchFile scratch = ScratchFile.get();
            final List<Access> gup = new ArrayList<>(region.pages());
            final List<Access> ua = new ArrayList<>(region.pages());
            for (int i = 0; i < region.pages(); i++) {
                final long addr = region.base() + i * page;
                final boolean gupRead = Vm.read(addr, one, 1) == 1;
                final boolean gupWrite = populate ? Mman.madvise(addr, page, Mman.MADV_POPULATE_WRITE) == 0
                        : Vm.write(addr, byteThere(one, gupRead, scratch, addr, i * page), 1) == 1;
                final boolean uaRead = scratch.fromUser(addr, 1) == 1;
                if (!uaRead) {
                    one.set(JAVA_BYTE, 0, gupRead ? one.get(JAVA_BYTE, 0) : Region.patternByte(i * page));
                    scratch.load(one, 1);
                }
                final boolean uaWrite = scratch.toUser(addr, 1) == 1;
                gup.add(new Access(gupRead, gupWrite));
                ua.add(new Access(uaRead, uaWrite));
            }
            return new MeasuredMaps(new AccessMap("gup", gup), new AccessMap("uaccess", ua));
        }
    }

    /**
     * The byte at {@code addr}, into {@code one}, for a write that must not change it: what GUP
     * read, else what the CPU reads under uaccess, else the fill pattern.
     */
    private static MemorySegment byteThere(final MemorySegment one, final boolean gupRead, final ScratchFile scratch,
                                           final long addr, final long offset) {
        if (!gupRead) {
            if (scratch.fromUser(addr, 1) == 1) {
                scratch.unload(one, 1);
            } else {
                one.set(JAVA_BYTE, 0, Region.patternByte(offset));
            }
        }
        return one;
    }

    /** One character per granule of a page: {@code #} a one-byte copy_from_user succeeds, {@code x} not. */
    static String granules(final Region region, final int pageIndex) {
        final long page = region.pageSize();
        try (Region.Lease l = region.lease()) {
            final ScratchFile scratch = ScratchFile.get();
            final StringBuilder b = new StringBuilder();
            for (long g = 0; g < page; g += TagMark.GRANULE) {
                b.append(scratch.fromUser(region.base() + pageIndex * page + g, 1) == 1 ? '#' : 'x');
            }
            return b.toString();
        }
    }
}
