package dev.faultline.oracle;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.BtrfsSearch;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Outcome;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.mte.Regions;
import dev.faultline.sys.Errno;
import dev.faultline.sys.Fcntl;
import dev.faultline.sys.Vm;
import dev.faultline.sys.Ioctl;
import dev.faultline.sys.SyscallException;
import dev.faultline.sys.Unistd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The real BTRFS_IOC_TREE_SEARCH_V2 next to the btrfs-search model. Needs root, btrfs in the
 * kernel and mkfs.btrfs (btrfs-progs): it makes a loop-mounted btrfs image with {@link #files} empty files
 * (enough that the items outgrow the biggest buffer on any page size),
 * then searches the fs tree from the first file's inode on (its INODE_ITEM and INODE_REF items,
 * 160 and 14 bytes) with the ioctl's argument block at the start of a real region and its result
 * buffer right after it. The model's records take the sizes of the items the kernel returned
 * into an unfaulted buffer, in order.
 * A watchdog stops waiting after 20 s and reports the kernel's own LIVELOCK.
 */
public final class BtrfsOracle {
    /** _IOWR(0x94, 17, struct btrfs_ioctl_search_args_v2) — include/uapi/linux/btrfs.h; 112-byte args. */
    static final long BTRFS_IOC_TREE_SEARCH_V2 = 0xC0709411L;
    /** sizeof(struct btrfs_ioctl_search_key) + the u64 buf_size: where the result buffer starts. */
    static final int ARGS = 112;
    /** sizeof(struct btrfs_inode_item): the payload of every record this search returns. */
    static final int INODE_ITEM = 160;
    /** The largest case's region, in pages: its buffer is what the tree must outgrow. */
    private static final int MAX_PAGES = 3;

    /**
     * Empty files the image gets: each one adds at least an INODE_ITEM record ({@link #HEADER_AND_ITEM}
     * bytes) to the search, so this many outgrow a {@value #MAX_PAGES}-page buffer on a kernel of this
     * page size (200 on 4 KiB pages; 16 and 64 KiB pages need more, or the fault-free buffer is not
     * filled and the model, which assumes a tree bigger than the buffer, copies records the tree lacks).
     *
     * @param page the kernel's page size
     * @return the number of files
     */
    static int files(final long page) {
        return (int) Math.max(200, MAX_PAGES * page / HEADER_AND_ITEM + 16);
    }

    /** A search header and an inode item: the least one file adds to the search's answer. */
    private static final int HEADER_AND_ITEM = BtrfsSearch.HEADER + INODE_ITEM;

    private BtrfsOracle() {
    }

    /**
     * @return why the default layouts must not run in a process that has other work to do, or null:
     *         before v5.19 (page-granular fault-in, docs/kernel.md#btrfs-search_ioctl) the ioctl
     *         spins on a mismatched MTE granule, and SIGKILL does not end it
     *         (native-notes/findings/btrfs-search-mte.md): each such case keeps a CPU until reboot
     */
    public static String spinsForGood() {
        return !KernelFs.kernelAtLeast(5, 19) && dev.faultline.mte.Mte.available()
                ? "this kernel's btrfs search_ioctl (before 5.19) spins on a mismatched MTE granule and SIGKILL does not"
                + " end it: the MTE cases would keep the CPUs until reboot (bin/mte-lab sweep runs them last, alone)"
                : null;
    }

    /** @return why the oracle cannot run here, or null when it can */
    public static String unavailable() {
        return LoopImage.Fs.BTRFS.unavailable();
    }

    /** One case: layout; the args block sits at offset 0, the buffer fills the rest. */
    private static final String[] LAYOUTS = {"rw*3", "rw*2,none", "rw,none,rw", "rw,hole,rw", "rw,ro,rw",
        BtrfsOracle.GUARD_LAYOUT, "rw,zap,rw", "none,rw"};
    /** The guard-page case: its memfd mapping needs MADV_GUARD_INSTALL on shared mappings (6.15+). */
    public static final String GUARD_LAYOUT = "rw,guard,rw";
    /**
     * With MTE: a mismatched granule inside the first record, at a page start, just before one,
     * in the middle of a page.
     */
    private static final String[] MTE_LAYOUTS = {"rw~128+16,rw,rw", "rw,rw~0+16,rw",
        "rw~" + (dev.faultline.sys.Unistd.pageSize() - 16) + "+16,rw,rw",
        "rw,rw~" + dev.faultline.sys.Unistd.pageSize() / 2 + "+16,rw"};

