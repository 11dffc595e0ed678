package dev.faultline.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cases of one file system. Faults: a PROT_NONE page, a hole, a guard page (where the kernel
 * has MADV_GUARD_INSTALL), a read-only page (where the kernel stores to the buffer), a zapped page
 * of a shared mapping and a buffer paged out to its file on a disk file system (benign faults: every
 * byte must land), and with MTE one mismatched granule at
 * a page start, mid-page, just before a page end, and at the request's first byte. Each fault sits
 * at the start of the buffer's second page, or where its mark says; the request starts at several
 * offsets of the first page (so the fault falls at several offsets of the request) and runs to the
 * end of the three-page buffer. Direct cases keep offsets and sizes in whole {@link ScanMode#SECTOR}s.
 * A futex word sits at the fault itself. A signal frame's FPU state sits across the fault so that
 * only the no-fault XRSTOR or XSAVE meets it (arch/x86/kernel/fpu/signal.c): for rt_sigreturn its first
 * {@value #FRAME_BEFORE} bytes (the legacy area before the software header) at the end of the second
 * page and the rest in the third (the kernel reads the header and the end marker first, with faults
 * allowed); for the frame the kernel saves, its first {@value #SAVE_BEFORE} bytes (the legacy area and
 * the xsave header, which the kernel clears first, with faults allowed) at the end of the first page
 * and the AVX state on in the second, the rest of the frame below it. The short form takes one buffered offset and
 * two direct ones (page- and sector-aligned), the private buffer and {@link #SHORT_CALLS}.
 */
public final class ScanCases {
    /**
     * The calls of the short form: each way into the kernel once per direction (the positional,
     * the vectored and io_uring's; read/write and readv/writev take the same paths as their
     * positional forms), and every call that is not a file's read or write.
     */
    public static final Set<ScanCall> SHORT_CALLS = java.util.Collections.unmodifiableSet(shortCalls());
    /** Where a signal frame starts: this many bytes before the buffer's third page (a 64-byte multiple, XRSTOR's rule). */
    public static final long FRAME_BEFORE = 448;
    /** Where the state a signal's delivery saves starts: this many bytes before the buffer's second page. */
    public static final long SAVE_BEFORE = 576;

    private ScanCases() {
    }

    private static Set<ScanCall> shortCalls() {
        final Set<ScanCall> s = java.util.EnumSet.of(ScanCall.PREAD, ScanCall.PWRITE, ScanCall.PREADV2,
                ScanCall.PWRITEV2, ScanCall.IO_URING_READ, ScanCall.IO_URING_WRITE);
        for (final ScanCall c : ScanCall.values()) {
            if (c.where() != ScanCall.Where.FILE) {
                s.add(c);
            }
        }
        return s;
    }

    /**
     * What to generate.
     *
     * @param calls     the calls
     * @param shortForm whether the short form runs
     * @param mte       whether MTE marks are made
     * @param guard     whether guard pages are made
     * @param frame     the bytes of the FPU state rt_sigreturn restores on this machine (0: no sigreturn cases)
     */
    public record Plan(Set<ScanCall> calls, boolean shortForm, boolean mte, boolean guard, long frame) {
    }

    /**
     * @param fs   the file system, or {@link ScanCall#NO_FS} (tmpfs takes tag-checked file backings: it is RAM-backed)
     * @param page the page size
     * @return the cases, in a stable order
     */
    public static List<ScanCase> of(final String fs, final Plan plan, final long page) {
        final List<ScanCase> out = new ArrayList<>();
        final boolean ram = fs.equals("tmpfs") || fs.equals(ScanCall.NO_FS);
        // reads first: a write that never returns may hold the inode lock and a CPU for good
        final List<ScanCall> calls = java.util.Arrays.stream(ScanCall.values())
                .filter(c -> plan.calls().contains(c) && c.runsOn(fs))
                .filter(c -> c.shape() != ScanCall.Shape.FRAME || plan.frame() > 0 && plan.frame() <= page + FRAME_BEFORE)
                .sorted(java.util.Comparator.comparing(ScanCall::writes)).toList();
        for (final ScanCall call : calls) {
            for (final ScanMode mode : ScanMode.values()) {
                if (mode == ScanMode.NOCOW && !(call.writes() && fs.equals("btrfs"))) {
                    continue; // NOCOW is btrfs's per-file switch, and it changes only where a write goes
                }
                if (mode == ScanMode.COMPRESSED && !(call.writes() && fs.startsWith("ntfs") && call.takesDirect())) {
                    continue; // ntfs3's and 7.3 ntfs's compressed files have a write loop of their own (ntfs_compress_write)
                }
                if (mode != ScanMode.BUFFERED && !call.takesDirect()) {
                    continue; // an ioctl, a futex, a signal frame: no O_DIRECT
                }
                for (final long offset : offsets(call, mode, plan.shortForm(), page)) {
                    for (final String layout : layouts(call, plan, page, offset)) {
                        for (final BufferBacking b : backings(plan.shortForm())) {
                            if (b == BufferBacking.FILE && layout.contains("~") && !ram) {
                                continue; // PROT_MTE needs RAM-backed memory: a disk file's mapping refuses it
                            }
                            if (b == BufferBacking.PAGEDOUT) {
                                continue; // its own cases, below
                            }
                            final long at = call.shape() == ScanCall.Shape.WORD ? faultAt(layout, page) : offset;
                            out.add(new ScanCase(fs, call, mode, b, layout, at, size(call, plan, page, at)));
                        }
                    }
                    // a buffer paged out to its file on this disk: every page a benign major fault, every byte lands
                    if (!ram && call.where() != ScanCall.Where.NO_FS) {
                        for (final String layout : plan.shortForm() ? List.of("rw,rw,rw") : List.of("rw,rw,rw", "rw,none,rw")) {
                            out.add(new ScanCase(fs, call, mode, BufferBacking.PAGEDOUT, layout, offset,
                                    size(call, plan, page, offset)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** @return the request's length: to the end of the three-page buffer, in whole records, a word, or a frame */
    private static long size(final ScanCall call, final Plan plan, final long page, final long offset) {
        return switch (call.shape()) {
            case WORD -> ScanCall.WORD;
            case FRAME -> plan.frame();
            case RECORDS -> call.possible(3 * page - offset, 3 * page - offset, page);
            case BYTES -> 3 * page - offset;
        };
    }

    /** @return the first byte of the layout that is not a plain rw byte: a page of another kind, or a mark */
    static long faultAt(final String layout, final long page) {
        final dev.faultline.memory.Layout l = dev.faultline.memory.Layout.parse(layout, page);
        for (int i = 0; i < l.size(); i++) {
            if (l.kind(i) != dev.faultline.memory.PageKind.RW) {
                return i * page;
            }
            if (!l.pages().get(i).marks().isEmpty()) {
                return i * page + l.pages().get(i).marks().get(0).start();
            }
        }
        throw new IllegalArgumentException("a futex case needs a fault in its layout: " + layout);
    }

    private static long[] offsets(final ScanCall call, final ScanMode mode, final boolean shortForm, final long page) {
        if (call.shape() == ScanCall.Shape.WORD) {
            return new long[] {0}; // the word sits at the fault: one position per layout
        }
        if (call == ScanCall.SIGFRAME) { // the rest of the frame and the handler's stack go below the request
            return new long[] {page - SAVE_BEFORE};
        }
        if (call.shape() == ScanCall.Shape.FRAME) {
            return shortForm ? new long[] {2 * page - FRAME_BEFORE} : new long[] {0, 2 * page - FRAME_BEFORE};
        }
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
            if (call.shape() != ScanCall.Shape.WORD) { // a word's request starts at its fault already
                l.add("rw~" + (offset & ~15L) + "+16,rw,rw");
            }
        }
        return l;
    }
}
