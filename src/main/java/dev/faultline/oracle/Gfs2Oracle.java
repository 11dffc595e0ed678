package dev.faultline.oracle;

import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.Gfs2Read;
import dev.faultline.loops.LoopConfig;
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
 * watchdog reports the kernel's own LIVELOCK. Page-fault layouts are compared as well.
 */
public final class Gfs2Oracle {
    private static final String[] LAYOUTS = {"rw*3", "rw,none,rw", "rw,ro,rw"};
    private static final String[] MTE_LAYOUTS = {"rw~128+16,rw,rw", "rw,rw~0+16,rw"};

    private Gfs2Oracle() {
    }

    /** @return why it cannot run here, or null */
    public static String unavailable() {
        return LoopImage.Fs.GFS2.unavailable();
    }

    /**
     * @param dir where the image and mount point go
     * @param keep whether the image and its mount point stay afterwards (unmounted)
     * @return one row per layout (loop "gfs2-read")
     */
    public static List<Oracle.Row> run(final Path dir, final boolean keep) {
        final List<String> layouts = new ArrayList<>(List.of(LAYOUTS));
        if (Mte.available()) {
            layouts.addAll(List.of(MTE_LAYOUTS));
        }
        return run(dir, layouts, keep);
    }

    /**
     * @param dir     where the image and the mount point go
     * @param layouts one read per layout, into the whole region, from file offset 0
     * @param keep    whether the image and its mount point stay afterwards (unmounted)
     * @return one row per layout
     */
    public static List<Oracle.Row> run(final Path dir, final List<String> layouts, final boolean keep) {
        final String why = unavailable();
        if (why != null) {
            throw new IllegalStateException("gfs2 oracle unavailable: " + why);
        }
        final long page = Unistd.pageSize();
        final List<Oracle.Row> rows = new ArrayList<>();
        try (LoopImage gfs2 = LoopImage.mount(LoopImage.Fs.GFS2, dir, keep); Watchdog watchdog = new Watchdog("gfs2")) {
            final Path file = gfs2.mountPoint().resolve("data");
            final long pages = layouts.stream().mapToLong(l -> dev.faultline.memory.Layout.parse(l, page).size())
                    .max().orElse(3);
            final byte[] data = new byte[(int) (pages * page)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 13 + 1);
            }
            Files.write(file, data);
            for (final String layout : layouts) {
                rows.add(compare(file, layout, dev.faultline.memory.Layout.parse(layout, page).size() * page,
                        watchdog));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static Oracle.Row compare(final Path file, final String layout, final long size,
                                      final Watchdog watchdog) {
        Verdict kv = null;
        long kernel = 0;
        String evidence = null;
        try (Region r = Regions.of(layout, Backing.ANON); Arena a = Arena.ofConfined()) {
            final int fd = (int) SyscallException.check("open", Fcntl.open(a.allocateFrom(file.toString()).address(),
                    Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0), file.toString());
            try (Region.Lease l = r.lease()) {
                final long base = r.base();
                kernel = watchdog.call(() -> {
                    if (Mte.available()) {
                        Mte.enableSync();
                    }
                    return Unistd.pread(fd, base, size, 0);
                });
                kv = Oracle.verdictOf(kernel, size);
                if (kernel < 0 && kernel != -Errno.EFAULT.number()) {
                    throw new IllegalStateException(String.format(Locale.ENGLISH, "read on %s failed with %s", layout,
                            Errno.describe((int) -kernel)));
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
            o = new Gfs2Read().run(m, 0, size, era == KernelEra.PRE_5_16 ? LoopConfig.of(Strategy.PAGE).withEra(era)
                    : LoopConfig.of(Strategy.GUP));
        }
        final long kb = Math.max(0, kernel);
        final long mb = o.verdict() == Verdict.LIVELOCK ? 0 : o.bytes();
        final boolean agree = kv == o.verdict() && kb == mb;
        return new Oracle.Row(OracleLoop.GFS2_READ, layout, 0, size, kv, kb, o.verdict(), mb, -1,
                agree ? (evidence == null ? null : "kernel thread after 20 s: " + evidence) : Oracle.UNEXPLAINED);
    }
}
