package dev.faultline.oracle;

import dev.faultline.faultin.Progress;
import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.DirectIo;
import dev.faultline.loops.Gfs2Read;
import dev.faultline.loops.Loop;
import dev.faultline.loops.LoopConfig;
import dev.faultline.loops.Loops;
import dev.faultline.loops.Outcome;
import dev.faultline.loops.PerformWrite;
import dev.faultline.loops.Verdict;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.mte.Regions;
import dev.faultline.sys.Errno;
import dev.faultline.sys.Fcntl;
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

/**
 * The real kernel as oracle: for the same region, offset and size, the real syscall next to the
 * loop model, both verdicts and byte counts side by side.
 * <ul>
 *   <li>perform-write: {@code pwrite(file, user, n, 0)} on a regular file of this machine's disk
 *       (ext4: generic_perform_write's iomap twin) against {@link PerformWrite};</li>
 *   <li>buffered-read: {@code pread(file, user, n, 0)} (filemap_read) against {@link Gfs2Read},
 *       whose copy-then-fault-in loop ends where filemap_read's faulting copy ends;</li>
 *   <li>dio: {@code pread} with O_DIRECT (ext4's iomap direct I/O, 512-byte blocks here)
 *       against {@link DirectIo} with {@code --block 512}.</li>
 * </ul>
 * The model runs with the page strategy (what these kernel paths fault in with) and its
 * {@code nofault} copy. Every disagreement carries its explanation.
 */
