package dev.faultline.oracle;

import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.Gfs2DirectHoleRead;
import dev.faultline.loops.Gfs2Read;
import dev.faultline.loops.Loop;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.LoopName;
import dev.faultline.loops.Outcome;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.mte.Mte;
import dev.faultline.mte.Regions;
import dev.faultline.sys.Errno;
import dev.faultline.sys.Fcntl;
import dev.faultline.sys.SyscallException;
import dev.faultline.sys.Unistd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * The question the list left open (docs/kernel.md#gfs2-buffered-read), asked of a real kernel: a buffered read()
 * on gfs2 (lock_nolock, loop-mounted) into a buffer with a mismatched MTE granule. gfs2 copies
 * with page faults disabled and faults in with fault_in_iov_iter_writeable, which is GUP-based
 * and tag-blind; the model ({@link Gfs2Read} with the {@code gup} strategy) says it spins. A 20 s
 * watchdog reports the kernel's own LIVELOCK. Page-fault layouts are compared as well. The same
 * layouts are read with O_DIRECT from a sparse file ({@link OracleLoop#GFS2_DIO_HOLE}): iomap stores
 * the hole's zeros with a no-fault uaccess under the same retry loop ({@link Gfs2DirectHoleRead}).
 */
public final class Gfs2Oracle {
    private static final String[] LAYOUTS = {"rw*3", "rw,none,rw", "rw,ro,rw", "none,rw,rw"};
    private static final String[] MTE_LAYOUTS = {"rw~128+16,rw,rw", "rw,rw~0+16,rw"};
    /**
     * The size of gfs2-dio-inline's file: the most a stuffed inode holds with 4096-byte blocks
     * (mkfs.gfs2's default), gfs2_max_stuffed_size = sb_bsize - sizeof(struct gfs2_dinode), 232
     * bytes (include/uapi/linux/gfs2_ondisk.h; fs/gfs2/inode.h). Written in one go to a new file,
     * the data stays in the inode block.
     */
    static final int INLINE_BYTES = Gfs2FiemapOracle.BLOCK - Gfs2FiemapOracle.DINODE;
    /** gfs2-fiemap's: the header needs a writable first page; a zapped page shows the restart. */
    private static final String[] FIEMAP_LAYOUTS = {"rw*3", "rw,none,rw", "rw,zap,rw", "rw,ro,rw"};

    private Gfs2Oracle() {
    }

    /** @return why it cannot run here, or null */
    public static String unavailable() {
        return LoopImage.Fs.GFS2.unavailable();
    }

    /**
     * @param dir where the image and mount point go
     * @param keep whether the image and its mount point stay afterwards (unmounted)
     * @return one row per layout and gfs2 path (gfs2-read, gfs2-dio-hole, gfs2-dio-inline, gfs2-fiemap)
     */
    public static List<Oracle.Row> run(final Path dir, final boolean keep) {
        return run(dir, java.util.Arrays.stream(OracleLoop.values()).filter(OracleLoop::gfs2).toList(), layouts(),
                keep);
    }

    /** @return the default layouts: page faults, and with MTE a mismatched granule in the first and second page */
    public static List<String> layouts() {
        return withMte(LAYOUTS);
    }

    private static List<String> withMte(final String[] base) {
        final List<String> layouts = new ArrayList<>(List.of(base));
        if (Mte.available()) {
            layouts.addAll(List.of(MTE_LAYOUTS));
        }
        return layouts;
    }

    /**
     * @param dir     where the image and the mount point go
     * @param paths   {@link OracleLoop#GFS2_READ} (a buffered read of a written file),
     *                {@link OracleLoop#GFS2_DIO_HOLE} (an O_DIRECT read of a sparse file),
     *                {@link OracleLoop#GFS2_DIO_INLINE} (an O_DIRECT read of a stuffed file of
     *                {@link #INLINE_BYTES}: the read ends there),
     *                {@link OracleLoop#GFS2_FIEMAP} (FS_IOC_FIEMAP, {@link Gfs2FiemapOracle})
     * @param layouts one read per layout and path, into the whole region, from file offset 0; null:
     *                each path's default layouts
     * @param keep    whether the image and its mount point stay afterwards (unmounted)
     * @return one row per path and layout
     */
    public static List<Oracle.Row> run(final Path dir, final List<OracleLoop> paths, final List<String> layouts,
                                       final boolean keep) {
        final String why = unavailable();
        if (why != null) {
            throw new IllegalStateException("gfs2 oracle unavailable: " + why);
        }
        for (final OracleLoop p : paths) {
            if (!p.gfs2()) {
                throw new IllegalArgumentException("not a gfs2 path: " + p);
            }
        }
        final List<Oracle.Row> rows = new ArrayList<>();
        // one image per loop device's sector size, in the order the paths first ask for it
        final java.util.Map<Integer, List<OracleLoop>> bySector = new java.util.LinkedHashMap<>();
        for (final OracleLoop p : paths) {
            if (dioUnavailable(p) != null) {
                continue; // no such comparison on this kernel (why: dioUnavailable)
            }
            bySector.computeIfAbsent(p.sector(), k -> new ArrayList<>()).add(p);
        }
        for (final java.util.Map.Entry<Integer, List<OracleLoop>> e : bySector.entrySet()) {
            runOn(dir, e.getKey(), e.getValue(), layouts, null, keep, rows);
        }
        return rows;
    }

    /**
     * @param p a gfs2 path
     * @return why its direct-I/O comparison cannot run on this kernel, or null: before v5.16 gfs2 has
     *         no direct-I/O retry loop (no model to compare); on 4096-byte sectors before v6.0 a
     *         buffer must be aligned to the logical block (b1a000d3b8ec, "block: relax direct io memory
     *         alignment", let it be aligned to the DMA alignment only), so the straddling block the
     *         path is about cannot be asked for (EINVAL)
     */
    public static String dioUnavailable(final OracleLoop p) {
        if (p != OracleLoop.GFS2_DIO && p != OracleLoop.GFS2_DIO_4KN) {
            return null;
        }
        if (LoopName.DIO.missingIn(Oracle.fileLoopEra()) != null) {
            return LoopName.DIO.missingIn(Oracle.fileLoopEra());
        }
        if (p == OracleLoop.GFS2_DIO_4KN && !KernelFs.kernelAtLeast(6, 0)) {
            return "before v6.0 (b1a000d3b8ec, \"block: relax direct io memory alignment\") a direct-I/O buffer must be"
                    + " aligned to the device's 4096-byte logical block: no block can straddle a page (EINVAL)";
        }
        return null;
    }

    /**
     * One case of {@link OracleLoop#GFS2_DIO} or {@link OracleLoop#GFS2_DIO_4KN}: an O_DIRECT read of
     * {@code size} bytes of allocated blocks into the region from {@code offset} on.
     *
     * @throws IllegalArgumentException for another path, or a range the device's DMA alignment
     *                                  ({@link Oracle#BLOCK}) or the region does not allow
     */
    public static List<Oracle.Row> runCase(final Path dir, final OracleLoop path, final String layout,
                                           final long offset, final long size, final boolean keep) {
        if (path != OracleLoop.GFS2_DIO && path != OracleLoop.GFS2_DIO_4KN) {
            throw new IllegalArgumentException(path + " takes no --offset or --size");
        }
        final long region = dev.faultline.memory.Layout.parse(layout, Unistd.pageSize()).size() * Unistd.pageSize();
        if (offset % Oracle.BLOCK != 0 || size % path.sector() != 0 || size <= 0 || offset < 0
                || offset + size > region) {
            throw new IllegalArgumentException(String.format(Locale.ENGLISH, "%s needs --offset in whole %d-byte"
                    + " blocks and --size in whole %d-byte blocks within the region of %d bytes: offset=%d size=%d",
                    path, Oracle.BLOCK, path.sector(), region, offset, size));
        }
        final String why = unavailable();
        if (why != null) {
            throw new IllegalStateException("gfs2 oracle unavailable: " + why);
        }
        if (dioUnavailable(path) != null) {
            throw new IllegalArgumentException(path + " cannot run on this kernel: " + dioUnavailable(path));
        }
        final List<Oracle.Row> rows = new ArrayList<>();
        runOn(dir, path.sector(), List.of(path), List.of(layout), List.of(new Oracle.Case(layout, offset, size)), keep,
                rows);
        return rows;
    }

    /**
     * The direct-I/O cases of allocated blocks: a buffer from a page start and 512 bytes into it (a
     * logical block of 4096 bytes then straddles the next page), over pages that are all there, a
     * PROT_NONE page and a read-only one (which GUP cannot pin for a read into it).
     */
    static List<Oracle.Case> dioCases(final long page) {
        final List<Oracle.Case> out = new ArrayList<>();
        for (final String layout : new String[] {"rw*3", "rw,none,rw", "rw,ro,rw"}) {
            for (final long offset : new long[] {0, Oracle.BLOCK}) {
                out.add(new Oracle.Case(layout, offset, 2 * page));
            }
        }
        return out;
    }

    private static void runOn(final Path dir, final int sector, final List<OracleLoop> paths, final List<String> layouts,
                              final List<Oracle.Case> dio, final boolean keep, final List<Oracle.Row> rows) {
        final long page = Unistd.pageSize();
        try (LoopImage gfs2 = LoopImage.mount(LoopImage.Fs.GFS2, dir, keep, sector);
             Watchdog watchdog = new Watchdog("gfs2")) {
            final List<String> reads = layouts == null ? layouts() : layouts;
            final long pages = reads.stream().mapToLong(l -> dev.faultline.memory.Layout.parse(l, page).size())
                    .max().orElse(3);
            for (final OracleLoop p : paths) {
                if (p == OracleLoop.GFS2_FIEMAP) {
                    rows.addAll(Gfs2FiemapOracle.run(gfs2.mountPoint(), layouts == null ? withMte(FIEMAP_LAYOUTS)
                            : layouts, watchdog));
                    continue;
                }
                final Path file = gfs2.mountPoint().resolve(switch (p) {
                    case GFS2_READ, GFS2_DIO, GFS2_DIO_4KN -> "data";
                    case GFS2_DIO_INLINE -> "inline";
                    default -> "hole";
                });
                final long fileBytes = p == OracleLoop.GFS2_DIO_INLINE ? INLINE_BYTES : pages * page;
                if (p != OracleLoop.GFS2_DIO_HOLE) {
                    final byte[] data = new byte[(int) fileBytes];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (byte) (i * 13 + 1);
                    }
                    Files.write(file, data);
                } else { // a file of holes only: no block is allocated for a size set by truncate
                    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                        f.setLength(pages * page);
                    }
                }
                if (p == OracleLoop.GFS2_DIO || p == OracleLoop.GFS2_DIO_4KN) {
                    for (final Oracle.Case c : dio != null ? dio : layouts == null ? dioCases(page)
                            : reads.stream().map(l -> new Oracle.Case(l, 0, 2 * page)).toList()) {
                        rows.add(compare(p, file, c.layout(), c.offset(), c.size(), fileBytes, watchdog));
                    }
                    continue;
                }
                for (final String layout : reads) {
                    rows.add(compare(p, file, layout, 0, dev.faultline.memory.Layout.parse(layout, page).size() * page,
                            fileBytes, watchdog));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One read of {@code size} bytes from file offset 0 into the whole region, beside the model's
     * read of what the file holds of it (a read stops at the end of the file).
     */
    private static Oracle.Row compare(final OracleLoop path, final Path file, final String layout, final long offset,
                                      final long size, final long fileBytes, final Watchdog watchdog) {
        final boolean direct = path != OracleLoop.GFS2_READ;
        Verdict kv = null;
        long kernel = 0;
        String evidence = null;
        try (Region r = Regions.of(layout, Backing.ANON); Arena a = Arena.ofConfined()) {
            final int fd = (int) SyscallException.check("open", Fcntl.open(a.allocateFrom(file.toString()).address(),
                    Fcntl.O_RDONLY | Fcntl.O_CLOEXEC | (direct ? Fcntl.O_DIRECT : 0), 0), file.toString());
            try (Region.Lease l = r.lease()) {
                final long base = r.base() + offset;
                kernel = watchdog.call(() -> {
                    if (Mte.available()) {
                        Mte.enableSync();
                    }
                    return Unistd.pread(fd, base, size, 0);
                });
                kv = Oracle.verdictOf(kernel, Math.min(size, fileBytes)); // all the file holds: COMPLETE
                if (kernel < 0 && kernel != -Errno.EFAULT.number()) {
                    throw new IllegalStateException(String.format(Locale.ENGLISH, "%s on %s failed with %s", path,
                            layout, Errno.describe((int) -kernel)));
                }
            } catch (TimeoutException e) {
                kv = Verdict.LIVELOCK;
                kernel = 0;
                evidence = watchdog.evidence();
            }
            if (kv != Verdict.LIVELOCK) {
                Unistd.close(fd);
            }
        }
        final Outcome o;
        try (Region m = Regions.of(layout, Backing.ANON)) {
            // gfs2's own fault-in is GUP-based (fault_in_iov_iter_writeable); before v5.16 it has none
            final KernelEra era = Oracle.fileLoopEra();
            final boolean blocks = path == OracleLoop.GFS2_DIO || path == OracleLoop.GFS2_DIO_4KN;
            final Loop model = blocks ? new dev.faultline.loops.DirectIo()
                    : direct ? new Gfs2DirectHoleRead(path == OracleLoop.GFS2_DIO_INLINE) : new Gfs2Read();
            final LoopConfig config = era == KernelEra.PRE_5_16 ? LoopConfig.of(Strategy.PAGE).withEra(era)
                    : LoopConfig.of(Strategy.GUP);
            // the dio model's block: the logical block of the device the image is attached to
            o = model.run(m, offset, Math.min(size, fileBytes),
                    blocks ? config.withBlock(LoopDevice.logicalBlockSize(file)) : config);
        }
        final long kb = Math.max(0, kernel);
        final long mb = o.verdict() == Verdict.LIVELOCK ? 0 : o.bytes();
        final boolean agree = kv == o.verdict() && kb == mb;
        final String said = kernel == 0 && kv == Verdict.EFAULT ? "the kernel returned 0, not -EFAULT" : null;
        final String note = evidence != null ? Watchdog.note(evidence) : said;
        return new Oracle.Row(path, layout, offset, size, kv, kb, o.verdict(), mb, -1, agree ? note : Oracle.UNEXPLAINED);
    }
}
