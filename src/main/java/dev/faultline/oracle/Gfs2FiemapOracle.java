package dev.faultline.oracle;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.Gfs2Fiemap;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Outcome;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Layout;
import dev.faultline.memory.Region;
import dev.faultline.mte.Mte;
import dev.faultline.mte.Regions;
import dev.faultline.sys.Errno;
import dev.faultline.sys.Fcntl;
import dev.faultline.sys.Ioctl;
import dev.faultline.sys.SyscallException;
import dev.faultline.sys.Unistd;
import dev.faultline.sys.Vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * FS_IOC_FIEMAP on the loop-mounted gfs2 image beside {@link Gfs2Fiemap}: the {@code struct fiemap}
 * header sits at offset 0 of the region and its extent array fills the rest; the file has one
 * extent more than the largest array holds (a block written every other block), so a call that
 * returns 0 has filled the array. Which gfs2_fiemap the kernel has is detected by calling it
 * ({@link #hasRetryLoop}), not read from the version: the retry loop came as a fix and was
 * backported.
 */
final class Gfs2FiemapOracle {
    /** FS_IOC_FIEMAP = _IOWR('f', 11, struct fiemap), include/uapi/linux/fs.h (the same on every architecture). */
    static final long FS_IOC_FIEMAP = 0xC020660BL;
    /** sizeof(struct fiemap), include/uapi/linux/fiemap.h: fm_start, fm_length, then four u32. */
    static final int HEADER = 32;
    /** FIEMAP_MAX_OFFSET, include/uapi/linux/fiemap.h: map to the end of the file. */
    private static final long MAX_OFFSET = -1L;
    /** The block every extent is: mkfs.gfs2's default block size. */
    static final int BLOCK = 4096;
    /** sizeof(struct gfs2_dinode), include/uapi/linux/gfs2_ondisk.h: what a block loses to the inode. */
    static final int DINODE = 232;

    private Gfs2FiemapOracle() {
    }

    /**
     * @param mnt     the mounted gfs2 image
     * @param layouts one call per layout
     * @return one row per layout
     */
    static List<Oracle.Row> run(final Path mnt, final List<String> layouts, final Watchdog watchdog) throws IOException {
        final long page = Unistd.pageSize();
        final long pages = layouts.stream().mapToLong(l -> Layout.parse(l, page).size()).max().orElse(3);
        final Path file = mnt.resolve("extents");
        writeExtents(file, (pages * page - HEADER) / Gfs2Fiemap.EXTENT + 1);
        final Path probe = mnt.resolve("two-extents");
        writeExtents(probe, 2);
        final boolean retry = hasRetryLoop(probe);
        final java.util.List<Oracle.Row> rows = new java.util.ArrayList<>();
        for (final String l : layouts) {
            rows.add(compare(file, l, retry, watchdog, rows.isEmpty()));
        }
        return rows;
    }

    /** A file of {@code n} one-block extents, each followed by a one-block hole, on disk. */
    private static void writeExtents(final Path file, final long n) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            final ByteBuffer block = ByteBuffer.allocate(BLOCK);
            for (long i = 0; i < n; i++) {
                block.clear();
                ch.write(block, 2 * i * BLOCK);
            }
            ch.force(true);
        }
    }

    /**
     * Whether gfs2_fiemap retries with page faults disabled (commit "gfs2: fiemap page fault fix"):
     * a file of two extents, an array whose first page is not present and whose last page is
     * PROT_NONE. The old gfs2_fiemap faults the first page in and maps both extents (0); the new
     * one fails its no-fault pass, then faults in the WHOLE array and fails on the PROT_NONE page
     * (-EFAULT).
     */
    static boolean hasRetryLoop(final Path twoExtents) {
        final long page = Unistd.pageSize();
        try (Region r = Regions.of("rw,zap,none", Backing.ANON)) {
            final long at = r.base() + page - HEADER; // the array starts on the zapped page
            final long r0 = call(twoExtents, r, at, 2 * page / Gfs2Fiemap.EXTENT, null);
            if (r0 < 0 && r0 != -Errno.EFAULT.number()) {
                throw new IllegalStateException("FS_IOC_FIEMAP on gfs2 failed with " + Errno.describe((int) -r0));
            }
            return r0 < 0;
        } catch (TimeoutException e) {
            throw new IllegalStateException("FS_IOC_FIEMAP on gfs2 did not return for a page-fault layout", e);
        }
    }

    /**
     * One FS_IOC_FIEMAP with the header at {@code at}; the watchdog, if any, stands in for LIVELOCK.
     *
     * @return the extents mapped (fm_mapped_extents) when the call returned 0, else its -errno
     */
    private static long call(final Path file, final Region r, final long at, final long extents,
                             final Watchdog watchdog) throws TimeoutException {
        try (Arena a = Arena.ofConfined(); Region.Lease l = r.lease()) {
            final MemorySegment header = a.allocate(HEADER);
            header.set(JAVA_LONG, 0, 0L);           // fm_start
            header.set(JAVA_LONG, 8, MAX_OFFSET);   // fm_length
            header.set(JAVA_INT, 16, 0);            // fm_flags
            header.set(JAVA_INT, 20, 0);            // fm_mapped_extents
            header.set(JAVA_INT, 24, (int) extents); // fm_extent_count
            header.set(JAVA_INT, 28, 0);            // fm_reserved
            if (Vm.write(at, header, HEADER) != HEADER) {
                throw new IllegalStateException("cannot write the fiemap header at offset " + (at - r.base()));
            }
            final int fd = (int) SyscallException.check("open", Fcntl.open(a.allocateFrom(file.toString()).address(),
                    Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0), file.toString());
            final java.util.concurrent.Callable<Long> ioctl = () -> {
                if (Mte.available()) {
                    Mte.enableSync();
                }
                return Ioctl.ioctl(fd, FS_IOC_FIEMAP, at);
            };
            final long result;
            try {
                result = watchdog == null ? ioctl.call() : watchdog.call(ioctl);
            } catch (TimeoutException e) {
                throw e; // the spinning thread keeps the fd
            } catch (Exception e) {
                Unistd.close(fd);
                throw new IllegalStateException(e);
            }
            Unistd.close(fd);
            if (result == 0) {
                Vm.read(at, header, HEADER);
                return header.get(JAVA_INT, 20); // fm_mapped_extents, as a positive count
            }
            return result < 0 ? result : 0;
        }
    }

    /** @param sayEra whether the row's note names which gfs2_fiemap the kernel has (the first row) */
    private static Oracle.Row compare(final Path file, final String layout, final boolean retry, final Watchdog watchdog,
                                      final boolean sayEra) {
        final long page = Unistd.pageSize();
        final long size = Layout.parse(layout, page).size() * page - HEADER;
        final long extents = size / Gfs2Fiemap.EXTENT;
        Verdict kv;
        long kb = 0;
        String evidence = null;
        try (Region r = Regions.of(layout, Backing.ANON)) {
            try {
                final long result = call(file, r, r.base(), extents, watchdog);
                if (result < 0 && result != -Errno.EFAULT.number()) {
                    throw new IllegalStateException(String.format(Locale.ENGLISH, "FS_IOC_FIEMAP on %s failed with %s",
                            layout, Errno.describe((int) -result)));
                }
                kb = Math.max(0, result) * Gfs2Fiemap.EXTENT;
                kv = result < 0 ? Verdict.EFAULT : result == extents ? Verdict.COMPLETE : Verdict.SHORT;
            } catch (TimeoutException e) { // while the buffer is still mapped: unmapping it ends the spin
                kv = Verdict.LIVELOCK;
                evidence = watchdog.evidence();
            }
        }
        final Outcome o;
        try (Region m = Regions.of(layout, Backing.ANON)) {
            o = new Gfs2Fiemap(retry).run(m, HEADER, size, LoopConfig.of(retry ? Strategy.GUP : Strategy.PAGE));
        }
        final long mb = o.verdict() == Verdict.LIVELOCK ? 0 : o.bytes();
        final boolean agree = kv == o.verdict() && kb == mb;
        final String era = !sayEra ? null : retry ? "this kernel's gfs2_fiemap has the retry loop (detected)"
                : "this kernel's gfs2_fiemap has no retry loop (detected)";
        final String note = Watchdog.join(era, Watchdog.note(evidence));
        return new Oracle.Row(OracleLoop.GFS2_FIEMAP, layout, HEADER, size, kv, kb, o.verdict(), mb, -1,
                agree ? note : Oracle.UNEXPLAINED);
    }
}