public final class Oracle {
    /** Logical block size used for direct I/O (the machine's disk reports 512). */
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
        /** @return whether verdict and bytes agree (an agreeing row may carry kernel evidence) */
        public boolean agree() {
            return kernel == model && kernelBytes == modelBytes;
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
    private static final OracleLoop[] FILE_LOOPS = {OracleLoop.PERFORM_WRITE, OracleLoop.BUFFERED_READ, OracleLoop.DIO};

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

    private static Path dataFile(final Path work, final OracleLoop loop) {
        return work.resolve("oracle-" + loop.word() + ".dat");
    }

    private static void deleteIfExists(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int open(final Path file, final int flags) {
        try (Arena a = Arena.ofConfined()) {
            return (int) SyscallException.check("open", Fcntl.open(a.allocateFrom(file.toString()).address(),
                    flags | Fcntl.O_CLOEXEC, 0644), file.toString());
        }
    }

    private static void fill(final Path file, final long n) {
        try {
            final byte[] data = new byte[(int) n];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 13 + 1);
            }
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leading bytes of the buffer that hold the file's data ({@link #fill}'s pattern). */
    private static long landed(final Region r, final Case c) {
        final dev.faultline.uaccess.CopyResult back = dev.faultline.uaccess.UserCopies.fromUser(
                dev.faultline.uaccess.VmCopy.INSTANCE, r, c.offset(), c.size());
        long n = 0;
        while (n < back.data().length && back.data()[(int) n] == (byte) (n * 13 + 1)) {
            n++;
        }
        return n;
    }

    /**
     * The fault-in shape of the running kernel's file loops: before 5.16 generic_perform_write
     * faulted in each whole chunk with the int-returning helper and bailed on any failure
     * (docs/kernel.md#generic_perform_write). Chosen by version, as the code shape is what differs.
     */
    static KernelEra fileLoopEra() {
        final int[] v = KernelFs.kernelVersion();
        return v[0] < 5 || v[0] == 5 && v[1] < 16 ? KernelEra.PRE_5_16 : KernelEra.CURRENT;
    }

    /** @return why the dio comparison cannot run on this kernel, or null */
    public static String dioUnavailable() {
        return dev.faultline.sys.KernelFeatures.populate() ? null
                : "the dio model pins pages with MADV_POPULATE_WRITE, which needs Linux 5.14 or newer";
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
     * Runs the cases of the named loops (perform-write, buffered-read, dio; others ignored).
     *
     * @param dir a directory; where its file system has no direct I/O (tmpfs), the files go to
     *            an ext4 image loop-mounted inside it
     * @param keep whether the data files (and such an image, unmounted) stay afterwards
     * @return the rows, and where they ran
     */
    public static FileRun run(final Path dir, final List<String> only, final boolean keep, final Progress progress) {
        final OracleLoop[] loops = java.util.stream.Stream.of(FILE_LOOPS)
                .filter(l -> only.contains(l.word()))
                .filter(l -> l != OracleLoop.DIO || dioUnavailable() == null)
                .toArray(OracleLoop[]::new);
        return run(dir, loops, l -> cases(Unistd.pageSize(), l == OracleLoop.DIO), keep, progress);
    }

    /**
     * Runs one case of a file loop (perform-write, buffered-read or dio) on the real kernel path
     * beside the model of the same file system.
     *
     * @param dir    as for {@link #run(Path, List, boolean, Progress)}
     * @param layout the region
     * @param offset the buffer's start in it
     * @param size   bytes (dio: whole {@link #BLOCK}s)
     * @param keep   as for {@link #run(Path, List, boolean, Progress)}
     * @return one row
     * @throws IllegalArgumentException for a loop that is not a file loop, or dio where it cannot run
     */
    public static FileRun runCase(final Path dir, final OracleLoop loop, final String layout, final long offset,
                                  final long size, final boolean keep) {
        if (!java.util.Arrays.asList(FILE_LOOPS).contains(loop)) {
            throw new IllegalArgumentException(loop + " is not a file loop; use perform-write, buffered-read or dio");
        }
        if (loop == OracleLoop.DIO && dioUnavailable() != null) {
            throw new IllegalArgumentException("dio: " + dioUnavailable());
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
        if (loops.length == 0) {
            return new FileRun(dir, null, rows);
        }
        try (KernelFs.DirectIoDir direct = KernelFs.DirectIoDir.in(dir, keep)) {
            try {
                runFileLoops(direct.path(), direct.fileSystem(), loops, caseSet, rows, progress);
            } finally {
                for (final OracleLoop l : loops) {
                    if (!keep) {
                        deleteIfExists(dataFile(direct.path(), l)); // kept: the last case's data
                    }
                }
            }
            return new FileRun(direct.path(), direct.fileSystem(), rows);
        }
    }

    private static void runFileLoops(final Path work, final String fileSystem, final OracleLoop[] loops,
                                     final java.util.function.Function<OracleLoop, List<Case>> caseSet,
                                     final List<Row> rows, final Progress progress) {
        final long page = Unistd.pageSize();
        final KernelEra era = fileLoopEra();
        final int total = loops.length;
        int step = 0;
        for (final OracleLoop loop : loops) {
            final boolean direct = loop == OracleLoop.DIO;
            final boolean write = loop == OracleLoop.PERFORM_WRITE;
            for (final Case c : caseSet.apply(loop)) {
                final Path file = dataFile(work, loop);
                fill(file, Math.max(4 * page, (c.size() + page - 1) / page * page));
                final long kernel;
                long landed = -1;
                try (Region r = Regions.of(c.layout(), Backing.ANON)) {
                    final long user = r.address(c.offset(), c.size());
                    final int fd = open(file, write ? Fcntl.O_RDWR | Fcntl.O_TRUNC
                            : direct ? Fcntl.O_RDONLY | Fcntl.O_DIRECT : Fcntl.O_RDONLY);
                    try (Region.Lease l = r.lease()) {
                        kernel = write ? Unistd.pwrite(fd, user, c.size(), 0)
                                : Unistd.pread(fd, user, c.size(), 0);
                    } finally {
                        Unistd.close(fd);
                    }
                    if (!write) {
                        landed = landed(r, c);
                    }
                    if (kernel < 0 && kernel != -Errno.EFAULT.number()) {
                        throw new IllegalStateException(String.format(Locale.ENGLISH,
                                "%s on %s [%d,+%d) failed with %s", loop, c.layout(), c.offset(), c.size(),
                                Errno.describe((int) -kernel)));
                    }
                }
                final Loop model = Loops.byName(loop.modelOn(fileSystem).word());
                final Outcome o;
                try (Region r = Regions.of(c.layout(), Backing.ANON)) {
                    o = model.run(r, c.offset(), c.size(), LoopConfig.of(Strategy.PAGE).withBlock(BLOCK).withEra(era));
                }
                final long kb = Math.max(0, kernel);
                final Verdict kv = verdictOf(kernel, c.size());
                final boolean agree = kv == o.verdict() && kb == o.bytes();
                rows.add(new Row(loop, c.layout(), c.offset(), c.size(), kv, kb, o.verdict(), o.bytes(), landed,
                        agree ? null : Explanations.of(loop, o, kv, kb, landed)));
            }
            progress.step(loop.word(), ++step, total);
        }
        progress.done();
    }
}
