package dev.faultline.oracle;

import dev.faultline.faultin.Progress;
import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.BtrfsDirectWrite;
import dev.faultline.loops.Gfs2Read;
import dev.faultline.loops.Loop;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.LoopName;
import dev.faultline.loops.Loops;
import dev.faultline.loops.Outcome;
import dev.faultline.loops.PerformWrite;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.mte.Regions;
import dev.faultline.sys.Unistd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The real kernel as oracle: for the same region, offset and size, the real syscall next to the
 * loop model, both verdicts and byte counts side by side.
 * <ul>
 *   <li>perform-write: {@code pwrite(file, user, n, 0)} on a regular file of this machine's disk
 *       (ext4: generic_perform_write's iomap twin) against {@link PerformWrite};</li>
 *   <li>buffered-read: {@code pread(file, user, n, 0)} (filemap_read) against {@link Gfs2Read},
 *       whose copy-then-fault-in loop ends where filemap_read's faulting copy ends;</li>
 *   <li>dio: {@code pread} with O_DIRECT (ext4's iomap direct I/O, 512-byte blocks here)
 *       against the model of that file system's own loop ({@link OracleLoop#modelOn}) with
 *       {@code --block 512};</li>
 *   <li>btrfs-dio: the dio cases on a btrfs image loop-mounted in the directory against
 *       {@link dev.faultline.loops.BtrfsDirectRead}, whose {@code --block} is the image's sector
 *       size (statfs {@code f_bsize}, which btrfs fills with it) and whose fault-in is the
 *       kernel's own, {@code gup}.</li>
 * </ul>
 * The other models run with the page strategy (what these kernel paths fault in with); every
 * model with its {@code nofault} copy. Every disagreement carries its explanation.
 */
public final class Oracle {
    /**
     * The unit of the direct-I/O cases' offsets and sizes: 512 bytes, the smallest logical block and
     * the DMA alignment a loop device and most disks ask of a buffer (block/blk-settings.c:
     * dma_alignment = SECTOR_SIZE - 1). The models' block is the device's own ({@link #block}).
     */
    public static final int BLOCK = 512;

    /**
     * One comparison.
     *
     * @param loop         the real kernel path
     * @param layout       the region
     * @param offset       buffer start in the region
     * @param size         bytes asked for
     * @param kernel       the real call's verdict
     * @param kernelBytes  what it returned (0 for an error)
     * @param model        the model's verdict
     * @param modelBytes   what the model transferred
     * @param landed       for reads: how many leading bytes of the buffer hold the file's data after
     *                     the real call (read back through GUP), -1 for writes
     * @param explanation  null when they agree, else why they differ
     */
    public record Row(OracleLoop loop, String layout, long offset, long size, Verdict kernel, long kernelBytes,
                      Verdict model, long modelBytes, long landed, String explanation) {
        /**
         * @return whether verdict and bytes agree (an agreeing row may carry kernel evidence), or the
         *         bytes agree and only the name differs because the model's names more (see
         *         {@link #sameBytesNamedMore()}; its explanation is then a note, not a disagreement)
         */
        public boolean agree() {
            return kernel == model && kernelBytes == modelBytes || sameBytesNamedMore();
        }

        /**
         * @return whether the kernel and the model returned the same bytes and the model's verdict only
         *         says more than the kernel can show: STUCK (it stopped short of what was possible)
         *         where a real call can only return a short count or, with nothing moved, EFAULT
         */
        public boolean sameBytesNamedMore() {
            return model == Verdict.STUCK && kernelBytes == modelBytes
                    && (kernel == Verdict.SHORT || kernel == Verdict.EFAULT && kernelBytes == 0);
        }
    }

    /**
     * One oracle run of the file loops.
     *
     * @param where      the directory the test files were in
     * @param fileSystem its file system type (/proc/self/mounts), null when no file loop ran
     * @param rows       one row per case
     */
    public record FileRun(Path where, String fileSystem, List<Row> rows) {
    }

    /**
     * The explanation of a disagreement no known cause explains: a model bug, or kernel behaviour
     * docs/kernel.md does not describe. Tests and CI look for its first word.
     */
    public static final String UNEXPLAINED = "unexplained: a model bug or kernel behaviour docs/kernel.md does not describe";

    /** The paths this class runs; btrfs-search and gfs2-read have oracles of their own. */
    private static final OracleLoop[] FILE_LOOPS = {OracleLoop.PERFORM_WRITE, OracleLoop.BUFFERED_READ, OracleLoop.DIO,
        OracleLoop.BTRFS_DIO, OracleLoop.BTRFS_DIO_WRITE};

    /** A case: layout, offset, size. */
    record Case(String layout, long offset, long size) {
    }

    private Oracle() {
    }

    /** The file loops' guard-page case: built only where the kernel has MADV_GUARD_INSTALL. */
    public static final String GUARD_LAYOUT = "rw,guard,rw*2";

    static List<Case> cases(final long page, final boolean direct) {
        final List<Case> out = new ArrayList<>();
        final List<String> layouts = new ArrayList<>(List.of("rw*4", "rw,none,rw*2", "rw*2,none,rw", "rw,hole,rw*2",
                "none,rw*3", "rw,ro,rw*2", GUARD_LAYOUT, "rw*3,none"));
        if (dev.faultline.mte.Mte.available()) {
            // sub-page faults: a mismatched granule near the start, at a page start, just before one
            layouts.addAll(List.of("rw~128+16,rw*3", "rw,rw~0+16,rw*2", "rw~" + (page - 16) + "+16,rw*3"));
        }
        final long[] offsets = direct ? new long[] {0, BLOCK, 7 * BLOCK} : new long[] {0, 100, page - 1};
        for (final String l : layouts) {
            if (l.contains("guard") && !dev.faultline.sys.KernelFeatures.guard()) {
                continue;
            }
            for (final long o : offsets) {
                // the rest of three pages, and a size that ends inside the second page
                out.add(new Case(l, o, 3 * page - (direct ? 0 : o % BLOCK)));
                out.add(new Case(l, o, direct ? 2 * page : page + 1000));
            }
        }
        return out;
    }

    /**
     * The one way a real call's result is named: all {@code n} bytes COMPLETE, some SHORT, an error
     * or nothing EFAULT (a timeout is named LIVELOCK by the caller).
     */
    static Verdict verdictOf(final long r, final long n) {
        return r >= n ? Verdict.COMPLETE : r > 0 ? Verdict.SHORT : Verdict.EFAULT;
    }

    /**
     * The fault-in shape of the running kernel's file loops: before 5.16 generic_perform_write
     * faulted in each whole chunk with the int-returning helper and bailed on any failure
     * (docs/kernel.md#generic_perform_write). Chosen by version, as the code shape is what differs.
     */
    public static KernelEra fileLoopEra() {
        return KernelFs.kernelAtLeast(5, 16) ? KernelEra.CURRENT : KernelEra.PRE_5_16;
    }

    /** @return why the dio comparison cannot run on this kernel, or null */
    public static String dioUnavailable() {
        return dev.faultline.sys.KernelFeatures.populate() ? null
                : "the dio model pins pages with MADV_POPULATE_WRITE, which needs Linux 5.14 or newer";
    }

    /** @return why the btrfs-dio comparison cannot run here (no btrfs image, or no dio model), or null */
    public static String btrfsDioUnavailable() {
        final String image = LoopImage.Fs.BTRFS.unavailable();
        return image != null ? image : dioUnavailable();
    }

    /** @return why {@code loop} cannot run here, or null */
    private static String unavailable(final OracleLoop loop) {
        return loop == OracleLoop.DIO ? dioUnavailable() : onBtrfs(loop) ? btrfsDioUnavailable() : null;
    }

    /** Whether the path reads or writes with O_DIRECT. */
    private static boolean direct(final OracleLoop loop) {
        return loop == OracleLoop.DIO || onBtrfs(loop);
    }

    /** Whether the path runs on its own btrfs image. */
    private static boolean onBtrfs(final OracleLoop loop) {
        return loop == OracleLoop.BTRFS_DIO || loop == OracleLoop.BTRFS_DIO_WRITE;
    }


    /**
     * Runs every case of every loop.
     *
     * @param dir a directory (see {@link #run(Path, List, boolean, Progress)}); nothing made stays
     * @return the rows, and where they ran
     */
    public static FileRun run(final Path dir, final Progress progress) {
        return run(dir, java.util.Arrays.stream(FILE_LOOPS).map(OracleLoop::word).toList(), false, progress);
    }

    /**
     * Runs the cases of the named loops (perform-write, buffered-read, dio, btrfs-dio; others
     * ignored; dio and btrfs-dio only where they can run, see {@link #dioUnavailable} and
     * {@link #btrfsDioUnavailable}).
     *
     * @param dir a directory; where its file system has no direct I/O (tmpfs), the files go to
     *            an ext4 image loop-mounted inside it; btrfs-dio's go to a btrfs image inside it
     * @param keep whether the data files (and such images, unmounted) stay afterwards
     * @return the rows, and where the loops other than btrfs-dio ran
     */
    public static FileRun run(final Path dir, final List<String> only, final boolean keep, final Progress progress) {
        final OracleLoop[] loops = java.util.stream.Stream.of(FILE_LOOPS)
                .filter(l -> only.contains(l.word()))
                .filter(l -> unavailable(l) == null)
                .toArray(OracleLoop[]::new);
        return run(dir, loops, l -> cases(Unistd.pageSize(), direct(l)), keep, progress);
    }

    /**
     * Runs one case of a file loop (perform-write, buffered-read or dio) on the real kernel path
     * beside the model of the same file system.
     *
     * @param dir    as for {@link #run(Path, List, boolean, Progress)}
     * @param layout the region
     * @param offset the buffer's start in it
     * @param size   bytes (dio: whole {@link #BLOCK}s; btrfs-dio: any, as btrfs reads an
     *               unaligned buffer buffered)
     * @param keep   as for {@link #run(Path, List, boolean, Progress)}
     * @return one row
     * @throws IllegalArgumentException for a loop that is not a file loop, dio or btrfs-dio where it
     *                                  cannot run, or dio with a range of part blocks
     */
    public static FileRun runCase(final Path dir, final OracleLoop loop, final String layout, final long offset,
                                  final long size, final boolean keep) {
        if (!java.util.Arrays.asList(FILE_LOOPS).contains(loop)) {
            throw new IllegalArgumentException(loop + " is not a file loop; use perform-write, buffered-read, dio"
                    + " or btrfs-dio");
        }
        if (unavailable(loop) != null) {
            throw new IllegalArgumentException(loop + " cannot run here: " + unavailable(loop));
        }
        if (loop == OracleLoop.DIO && (offset % BLOCK != 0 || size % BLOCK != 0)) {
            throw new IllegalArgumentException(String.format(Locale.ENGLISH,
                    "dio needs --offset and --size in whole %d-byte blocks: offset=%d size=%d", BLOCK, offset, size));
        }
        return run(dir, new OracleLoop[] {loop}, l -> List.of(new Case(layout, offset, size)), keep, Progress.NONE);
    }

    private static FileRun run(final Path dir, final OracleLoop[] loops,
                               final java.util.function.Function<OracleLoop, List<Case>> caseSet,
                               final boolean keep, final Progress progress) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final List<Row> rows = new ArrayList<>();
        final OracleLoop[] here = java.util.stream.Stream.of(loops).filter(l -> !onBtrfs(l))
                .toArray(OracleLoop[]::new);
        final OracleLoop[] onBtrfs = java.util.stream.Stream.of(loops).filter(Oracle::onBtrfs)
                .toArray(OracleLoop[]::new);
        final Progress counted = new Progress() {
            private int done;

            @Override
            public void step(final String what, final long ignored, final long total) {
                progress.step(what, ++done, loops.length);
            }
        };
        Path where = dir;
        String fileSystem = null;
        if (here.length > 0) {
            try (KernelFs.DirectIoDir direct = KernelFs.DirectIoDir.in(dir, keep)) {
                runFileLoops(direct, here, caseSet, rows, counted, keep);
                where = direct.path();
                fileSystem = direct.fileSystem();
            }
        }
        if (onBtrfs.length > 0) {
            try (KernelFs.DirectIoDir btrfs = KernelFs.DirectIoDir.image(LoopImage.Fs.BTRFS, dir, keep)) {
                runFileLoops(btrfs, onBtrfs, caseSet, rows, counted, keep);
            }
        }
        progress.done();
        return new FileRun(where, fileSystem, rows);
    }

    /**
     * The logical block the model of {@code loop} issues direct I/O in: btrfs's sector size, which
     * statfs reports as its block size (fs/btrfs/super.c btrfs_statfs), for btrfs's own loop; else
     * the logical block size of the device under {@code work} (iomap trims a bio to
     * bdev_logical_block_size(), fs/iomap/direct-io.c), {@link #BLOCK} where sysfs does not say.
     */
    static long block(final LoopName model, final Path work) {
        if (model != LoopName.BTRFS_DIO && model != LoopName.BTRFS_DIO_WRITE) {
            final int device = LoopDevice.logicalBlockSize(work);
            return device > 0 ? device : BLOCK;
        }
        try {
            return Files.getFileStore(work).getBlockSize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a file loop's model over a fresh region of the layout with the fault-in the loop's own
     * kernel code calls in the running kernel's era ({@link LoopName#kernelStrategy}) and the oracle's
     * block: what the model says the kernel does.
     *
     * @param model a model of a file loop, not btrfs-dio-write (it needs the btrfs image's chunk rule)
     * @return the model's outcome
     * @throws IllegalArgumentException for btrfs-dio-write
     */
    public static Outcome model(final LoopName model, final String layout, final long offset, final long size) {
        if (model == LoopName.BTRFS_DIO_WRITE) {
            throw new IllegalArgumentException("btrfs-dio-write's model needs its btrfs image's chunk rule");
        }
        if (model == LoopName.KCORE_READ) { // the running kernel's era: the retry loop from v6.4, the bounce buffer before
            try (Region r = Regions.of(layout, Backing.ANON)) {
                return new dev.faultline.loops.KcoreRead(KernelFs.kernelAtLeast(6, 4)).run(r, offset, size,
                        LoopConfig.of(Strategy.GUP));
            }
        }
        final LoopConfig config = LoopConfig.of(model.kernelStrategy(fileLoopEra())).withBlock(BLOCK)
                .withEra(fileLoopEra());
        try (Region r = Regions.of(layout, Backing.ANON)) {
            return Loops.byName(model.word()).run(r, offset, size, config);
        }
    }

    /**
     * The fault-in the model calls: btrfs's direct read its kernel's GUP-based one, the others
     * page (fault_in_readable / fault_in_writeable, btrfs's direct write included).
     */
    private static Strategy strategy(final LoopName model) {
        return model == LoopName.BTRFS_DIO ? Strategy.GUP : Strategy.PAGE;
    }

    private static void runFileLoops(final KernelFs.DirectIoDir dir, final OracleLoop[] loops,
                                     final java.util.function.Function<OracleLoop, List<Case>> caseSet,
                                     final List<Row> rows, final Progress progress, final boolean keep) {
        for (final OracleLoop l : loops) {
            if (!keep) {
                LoopImage.deleteAtExit(OracleFiles.dataFile(dir.path(), l)); // Ctrl-C: the finally below does not run
            }
        }
        try {
            runFileLoops(dir.path(), dir.fileSystem(), loops, caseSet, rows, progress);
        } finally {
            for (final OracleLoop l : loops) {
                if (!keep) {
                    OracleFiles.deleteIfExists(OracleFiles.dataFile(dir.path(), l)); // kept: the last case's data
                    LoopImage.forget(OracleFiles.dataFile(dir.path(), l));
                }
            }
        }
    }

    private static void runFileLoops(final Path work, final String fileSystem, final OracleLoop[] loops,
                                     final java.util.function.Function<OracleLoop, List<Case>> caseSet,
                                     final List<Row> rows, final Progress progress) {
        final KernelEra era = fileLoopEra();
        final int total = loops.length;
        int step = 0;
        final List<Integer> abandoned = new ArrayList<>(); // fds of calls that did not return: closed at the end
        try (Watchdog watchdog = new Watchdog("file")) {
            for (final OracleLoop loop : loops) {
                runCases(work, fileSystem, loop, caseSet.apply(loop), era, watchdog, abandoned, rows);
                progress.step(loop.word(), ++step, total);
            }
        } finally {
            abandoned.forEach(Unistd::close);
        }
        progress.done();
    }

    /**
     * The cases of one file loop, each real call under the watchdog (a call that does not return
     * within its deadline is the kernel's LIVELOCK; its fd goes to {@code abandoned}, its buffer is
     * unmapped after the evidence is taken).
     */
    private static void runCases(final Path work, final String fileSystem, final OracleLoop loop, final List<Case> cases,
                                 final KernelEra era, final Watchdog watchdog, final List<Integer> abandoned,
                                 final List<Row> rows) {
        final long page = Unistd.pageSize();
        final boolean direct = direct(loop);
        final LoopName modelName = loop.modelOn(fileSystem);
        final LoopConfig config = LoopConfig.of(strategy(modelName)).withBlock(block(modelName, work)).withEra(era);
        final boolean write = loop == OracleLoop.PERFORM_WRITE || loop == OracleLoop.BTRFS_DIO_WRITE;
        final BtrfsDirectWrite.Chunks chunks = loop == OracleLoop.BTRFS_DIO_WRITE ? BtrfsChunkRule.of(work) : null;
        for (final Case c : cases) {
            final Path file = OracleFiles.dataFile(work, loop);
            final KernelSide k = KernelSide.rerunWhileHolesTaken(() -> {
                if (loop == OracleLoop.BTRFS_DIO_WRITE) {
                    KernelFs.emptyNocow(file);
                } else {
                    OracleFiles.fill(file, Math.max(4 * page, (c.size() + page - 1) / page * page));
                }
                return KernelSide.run(loop, c, file, write, direct, watchdog, abandoned);
            });
            final long kernel = k.returned();
            final long landed = k.landed();
            final String evidence = k.evidence();
            final Loop model = modelName == LoopName.BTRFS_DIO_WRITE ? new BtrfsDirectWrite(chunks)
                    : Loops.byName(modelName.word());
            final Outcome o;
            try (Region r = Regions.of(c.layout(), Backing.ANON)) {
                o = model.run(r, c.offset(), c.size(), config);
            }
            final long kb = Math.max(0, kernel);
            final Verdict kv = evidence != null ? Verdict.LIVELOCK : verdictOf(kernel, c.size());
            final long mb = o.verdict() == Verdict.LIVELOCK ? 0 : o.bytes();
            final Row bare = new Row(loop, c.layout(), c.offset(), c.size(), kv, kb, o.verdict(), mb, landed, null);
            final String why = bare.sameBytesNamedMore() ? Explanations.namedMore(loop, o, kv, kb, landed)
                    : bare.agree() ? Watchdog.note(evidence) : Explanations.of(loop, o, kv, kb, landed);
            rows.add(new Row(loop, c.layout(), c.offset(), c.size(), kv, kb, o.verdict(), mb, landed, why));
        }
    }
}
