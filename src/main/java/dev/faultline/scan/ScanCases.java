package dev.faultline.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cases of one file system. Faults: a PROT_NONE page, a hole, a guard page (where the kernel
 * has MADV_GUARD_INSTALL), a read-only page (reads into it), a zapped page of a shared mapping (a
 * benign fault: every byte must land), and with MTE one mismatched granule at a page start,
 * mid-page, just before a page end, and at the request's first byte. Each fault sits at the
 * start of the buffer's second page, or where its mark says; the request starts at several
 * offsets of the first page (so the fault falls at several offsets of the request) and runs to
 * the end of the three-page buffer. Direct cases keep offsets and sizes in whole
 * {@link ScanMode#SECTOR}s. The short form takes one buffered offset and two direct ones (page- and
 * sector-aligned), the private buffer and {@link #SHORT_CALLS}.
 */
public final class ScanCases {
    /**
     * The calls of the short form: each way into the kernel once per direction (the positional,
     * the vectored and io_uring's); read/write and readv/writev take the same paths as their
     * positional forms.
     */
    public static final java.util.Set<ScanCall> SHORT_CALLS = java.util.Set.of(ScanCall.PREAD, ScanCall.PWRITE,
            ScanCall.PREADV2, ScanCall.PWRITEV2, ScanCall.IO_URING_READ, ScanCall.IO_URING_WRITE);

    private ScanCases() {
    }

    /** What to generate. */
    public record Plan(Set<ScanCall> calls, boolean shortForm, boolean mte, boolean guard) {
    }

    /**
     * @param fs   the file system (tmpfs takes tag-checked file backings: it is RAM-backed)
     * @param page the page size
     * @return the cases, in a stable order
     */
    public static List<ScanCase> of(final String fs, final Plan plan, final long page) {
        final List<ScanCase> out = new ArrayList<>();
        // reads first: a write that never returns may hold the inode lock and a CPU for good
        final List<ScanCall> calls = java.util.Arrays.stream(ScanCall.values())
                .filter(c -> plan.calls().contains(c))
                .sorted(java.util.Comparator.comparing(ScanCall::writes)).toList();
        for (final ScanCall call : calls) {
            for (final ScanMode mode : ScanMode.values()) {
                if (mode == ScanMode.NOCOW && !(call.writes() && fs.equals("btrfs"))) {
                    continue; // NOCOW is btrfs's per-file switch, and it changes only where a write goes
                }
                if (call.records() && mode != ScanMode.BUFFERED) {
                    continue; // an ioctl: no O_DIRECT
                }
                for (final long offset : offsets(mode, plan.shortForm(), page)) {
                    for (final String layout : layouts(call, plan, page, offset)) {
                        for (final BufferBacking b : backings(plan.shortForm())) {
                            if (b == BufferBacking.FILE && layout.contains("~") && !fs.equals("tmpfs")) {
                                continue; // PROT_MTE needs RAM-backed memory: a disk file's mapping refuses it
                            }
                            // a call of records asks for the header and as many whole records as fit
                            final long size = call.records() ? call.wholeRecords(3 * page - offset) : 3 * page - offset;
                            out.add(new ScanCase(fs, call, mode, b, layout, offset, size));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static long[] offsets(final ScanMode mode, final boolean shortForm, final long page) {
        if (mode.direct()) {
            // the short form keeps both alignments: a page-aligned request (what btrfs takes as direct I/O)
            // and a sector-aligned one (what ext4 takes as unaligned direct I/O)
            return shortForm ? new long[] {0, ScanMode.SECTOR} : new long[] {0, ScanMode.SECTOR, page - ScanMode.SECTOR};
        }
        return shortForm ? new long[] {700} : new long[] {0, 700, page - 100};
    }

    private static List<BufferBacking> backings(final boolean shortForm) {
        return shortForm ? List.of(BufferBacking.PRIVATE) : List.of(BufferBacking.values());
    }

    private static List<String> layouts(final ScanCall call, final Plan plan, final long page, final long offset) {
        final List<String> l = new ArrayList<>(List.of("rw,none,rw", "rw,hole,rw"));
        if (plan.guard()) {
            l.add("rw,guard,rw");
        }
        if (!call.writes()) {
            l.add("rw,ro,rw");
        }
        l.add("rw,zap,rw");
        if (plan.mte()) {
            l.add("rw,rw~0+16,rw");
            l.add("rw,rw~" + page / 2 + "+16,rw");
            l.add("rw,rw~" + (page - 16) + "+16,rw");
            l.add("rw~" + (offset & ~15L) + "+16,rw,rw");
        }
        return l;
    }
}
