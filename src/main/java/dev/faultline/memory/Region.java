package dev.faultline.memory;

import dev.faultline.sys.Errno;
import dev.faultline.sys.KernelFeatures;
import dev.faultline.sys.Libc;
import dev.faultline.sys.Mman;
import dev.faultline.sys.ScratchFile;
import dev.faultline.sys.Vm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * One reservation of N pages built from a {@link Layout}: real mappings with real
 * protections, made by mmap/mprotect/munmap/madvise.
 *
 * <p>Construction: reserve N pages (PROT_NONE, MAP_NORESERVE); map them all read+write from
 * the backing (MAP_FIXED over the reservation); map {@code zap} pages of a non-memfd region
 * from a memfd of their own (they need a file behind them to keep data); fill every page with
 * {@link #patternByte(long)} through process_vm_writev; then turn each run of equal kinds into
 * what it is (mprotect, munmap, MADV_GUARD_INSTALL, MADV_DONTNEED). A failure at any step
 * unmaps everything already made and throws a {@link LayoutException} that says why.
 *
 * <p>Lifetime: {@link #close()} unmaps everything and closes the memfds; a region that is
 * never closed is unmapped by a Cleaner. Every user of the addresses takes a {@link Lease}
 * first; {@code close()} waits until all leases are returned, so no copy can reach an address
 * after it was unmapped (the kernel reuses addresses, and a late process_vm_writev would
 * corrupt whatever was mapped there next). After close, every method throws
 * {@link RegionClosedException}.
 *
 * <p>Nothing here dereferences the region from Java: every access is a syscall.
 */
public final class Region implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final long FILL_CHUNK = 1 << 20;

    /** Test hook: told of every reservation, so tests can ask /proc/self/maps about it. */
    static volatile java.util.function.BiConsumer<Long, Long> reservations;

    private final Layout layout;
    private final Backing backing;
    private final Tagging tagging;
    private final int protMte;
    private final long page;
    private final long base;
    private final long size;
    private final Mapping mapping;
    private final Cleaner.Cleanable cleanable;
    /** Leases held by this thread, over all regions: close() inside one would wait forever. */
    private static final ThreadLocal<int[]> HELD = ThreadLocal.withInitial(() -> new int[1]);
    private final java.util.concurrent.atomic.AtomicLong users = new java.util.concurrent.atomic.AtomicLong();
    private final Lease release = this::release;
    private volatile boolean closed;

    /** Proof that the region stays mapped until {@link #close()} of the lease. */
    @FunctionalInterface
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** What the Cleaner and close() undo; holds no reference to the Region. */
    private static final class Mapping implements Runnable {
        private final long base;
        private final long size;
        private final List<Integer> fds = new ArrayList<>();

        Mapping(final long base, final long size) {
            this.base = base;
            this.size = size;
        }

        @Override
        public void run() {
            Libc.munmap(base, size);
            fds.forEach(Libc::close);
        }
    }

    private final boolean touched;

    private Region(final Layout layout, final Backing backing, final Tagging tagging, final boolean touched) {
        if (layout.hasMarks() && tagging == null) {
            throw new LayoutException("layout \"" + layout + "\" has MTE marks (~START+LEN): they need arm64 MTE,"
                    + " not available here (see `faultline mte status`); run it in the emulated MTE machine:"
                    + " bin/mte-lab run faultline ...");
        }
        this.layout = layout;
        this.backing = backing;
        this.tagging = tagging;
        this.touched = touched;
        this.protMte = tagging == null ? 0 : tagging.protMte();
        this.page = Libc.pageSize();
        this.size = layout.size() * page;
        final long reserved = Libc.mmap(0, size, Mman.PROT_NONE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_NORESERVE, -1, 0);
        if (reserved < 0) {
            throw new LayoutException(String.format(Locale.ENGLISH,
                    "cannot reserve %d pages (%d bytes) for layout: mmap said %s", layout.size(), size,
                    Errno.describe((int) -reserved)));
        }
        this.base = reserved;
        final java.util.function.BiConsumer<Long, Long> hook = reservations;
        if (hook != null) {
            hook.accept(base, size);
        }
        this.mapping = new Mapping(base, size);
        try {
            build();
        } catch (RuntimeException e) {
            mapping.run();
            throw e;
        }
        this.cleanable = CLEANER.register(this, mapping);
    }

    /**
     * Builds a region.
     *
     * @param layout  the pages
     * @param backing what memory they come from
     * @return the region, open
     * @throws LayoutException when the machine cannot build it (nothing is left mapped)
     */
    public static Region create(final Layout layout, final Backing backing) {
        return new Region(layout, backing, null, true);
    }

    /**
     * Builds a region and leaves its pages untouched: nothing is written, so no page is
     * present in the page table until something faults it in (a private anonymous page then
     * reads as zeros; {@link #patternByte} does not apply). MTE marks still get their tags.
     *
     * @param tagging the MTE layer's tag writer, or null
     * @return the region, open
     */
    public static Region untouched(final Layout layout, final Backing backing, final Tagging tagging) {
        return new Region(layout, backing, tagging, false);
    }

    /**
     * Builds a region whose pages are mapped with PROT_MTE and whose layout marks get a
     * mismatching allocation tag.
     *
     * @param tagging the MTE layer's tag writer
     * @return the region, open
     * @throws LayoutException when the machine cannot build it (nothing is left mapped)
     */
    public static Region create(final Layout layout, final Backing backing, final Tagging tagging) {
        return new Region(layout, backing, java.util.Objects.requireNonNull(tagging, "tagging"), true);
    }

    /** @return a private anonymous region of the layout text */
    public static Region of(final String layout) {
        return of(layout, Backing.ANON);
    }

    /** @return a region of the layout text and backing */
    public static Region of(final String layout, final Backing backing) {
        return create(Layout.parse(layout, Libc.pageSize()), backing);
    }

    private int memfd(final String name) {
        try (Arena arena = Arena.ofConfined()) {
            final long fd = Libc.memfdCreate(arena.allocateFrom(name).address(), Mman.MFD_CLOEXEC);
            fail(fd, "memfd_create", 0);
            mapping.fds.add((int) fd);
            fail(Libc.ftruncate((int) fd, size), "ftruncate", 0);
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

    private void build() {
        final int rw = Mman.PROT_READ | Mman.PROT_WRITE | protMte;
        final long all = switch (backing) {
            case ANON -> Libc.mmap(base, size, rw, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED, -1, 0);
            case SHARED -> Libc.mmap(base, size, rw, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED, -1, 0);
            case MEMFD -> Libc.mmap(base, size, rw, Mman.MAP_SHARED | Mman.MAP_FIXED, memfd("faultline-region"), 0);
        };
        fail(all, "mmap", 0);
        if (backing != Backing.MEMFD && layout.pages().stream().anyMatch(p -> p.kind() == PageKind.ZAP)) {
            final int zapFd = memfd("faultline-zap");
            forEachRun((kind, first, count) -> {
                if (kind == PageKind.ZAP) {
                    fail(Libc.mmap(base + first * page, count * page, rw, Mman.MAP_SHARED | Mman.MAP_FIXED, zapFd,
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

    private void shape(final PageKind kind, final int first, final int count) {
        final long addr = base + first * page;
        final long len = count * page;
        switch (kind) {
            case RW -> { }
            case RO -> fail(Libc.mprotect(addr, len, Mman.PROT_READ | protMte), "mprotect(PROT_READ)", first);
            case WO -> fail(Libc.mprotect(addr, len, Mman.PROT_WRITE | protMte), "mprotect(PROT_WRITE)", first);
            case NONE -> fail(Libc.mprotect(addr, len, Mman.PROT_NONE | protMte), "mprotect(PROT_NONE)", first);
            case HOLE -> fail(Libc.munmap(addr, len), "munmap", first);
            case GUARD -> {
                final long r = KernelFeatures.guard() ? Libc.madvise(addr, len, Mman.MADV_GUARD_INSTALL)
                        : -Errno.EINVAL.number();
                if (r < 0) {
                    throw new LayoutException("page " + first + " of layout \"" + layout + "\": guard pages need"
                            + " MADV_GUARD_INSTALL (Linux 6.13+, and 6.15+ for shared or memfd backing); this kernel"
                            + " said " + Errno.describe((int) -r) + " for " + backing.word()
                            + " backing: use none instead");
                }
            }
            case ZAP -> fail(Libc.madvise(addr, len, Mman.MADV_DONTNEED), "madvise(MADV_DONTNEED)", first);
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
                    buf.set(JAVA_BYTE, i, patternByte(off + i));
                }
                final long r = Vm.write(base + off, buf, n);
                if (r != n) {
                    fail(r < 0 ? r : -Errno.EIO.number(), "process_vm_writev fill", (int) (off / page));
                }
            }
        }
    }

    /**
     * The byte every region holds at {@code offset} when it is made (hole, none and guard
     * pages included, before they are shaped).
     *
     * @param offset offset from the region start
     * @return the byte
     */
    public static byte patternByte(final long offset) {
        return (byte) (offset ^ (offset >>> 8) ^ (offset >>> 16) ^ 0x5a);
    }

    /**
     * Takes a lease: the region stays mapped until the lease is closed.
     *
     * @return the lease
     * @throws RegionClosedException when the region is closed
     */
    public Lease lease() {
        users.incrementAndGet();
        if (closed) {
            users.decrementAndGet();
            throw new RegionClosedException(toString());
        }
        HELD.get()[0]++;
        return release;
    }

    private void release() {
        HELD.get()[0]--;
        users.decrementAndGet();
    }

    private void ensureOpen() {
        if (closed) {
            throw new RegionClosedException(toString());
        }
    }

    /** @return the start address (for syscalls only: never dereference it from Java) */
    public long base() {
        ensureOpen();
        return base;
    }

    /**
     * @param offset from the region start
     * @param n      bytes
     * @return the address of {@code offset}
     * @throws IndexOutOfBoundsException when {@code [offset, offset+n)} is not inside the region
     */
    public long address(final long offset, final long n) {
        ensureOpen();
        checkRange(offset, n);
        return base + offset;
    }

    /**
     * @throws IndexOutOfBoundsException when {@code [offset, offset+n)} is not inside the region
     */
    public void checkRange(final long offset, final long n) {
        if (offset < 0 || n < 0 || offset > size || n > size - offset) {
            throw new IndexOutOfBoundsException(String.format(Locale.ENGLISH,
                    "range outside the region: offset=%d size=%d regionSize=%d", offset, n, size));
        }
    }

    /** @return bytes in the region */
    public long size() {
        return size;
    }

    /** @return the page size */
    public long pageSize() {
        return page;
    }

    /** @return number of pages */
    public int pages() {
        return layout.size();
    }

    /** @return the layout */
    public Layout layout() {
        return layout;
    }

    /** @return the backing */
    public Backing backing() {
        return backing;
    }

    /** @return whether the pages were filled when made (false: {@link #untouched}) */
    public boolean touched() {
        return touched;
    }

    /**
     * @param pageIndex a page
     * @return the protection the layout gave it (with PROT_MTE in a tagged region); 0 for
     *         none, hole and guard
     */
    public int prot(final int pageIndex) {
        final PageKind k = layout.kind(pageIndex);
        final int p = (k.readable() ? Mman.PROT_READ : 0) | (k.writable() ? Mman.PROT_WRITE : 0);
        return p == 0 ? 0 : p | protMte;
    }

    /** @return whether the pages carry MTE tags (PROT_MTE, marks applied) */
    public boolean tagged() {
        return tagging != null;
    }

    /**
     * The first byte of {@code [offset, offset+n)} whose allocation tag mismatches the
     * region's pointers (from the layout's marks; only in a tagged region).
     *
     * @return its offset, or -1
     */
    public long firstMismatch(final long offset, final long n) {
        if (tagging == null) {
            return -1;
        }
        long best = -1;
        for (int i = (int) (offset / page); i < layout.size() && i * page < offset + n; i++) {
            for (final TagMark m : layout.pages().get(i).marks()) {
                final long a = Math.max(offset, i * page + m.start());
                if (a < i * page + m.start() + m.length() && a < offset + n && (best < 0 || a < best)) {
                    best = a;
                }
            }
        }
        return best;
    }

    /** @return whether {@link #close()} ran */
    public boolean isClosed() {
        return closed;
    }

    /** @return the expected access map */
    public AccessMap expectedMap() {
        return AccessMap.expected(layout);
    }

    /**
     * Measures every page through the kernel, two ways: {@code gup} (process_vm_readv of the
     * first byte; MADV_POPULATE_WRITE of the page: the page-table walk, VMA permissions
     * exactly) and {@code uaccess} (pwrite from / pread into the first byte through a memfd:
     * the CPU's own access under copy_{from,to}_user). Non-destructive: the uaccess write
     * stores back the byte it read, or the fill pattern where nothing can read it. Side
     * effect: pages that can be populated become present (a zap page is faulted back in).
     *
     * @return the two maps
     */
    public MeasuredMaps measure() {
        KernelFeatures.requirePopulate("the measured map (its write column uses MADV_POPULATE_WRITE)");
        try (Lease l = lease(); Arena arena = Arena.ofConfined()) {
            final MemorySegment one = arena.allocate(1);
            final ScratchFile scratch = ScratchFile.get();
            final List<Access> gup = new ArrayList<>(pages());
            final List<Access> ua = new ArrayList<>(pages());
            for (int i = 0; i < pages(); i++) {
                final long addr = base + i * page;
                final boolean gupRead = Vm.read(addr, one, 1) == 1;
                final boolean gupWrite = Libc.madvise(addr, page, Mman.MADV_POPULATE_WRITE) == 0;
                final boolean uaRead = scratch.fromUser(addr, 1) == 1;
                if (!uaRead) {
                    one.set(JAVA_BYTE, 0, gupRead ? one.get(JAVA_BYTE, 0) : patternByte(i * page));
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
     * Measures one page per 16-byte granule through uaccess (a one-byte copy_from_user at each
     * granule start): {@code #} readable, {@code x} not (a tag mismatch, or the page).
     *
     * @param pageIndex the page
     * @return one character per granule
     */
    public String measureGranules(final int pageIndex) {
        try (Lease l = lease()) {
            final ScratchFile scratch = ScratchFile.get();
            final StringBuilder b = new StringBuilder();
            for (long g = 0; g < page; g += TagMark.GRANULE) {
                b.append(scratch.fromUser(base + pageIndex * page + g, 1) == 1 ? '#' : 'x');
            }
            return b.toString();
        }
    }

    /** @return the expected granule line of a page: {@code x} on marked granules when tagged */
    public String expectedGranules(final int pageIndex) {
        final StringBuilder b = new StringBuilder();
        for (long g = 0; g < page; g += TagMark.GRANULE) {
            final long at = pageIndex * page + g;
            b.append(layout.kind(pageIndex).cpuReadable() && firstMismatch(at, 1) < 0 ? '#' : 'x');
        }
        return b.toString();
    }

    /**
     * Unmaps everything and closes the memfds; waits for every lease to be returned.
     * Idempotent.
     *
     * @throws IllegalStateException when called by a thread that holds a lease (of any region: a
     *                               close that waited for its own thread would wait forever)
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (HELD.get()[0] > 0) {
            throw new IllegalStateException("close() while this thread holds a lease: " + this);
        }
        closed = true;
        // a lease taken before `closed` was set is counted in `users`; one taken after sees it
        while (users.get() > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
        cleanable.clean();
    }

    @Override
    public String toString() {
        return String.format(Locale.ENGLISH, "Region[%s, %s%s, %d pages at 0x%x]", layout, backing.word(),
                tagging == null ? "" : ", MTE", pages(), base);
    }
}
