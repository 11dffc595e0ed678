package dev.faultline.memory;

import dev.faultline.sys.Errno;
import dev.faultline.sys.Mman;
import dev.faultline.sys.Unistd;

import java.lang.ref.Cleaner;
import java.util.Locale;
import java.util.Objects;

/**
 * One reservation of N pages built from a {@link Layout}: real mappings with real
 * protections, made by mmap/mprotect/munmap/madvise ({@link RegionBuilder} says how). A
 * failure at any step unmaps everything already made and throws a {@link LayoutException}
 * that says why.
 *
 * <p>Lifetime: {@link #close()} unmaps everything and closes the memfds; a region that is
 * never closed is unmapped by a Cleaner. Every user of the addresses takes a {@link Lease}
 * first; {@code close()} waits until all leases are returned ({@link Leases}). After close,
 * every method that hands out an address throws {@link RegionClosedException}.
 *
 * <p>Nothing here dereferences the region from Java: every access is a syscall
 * ({@link Measurement}).
 */
public final class Region implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Layout layout;
    private final Backing backing;
    private final Tagging tagging;
    private final int protMte;
    private final long page;
    private final long base;
    private final long size;
    private final boolean touched;
    private final TagGeometry tags;
    private final Leases leases = new Leases();
    /** The hole pages: checked around every lease ({@link #checkHoles}). */
    private final int[] holes;
    private final Cleaner.Cleanable cleanable;

    /**
     * Proof that the region stays mapped until this lease is closed. Each lease is its own
     * object: closing it again does nothing. A lease belongs to the thread that took it (it
     * counts among that thread's held leases, which {@link #close()} of any region checks): close
     * it on that thread.
     */
    public static final class Lease implements AutoCloseable {
        private final Leases owner;
        private final int[] held;
        /** The region whose holes are checked when the lease is returned, or null (no holes). */
        private final Region holesOf;
        /** Set by the first close: the thread's own field, no atomic (a lease stays on its thread). */
        private boolean returned;

        Lease(final Leases owner, final int[] held, final Region holesOf) {
            this.owner = owner;
            this.held = held;
            this.holesOf = holesOf;
        }

        /**
         * Returns the lease; in a region with holes, first checks that every hole is still
         * unmapped (while the lease still keeps the region, so no reservation of a later region
         * can sit where a hole was).
         *
         * @throws HoleTakenException when a hole was mapped by someone else while the lease was
         *                            held: what was measured under it is void
         */
        @Override
        public void close() {
            if (!returned) {
                returned = true;
                try {
                    if (holesOf != null) {
                        holesOf.checkHoles();
                    }
                } finally {
                    owner.release(held);
                }
            }
        }
    }

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
        this.page = Unistd.pageSize();
        this.size = layout.size() * page;
        this.tags = new TagGeometry(layout, page);
        this.holes = layout.holes();
        final long inGap = holes.length == 0 ? 0 : StackGap.get().reserve(size);
        final long reserved = inGap != 0 ? inGap : Mman.mmap(0, size, Mman.PROT_NONE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_NORESERVE, -1, 0);
        if (reserved < 0) {
            throw new LayoutException(String.format(Locale.ENGLISH,
                    "cannot reserve %d pages (%d bytes) for layout: mmap said %s", layout.size(), size,
                    Errno.describe((int) -reserved)));
        }
        this.base = reserved;
        final Mapping mapping = new Mapping(base, layout, page, inGap != 0);
        try {
            new RegionBuilder(layout, backing, tagging, base, page, mapping.fds).build(touched);
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
        return new Region(layout, backing, Objects.requireNonNull(tagging, "tagging"), true);
    }

    /** @return a private anonymous region of the layout text */
    public static Region of(final String layout) {
        return of(layout, Backing.ANON);
    }

    /** @return a region of the layout text and backing */
    public static Region of(final String layout, final Backing backing) {
        return create(Layout.parse(layout, Unistd.pageSize()), backing);
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
     * @return a new lease, counted once however often it is closed
     * @throws RegionClosedException when the region is closed
     */
    public Lease lease() {
        if (holes.length > 0) {
            checkHoles(); // a hole found taken: no lease is taken
        }
        return leases.take(this, holes.length == 0 ? null : this);
    }

    /**
     * Checks that every hole page is still unmapped: msync(MS_ASYNC) of each, which fails with
     * ENOMEM on an address no mapping covers (mm/msync.c) and does nothing else. A region with
     * holes is placed where the kernel's own choice of address never goes ({@link StackGap}),
     * so this fails only when a thread mapped a page there on purpose, or where no such place
     * was found.
     *
     * @throws HoleTakenException naming the first hole found mapped
     */
    public void checkHoles() {
        for (final int h : holes) {
            final long r = Mman.msync(base + h * page, page, Mman.MS_ASYNC);
            if (r != -Errno.ENOMEM.number()) {
                throw new HoleTakenException(this, h, base + h * page);
            }
        }
    }

    /** @return whether the region was placed in the gap below the stack (only a region with holes is) */
    public boolean inStackGap() {
        final long b = base();
        final StackGap g = StackGap.get();
        return holes.length > 0 && b >= g.low() && b < g.high();
    }

    private void ensureOpen() {
        if (leases.closed()) {
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
        return tagging == null ? -1 : tags.firstMismatch(offset, n);
    }

    /** @return whether {@link #close()} ran */
    public boolean isClosed() {
        return leases.closed();
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
        return Measurement.maps(this);
    }

    /**
     * Measures everything a picture of the region shows: every page both ways ({@link #measure()})
     * and the granules of every page that carries MTE marks ({@link #measureGranules}).
     *
     * @return the measurement, as data
     */
    public RegionMeasurement measureAll() {
        final java.util.Map<Integer, String> granules = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pages(); i++) {
            if (tagged() && !layout.pages().get(i).marks().isEmpty()) {
                granules.put(i, measureGranules(i));
            }
        }
        return new RegionMeasurement(layout, backing, page, tagged(), expectedMap(), measure(), granules);
    }

    /**
     * Measures one page per 16-byte granule through uaccess (a one-byte copy_from_user at each
     * granule start): {@code #} readable, {@code x} not (a tag mismatch, or the page).
     *
     * @param pageIndex the page
     * @return one character per granule
     */
    public String measureGranules(final int pageIndex) {
        return Measurement.granules(this, pageIndex);
    }

    /** @return the expected granule line of a page: {@code x} on marked granules when tagged */
    public String expectedGranules(final int pageIndex) {
        return tags.expectedGranules(pageIndex, tagging != null);
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
        if (leases.closeAndAwait(this)) {
            cleanable.clean();
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ENGLISH, "Region[%s, %s%s, %d pages at 0x%x]", layout, backing.word(),
                tagging == null ? "" : ", MTE", pages(), base);
    }
}
