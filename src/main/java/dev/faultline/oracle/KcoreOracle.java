package dev.faultline.oracle;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.KcoreRead;
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
import dev.faultline.sys.SyscallException;
import dev.faultline.sys.Unistd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * A pread(2) of /proc/kcore at a vmalloc address into the region, beside {@link KcoreRead}
 * (docs/kernel.md#prockcore-vmalloc-read): read_kcore_iter's vmalloc loop from v6.4, the bounce
 * buffer before (picked by the kernel's version: the loop came with a rewrite, not a backport).
 * Root only. The address is the start of a page-aligned area that vmalloc() made, of more pages
 * than the largest layout, found in /proc/vmallocinfo and mapped to a file offset through
 * /proc/kcore's ELF program headers — as the finding's reproducer does. A 20 s watchdog stands in
 * for the kernel's LIVELOCK.
 */
public final class KcoreOracle {
    private static final Path KCORE = Path.of("/proc/kcore");
    private static final Path VMALLOCINFO = Path.of("/proc/vmallocinfo");
    /** /proc/vmallocinfo prints %pK: the real address for a CAP_SYSLOG reader only under 1. */
    private static final Path KPTR_RESTRICT = Path.of("/proc/sys/kernel/kptr_restrict");
    /** PT_LOAD, include/uapi/linux/elf.h. */
    private static final int PT_LOAD = 1;
    private static final String[] LAYOUTS = {"rw*3", "rw,none,rw", "rw,zap,rw", "rw,ro,rw"};
    private static final String[] MTE_LAYOUTS = {"rw~128+16,rw,rw", "rw,rw~0+16,rw"};

    private KcoreOracle() {
    }

    /** @return why /proc/kcore cannot be read here, or null */
    public static String unavailable() {
        if (!Files.exists(KCORE)) {
            return "no /proc/kcore in this kernel (CONFIG_PROC_KCORE)";
        }
        try (FileChannel ch = FileChannel.open(KCORE)) {
            return ch.read(ByteBuffer.allocate(64), 0) == 64 ? null : "/proc/kcore is empty";
        } catch (IOException e) {
            return "cannot read /proc/kcore (root only, and not under kernel lockdown): " + e.getMessage();
        }
    }

    /** @return the default layouts: page faults, and with MTE a mismatched granule in the first and second page */
    public static List<String> layouts() {
        final List<String> l = new ArrayList<>(List.of(LAYOUTS));
        if (Mte.available()) {
            l.addAll(List.of(MTE_LAYOUTS));
        }
        return l;
    }

    /**
     * @param layouts one read per layout, of the whole region
     * @return one row per layout
     */
    public static List<Oracle.Row> run(final List<String> layouts) {
        final String why = unavailable();
        if (why != null) {
            throw new IllegalStateException("kcore oracle unavailable: " + why);
        }
        final long page = Unistd.pageSize();
        final long pages = layouts.stream().mapToLong(l -> Layout.parse(l, page).size()).max().orElse(3);
        final long offset = vmallocOffset(pages * page);
        final boolean loop = KernelFs.kernelAtLeast(6, 4);
        final List<Oracle.Row> rows = new ArrayList<>();
        try (Watchdog watchdog = new Watchdog("kcore")) {
            for (final String layout : layouts) {
                rows.add(compare(layout, offset, loop, watchdog, rows.isEmpty()));
            }
        }
        return rows;
    }

    /**
     * @param bytes how much will be read
     * @return the /proc/kcore file offset of the start of a page-aligned vmalloc area of more than
     *         {@code bytes} bytes (vmalloc areas end with a guard page)
     * @throws IllegalStateException when there is none
     */
    static long vmallocOffset(final long bytes) {
        final List<long[]> areas = vmallocAreas();
        final long page = Unistd.pageSize();
        try (FileChannel ch = FileChannel.open(KCORE)) {
            final ByteBuffer eh = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(eh, 0);
            if (eh.getInt(0) != 0x464c457f || eh.get(4) != 2) {
                throw new IllegalStateException("/proc/kcore does not start with an ELF64 header");
            }
            final long phoff = eh.getLong(0x20);
            final int phentsize = Short.toUnsignedInt(eh.getShort(0x36));
            final int phnum = Short.toUnsignedInt(eh.getShort(0x38));
            final ByteBuffer ph = ByteBuffer.allocate(phentsize * phnum).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(ph, phoff);
            for (int i = 0; i < phnum; i++) {
                final int at = i * phentsize;
                if (ph.getInt(at) != PT_LOAD) {
                    continue;
                }
                final long off = ph.getLong(at + 8);
                final long vaddr = ph.getLong(at + 16);
                final long memsz = ph.getLong(at + 40);
                for (final long[] a : areas) {
                    if (Long.compareUnsigned(a[0], vaddr) >= 0 && Long.compareUnsigned(a[0] - vaddr, memsz) < 0
                            && a[1] > bytes && (a[0] & (page - 1)) == 0) {
                        return off + (a[0] - vaddr);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(String.format(Locale.ENGLISH, "no page-aligned vmalloc area of more than %d"
                + " bytes in a PT_LOAD segment of /proc/kcore (%d areas in /proc/vmallocinfo)", bytes, areas.size()));
    }

    /** @return {start, size} of the areas vmalloc() made, from /proc/vmallocinfo with real addresses */
    private static List<long[]> vmallocAreas() {
        String old = null;
        try {
            old = Files.readString(KPTR_RESTRICT).trim();
            if (old.equals("0")) {
                Files.writeString(KPTR_RESTRICT, "1\n");
            }
            final List<long[]> areas = new ArrayList<>();
            for (final String line : Files.readAllLines(VMALLOCINFO)) {
                final String[] f = line.split("\\s+");
                if (f.length < 3 || !f[0].startsWith("0x") || !line.contains(" vmalloc")) {
                    continue;
                }
                final long start = Long.parseUnsignedLong(f[0].substring(2, f[0].indexOf('-')), 16);
                if (start != 0) {
                    areas.add(new long[] {start, Long.parseLong(f[1])});
                }
            }
            return areas;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/vmallocinfo: " + e.getMessage(), e);
        } finally {
            if ("0".equals(old)) {
                try {
                    Files.writeString(KPTR_RESTRICT, old + "\n");
                } catch (IOException ignored) {
                    // it stays 1: stricter, not looser
                }
            }
        }
    }

    private static Oracle.Row compare(final String layout, final long offset, final boolean loop,
                                      final Watchdog watchdog, final boolean sayEra) {
        final long size = Layout.parse(layout, Unistd.pageSize()).size() * Unistd.pageSize();
        Verdict kv;
        long kb = 0;
        String evidence = null;
        try (Region r = Regions.of(layout, Backing.ANON); Arena a = Arena.ofConfined()) {
            final int fd = (int) SyscallException.check("open", Fcntl.open(a.allocateFrom(KCORE.toString()).address(),
                    Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0), KCORE.toString());
            try (Region.Lease l = r.lease()) {
                final long base = r.base();
                final long result = watchdog.call(() -> {
                    if (Mte.available()) {
                        Mte.enableSync();
                    }
                    return Unistd.pread(fd, base, size, offset);
                });
                Unistd.close(fd);
                if (result < 0 && result != -Errno.EFAULT.number()) {
                    throw new IllegalStateException(String.format(Locale.ENGLISH, "pread of /proc/kcore on %s failed"
                            + " with %s", layout, Errno.describe((int) -result)));
                }
                kb = Math.max(0, result);
                kv = Oracle.verdictOf(result, size);
            } catch (TimeoutException e) { // while the buffer is mapped: unmapping it ends the spin
                kv = Verdict.LIVELOCK;
                evidence = watchdog.evidence();
            }
        }
        final Outcome o;
        try (Region m = Regions.of(layout, Backing.ANON)) {
            o = new KcoreRead(loop).run(m, 0, size, LoopConfig.of(Strategy.GUP));
        }
        final long mb = o.verdict() == Verdict.LIVELOCK ? 0 : o.bytes();
        final boolean agree = kv == o.verdict() && kb == mb;
        final String era = !sayEra ? null : String.format(Locale.ENGLISH, "read at /proc/kcore offset 0x%x (a vmalloc"
                + " area); %s", offset, loop ? "read_kcore_iter's loop (v6.4+)" : "the bounce buffer (before v6.4)");
        final String note = Watchdog.join(era, Watchdog.note(evidence));
        return new Oracle.Row(OracleLoop.KCORE_READ, layout, 0, size, kv, kb, o.verdict(), mb, -1,
                agree ? note : Oracle.UNEXPLAINED);
    }
}