    /**
     * @param dir where the image and the mount point go
     * @param keep whether the image and its mount point stay afterwards (unmounted)
     * @return one oracle row per layout (loop "btrfs-search")
     */
    public static List<Oracle.Row> run(final Path dir, final boolean keep) {
        return run(dir, keep, true);
    }

    /**
     * The default layouts, with the MTE ones left out where they are known to keep a CPU until reboot
     * on this kernel ({@link KnownUnkillable}), outside the emulated machine, unless allowed.
     *
     * @param allowUnkillable whether to start them anyway
     * @return one oracle row per layout run
     */
    public static List<Oracle.Row> run(final Path dir, final boolean keep, final boolean allowUnkillable) {
        final List<String> layouts = new ArrayList<>();
        for (int i = 1; i < LAYOUTS.length; i++) {
            if (!LAYOUTS[i].contains("guard") || dev.faultline.sys.KernelFeatures.guard(true)) {
                layouts.add(LAYOUTS[i]);
            }
        }
        if (dev.faultline.mte.Mte.available() && (allowUnkillable || mteRefusal() == null)) {
            layouts.addAll(List.of(MTE_LAYOUTS));
        }
        return run(dir, layouts, keep);
    }

    /**
     * @return the one line saying the MTE cases are not started (known to keep a CPU until reboot on
     *         this kernel, outside the emulated machine), or null when they may run
     */
    public static String mteRefusal() {
        final String finding = KnownUnkillable.finding("btrfs", "tree-search", true);
        return finding == null || KnownUnkillable.emulated() || !dev.faultline.mte.Mte.available() ? null
                : KnownUnkillable.refusal("btrfs-search's MTE cases", finding);
    }

