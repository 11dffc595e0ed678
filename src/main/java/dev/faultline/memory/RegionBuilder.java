package dev.faultline.memory;

import dev.faultline.sys.Errno;
import dev.faultline.sys.KernelFeatures;
import dev.faultline.sys.Mman;
import dev.faultline.sys.Unistd;
import dev.faultline.sys.Vm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Builds the pages of a {@link Region} inside its reservation: map them all read+write from
 * the backing (MAP_FIXED over the reservation); map {@code zap} pages of a non-memfd region
 * from a memfd of their own (they need a file behind them to keep data); fill every page with
 * {@link Region#patternByte(long)} through process_vm_writev; give MTE marks their tags; then
 * turn each run of equal kinds into what it is (mprotect, munmap, MADV_GUARD_INSTALL,
 * MADV_DONTNEED). A failure throws a {@link LayoutException} that says why; the caller unmaps.
 * Every address it is given must be page aligned.
 */
final class RegionBuilder {
    private static final long FILL_CHUNK = 1 << 20;

    private final Layout layout;
    private final Backing backing;
    private final Tagging tagging;
    private final long base;
    private final long page;
    private final long size;
    private final int protMte;
    private final List<Integer> fds;

    RegionBuilder(final Layout layout, final Backing backing, final Tagging tagging, final long base,
                  final long page, final List<Integer> fds) {
        this.layout = layout;
        this.backing = backing;
        this.tagging = tagging;
        this.base = base;
        this.page = page;
        this.size = layout.size() * page;
        this.protMte = tagging == null ? 0 : tagging.protMte();
        this.fds = fds;
    }

    void build(final boolean touched) {
        final int rw = Mman.PROT_READ | Mman.PROT_WRITE | protMte;
        final long all = switch (backing) {
            case ANON -> Mman.mmap(base, size, rw, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED, -1, 0);
            case SHARED -> Mman.mmap(base, size, rw, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED, -1, 0);
            case MEMFD -> Mman.mmap(base, size, rw, Mman.MAP_SHARED | Mman.MAP_FIXED, memfd("faultline-region"), 0);
        };
        fail(all, "mmap", 0);
        if (backing != Backing.MEMFD && layout.pages().stream().anyMatch(p -> p.kind() == PageKind.ZAP)) {
            final int zapFd = memfd("faultline-zap");
            forEachRun((kind, first, count) -> {
                if (kind == PageKind.ZAP) {
                    fail(Mman.mmap(base + first * page, count * page, rw, Mman.MAP_SHARED | Mman.MAP_FIXED, zapFd,
                            first * page), "mmap of zap page", first);
                }
            });
        }
        if (touched) {
            fill();
        }
        if (tagging != null) {
            for (int i = 0; i < layout.size(); i++) {
                for (final TagMark m : layout.pages().get(i).marks()) {
                    tagging.setTags(base + i * page + m.start(), m.length(), tagging.markTag());
                }
            }
        }
        forEachRun(this::shape);
    }

    private int memfd(final String name) {
        try (Arena arena = Arena.ofConfined()) {
            final long fd = Mman.memfdCreate(arena.allocateFrom(name).address(), Mman.MFD_CLOEXEC);
            fail(fd, "memfd_create", 0);
            fds.add((int) fd);
            fail(Unistd.ftruncate((int) fd, size), "ftruncate", 0);
            return (int) fd;
        }
    }

    private void fail(final long result, final String what, final int pageIndex) {
        if (result >= 0) {
            return;
        }
        final int errno = (int) -result;
        String why = what + " said " + Errno.describe(errno);
        if (errno == Errno.ENOMEM.number() && (what.startsWith("mprotect") || what.startsWith("mmap"))) {
            why += ": too many memory mappings for vm.max_map_count, or not enough memory;"
                    + " use fewer alternating pages (guard pages do not split mappings)";
        }
        throw new LayoutException(String.format(Locale.ENGLISH,
                "cannot build page %d of layout \"%s\" (%s backing): %s", pageIndex, layout, backing.word(), why));
    }

    private void shape(final PageKind kind, final int first, final int count) {
        final long addr = base + first * page;
        final long len = count * page;
        switch (kind) {
            case RW -> { }
            case RO -> fail(Mman.mprotect(addr, len, Mman.PROT_READ | protMte), "mprotect(PROT_READ)", first);
            case WO -> fail(Mman.mprotect(addr, len, Mman.PROT_WRITE | protMte), "mprotect(PROT_WRITE)", first);
            case NONE -> fail(Mman.mprotect(addr, len, Mman.PROT_NONE | protMte), "mprotect(PROT_NONE)", first);
            case HOLE -> fail(Mman.munmap(addr, len), "munmap", first);
            case GUARD -> {
                final long r = KernelFeatures.guard(backing != Backing.ANON) ? Mman.madvise(addr, len, Mman.MADV_GUARD_INSTALL)
                        : -Errno.EINVAL.number();
                if (r < 0) {
                    throw new LayoutException("page " + first + " of layout \"" + layout + "\": guard pages need"
                            + " MADV_GUARD_INSTALL (Linux 6.13+, and 6.15+ for shared or memfd backing); this kernel"
                            + " said " + Errno.describe((int) -r) + " for " + backing.word()
                            + " backing: use none instead");
                }
            }
            case ZAP -> fail(Mman.madvise(addr, len, Mman.MADV_DONTNEED), "madvise(MADV_DONTNEED)", first);
        }
    }

    @FunctionalInterface
    private interface RunAction {
        void apply(PageKind kind, int first, int count);
    }

    private void forEachRun(final RunAction action) {
        int first = 0;
        for (int i = 1; i <= layout.size(); i++) {
            if (i == layout.size() || layout.kind(i) != layout.kind(first)) {
                action.apply(layout.kind(first), first, i - first);
                first = i;
            }
        }
    }

    private void fill() {
        try (Arena arena = Arena.ofConfined()) {
            final long chunk = Math.min(size, FILL_CHUNK);
            final MemorySegment buf = arena.allocate(chunk);
            for (long off = 0; off < size; off += chunk) {
                final long n = Math.min(chunk, size - off);
                for (long i = 0; i < n; i++) {
                    buf.set(JAVA_BYTE, i, Region.patternByte(off + i));
                }
                final long r = Vm.write(base + off, buf, n);
                if (r != n) {
                    fail(r < 0 ? r : -Errno.EIO.number(), "process_vm_writev fill", (int) (off / page));
                }
            }
        }
    }
}