    /**
     * @param dir     where the image and the mount point go
     * @param layouts the cases after the fault-free one (which always runs first: its items give the
     *                model its record sizes); the ioctl's arguments sit at offset 0 of each region
     *                and its result buffer fills the rest
     * @param keep    whether the image and its mount point stay afterwards (unmounted)
     * @return the fault-free row, then one row per layout
     */
    public static List<Oracle.Row> run(final Path dir, final List<String> layouts, final boolean keep) {
        final String why = unavailable();
        if (why != null) {
            throw new IllegalStateException("btrfs oracle unavailable: " + why);
        }
        final List<Oracle.Row> rows = new ArrayList<>();
        try (LoopImage btrfs = LoopImage.mount(LoopImage.Fs.BTRFS, dir, keep); Watchdog watchdog = new Watchdog("btrfs")) {
            final Path mnt = btrfs.mountPoint();
            final int files = files(Unistd.pageSize());
            for (int i = 0; i < files; i++) {
                Files.createFile(mnt.resolve("f" + i));
            }
            LoopImage.run(List.of("sync"));
            final List<Long> tree = new ArrayList<>();
            rows.add(compare(mnt, LAYOUTS[0], watchdog, tree));
            for (final String layout : layouts) {
                rows.add(compare(mnt, layout, watchdog, tree));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /**
     * The fault-in helper this kernel's btrfs search_ioctl uses (docs/kernel.md#btrfs-search_ioctl): v5.19+
     * fault_in_subpage_writeable (granule), v5.16-v5.18 fault_in_writeable (page), v5.9-v5.15
     * fault_in_pages_writeable (page, int form). Like {@link Oracle#fileLoopEra} it reads the kernel
     * version to pick which kernel code to model, never to detect a feature.
     */
    static LoopConfig kernelsHelper() {
        if (KernelFs.kernelAtLeast(5, 19)) {
            return LoopConfig.of(Strategy.GRANULE);
        }
        return KernelFs.kernelAtLeast(5, 16) ? LoopConfig.of(Strategy.PAGE)
                : LoopConfig.of(Strategy.PAGE).withEra(dev.faultline.faultin.KernelEra.PRE_5_16);
    }

    /**
     * @param tree the item sizes the kernel returned into an unfaulted buffer (filled by the first,
     *             fault-free layout): the model's records where the real call failed
     */
    private static Oracle.Row compare(final Path mnt, final String layout, final Watchdog watchdog,
                                      final List<Long> tree) {
        final long page = Unistd.pageSize();
        Verdict kv;
        long kernelBytes = 0;
        final List<Long> lens = new ArrayList<>();
        try (Region r = Regions.of(layout, Backing.MEMFD); Arena arena = Arena.ofConfined()) {
            final long size = r.size() - ARGS;
            final MemorySegment args = arena.allocate(ARGS);
            args.set(JAVA_LONG, 0, 5L);                  // tree_id: the fs tree
            args.set(JAVA_LONG, 8, 257L);                // min_objectid: the first file (256 is the root dir)
            args.set(JAVA_LONG, 16, -1L);                // max_objectid
            args.set(JAVA_LONG, 24, 0L);                 // min_offset
            args.set(JAVA_LONG, 32, -1L);                // max_offset
            args.set(JAVA_LONG, 40, 0L);                 // min_transid
            args.set(JAVA_LONG, 48, -1L);                // max_transid
            args.set(JAVA_INT, 56, 1);                   // min_type: BTRFS_INODE_ITEM_KEY
            args.set(JAVA_INT, 60, 1);                   // max_type
            args.set(JAVA_INT, 64, 100_000);             // nr_items
            args.set(JAVA_LONG, 104, size);              // buf_size
            final long result;
            final int fd;
            try (Arena a = Arena.ofConfined()) {
                fd = (int) SyscallException.check("open", Fcntl.open(a.allocateFrom(mnt.toString()).address(),
                        Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0), mnt.toString());
            }
            try (Region.Lease l = r.lease()) {
                final long base = r.base();
                if (layout.startsWith("none")) {
                    result = Ioctl.ioctl(fd, BTRFS_IOC_TREE_SEARCH_V2, base);
                } else {
                    if (Vm.write(base, args, ARGS) != ARGS) {
                        throw new IllegalStateException("cannot write the ioctl arguments");
                    }
                    result = watchdog.call(() -> {
                        if (dev.faultline.mte.Mte.available()) {
                            dev.faultline.mte.Mte.enableSync();
                        }
                        return Ioctl.ioctl(fd, BTRFS_IOC_TREE_SEARCH_V2, base);
                    });
                }
                if (result == 0) {
                    final MemorySegment back = arena.allocate(r.size());
                    Vm.read(base, back, r.size());
                    final int items = back.get(JAVA_INT, 64);
                    long at = ARGS;
                    for (int i = 0; i < items; i++) {
                        final long len = Integer.toUnsignedLong(back.get(JAVA_INT_UNALIGNED, at + 28));
                        lens.add(len);
                        at += 32 + len;
                    }
                    kernelBytes = at - ARGS;
                    if (tree.isEmpty()) {
                        if (size - kernelBytes >= HEADER_AND_ITEM) {
                            throw new IllegalStateException(String.format(Locale.ENGLISH,
                                    "btrfs oracle: the image's search answer (%d bytes, %d items) does not fill the"
                                    + " %d-byte buffer: the model assumes a tree bigger than the buffer",
                                    kernelBytes, items, size));
                        }
                        tree.addAll(lens);
                    }
                }
            } catch (TimeoutException e) {
                final Outcome lo;
                try (Region m = Regions.of(layout, Backing.MEMFD)) {
                    final List<Long> sizes = tree;
                    lo = new BtrfsSearch(i -> sizes.get((int) (i % sizes.size()))).run(m, ARGS, size, kernelsHelper());
                }
                return new Oracle.Row(OracleLoop.BTRFS_SEARCH, layout, ARGS, size, Verdict.LIVELOCK, 0, lo.verdict(),
                        lo.verdict() == Verdict.LIVELOCK ? 0 : lo.bytes(), -1, lo.verdict() == Verdict.LIVELOCK ? null
                        : "the real ioctl did not return within 20 s (the kernel's own livelock); the model did");
            } finally {
                Unistd.close(fd);
            }
            if (result < 0 && result != -Errno.EFAULT.number()) {
                throw new IllegalStateException(String.format(Locale.ENGLISH, "ioctl on %s failed with %s", layout,
                        Errno.describe((int) -result)));
            }
            final List<Long> sizes = lens.isEmpty() ? tree : lens;
            final Outcome o;
            try (Region m = Regions.of(layout, Backing.MEMFD)) {
                o = new BtrfsSearch(i -> sizes.get((int) (i % sizes.size()))).run(m, ARGS, size, kernelsHelper());
            }
            kv = result < 0 ? Verdict.EFAULT : kernelBytes >= o.requested() ? Verdict.COMPLETE : Verdict.SHORT;
            final boolean agree = kv == o.verdict() && kernelBytes == o.bytes();
            return new Oracle.Row(OracleLoop.BTRFS_SEARCH, layout, ARGS, size, kv, kernelBytes, o.verdict(), o.bytes(), -1,
                    agree ? null : Oracle.UNEXPLAINED);
        }
    }
}
