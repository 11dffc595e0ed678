package dev.faultline.scan;

import dev.faultline.faultin.Progress;
import dev.faultline.memory.Layout;
import dev.faultline.oracle.KnownUnkillable;
import dev.faultline.sys.Unistd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scan: for each file system, make it, run its cases through the driver, classify each by
 * {@link Rules}, name the finding of each anomaly and the model of each path.
 */
public final class Scan {
    /**
     * Seconds a call may take before it counts as not returning: a case takes milliseconds, also in
     * the emulated machine. A call that spins from the start is known after the driver's early look
     * (a quarter of a second, then half a second of sampling) and costs that and half a second for the
     * handled signal before SIGKILL: about 1.3 s; one that starts spinning later costs this, half a
     * second of sampling and the signals: about 3 s.
     */
    public static final double DEADLINE = 2;

    /**
     * Seconds after which the driver knows a call that spins from the start: its early look (a quarter
     * of a second) and half a second of sampling ({@code EARLY_SECONDS} and {@code SAMPLE_SECONDS} in
     * {@code scancall.c}).
     */
    public static final double EARLY_LOOK = 0.75;

    private Scan() {
    }

    /**
     * What to scan.
     *
     * @param fileSystems     the file systems, in order
     * @param plan            the calls and the form
     * @param allowUnkillable whether cases known to keep a CPU until reboot run outside the emulated machine
     * @param work            where images and mount points are made (removed at the end)
     * @param record          what earlier runs said, and where this one's results go ({@link ScanRecord#NONE}: nowhere)
     * @param lanes           how many file systems are scanned at once, each by its own driver on its own CPU
     */
    public record Options(List<String> fileSystems, ScanCases.Plan plan, boolean allowUnkillable, Path work,
                          ScanRecord record, int lanes) {
        /** @throws IllegalArgumentException when {@code lanes} is below 1 */
        public Options {
            if (lanes < 1) {
                throw new IllegalArgumentException("a scan runs on 1 lane or more, not " + lanes);
            }
        }
    }

    /**
     * @return the lanes a scan uses when not told: one per CPU, at most {@value #MAX_DEFAULT_LANES} (each
     *         lane makes its own file system image beside the others)
     */
    public static int defaultLanes() {
        return Math.max(1, Math.min(MAX_DEFAULT_LANES, Runtime.getRuntime().availableProcessors()));
    }

    /** The most lanes a scan takes by itself. */
    public static final int MAX_DEFAULT_LANES = 4;

    /**
     * The scan of one file system.
     *
     * @param fs      the file system
     * @param skipped why it was not scanned, or null
     * @param rows    its cases
     * @param seconds how long it took (making the file system included)
     * @param lane    the lane that scanned it (0 when it ran alone)
     */
    public record FsRun(String fs, String skipped, List<ScanRow> rows, double seconds, int lane) {
        /** A file system scanned on lane 0. */
        public FsRun(final String fs, final String skipped, final List<ScanRow> rows, final double seconds) {
            this(fs, skipped, rows, seconds, 0);
        }
    }

    /** Making and removing file systems (mkfs, loop devices, mounts) is done by one lane at a time. */
    private static final Object MOUNTS = new Object();

    /**
     * Runs the scan: {@link Options#lanes()} lanes take the file systems in order, lane l the l-th
     * first, then each the next one not taken. A case that leaves a task SIGKILL did not end stops
     * every lane before its next case (the task may hold a CPU and locks; what is not started says
     * so), and nothing is unmounted after it.
     *
     * @param progress one step per case, over all file systems
     * @return one run per file system, in order
     */
    public static List<FsRun> run(final Options o, final Progress progress) {
        final List<String> fss = o.fileSystems();
        final FsRun[] out = new FsRun[fss.size()];
        final int lanes = Math.min(o.lanes(), Math.max(1, fss.size()));
        final AtomicInteger next = new AtomicInteger(lanes); // lane l starts with file system l
        final AtomicReference<String> stuck = new AtomicReference<>();
        final Progress overall = Progress.overall(progress, fss.stream()
                .mapToLong(fs -> ScanCases.of(fs, o.plan(), Unistd.pageSize()).size()).sum());
        final Runnable[] lane = new Runnable[lanes];
        for (int l = 0; l < lanes; l++) {
            final int n = l;
            lane[l] = () -> {
                for (int i = n; i < fss.size(); i = next.getAndIncrement()) {
                    out[i] = scanOne(fss.get(i), n, o, stuck, overall);
                }
            };
        }
        Lanes.run(lane);
        progress.done();
        return List.of(out);
    }

    /** @return the scan of one file system on a lane; sets {@code stuck} when one of its cases did not end */
    private static FsRun scanOne(final String fs, final int lane, final Options o, final AtomicReference<String> stuck,
                                 final Progress progress) {
        final long t0 = System.nanoTime();
        final List<ScanCase> cases = ScanCases.of(fs, o.plan(), Unistd.pageSize());
        final boolean allRecorded = cases.stream().allMatch(c -> o.record().result(c) != null
                || o.record().unkillableLike(c) != null);
        final String why = stuck.get() != null ? stuck.get() : allRecorded ? null : ScanDir.unavailable(fs);
        if (why != null) {
            return new FsRun(fs, why, List.of(), 0, lane);
        }
        final ScanDir dir;
        try {
            synchronized (MOUNTS) {
                dir = allRecorded ? null : ScanDir.make(fs, o.work());
            }
        } catch (IllegalStateException cannotMake) {
            return new FsRun(fs, cannotMake.getMessage(), List.of(), (System.nanoTime() - t0) / 1e9, lane);
        }
        final List<ScanRow> rows;
        try {
            rows = run(dir == null ? o.work() : dir.path(), cases, o.allowUnkillable(), o.record(), progress, lane,
                    stuck::get);
        } catch (RuntimeException e) {
            close(dir);
            throw e;
        }
        final FsRun done = new FsRun(fs, null, rows, (System.nanoTime() - t0) / 1e9, lane);
        // a case recorded UNKILLABLE on an earlier boot left its task there, not here
        final ScanRow wedged = rows.stream().filter(r -> r.verdict() == ScanVerdict.UNKILLABLE
                && !r.note().endsWith(RECORDED)).findFirst().orElse(null);
        if (wedged != null) {
            // its task may hold the file system (an inode lock, a CPU that RCU waits for): an unmount could hang
            // for good, so the file system stays mounted until the reboot that ends the task
            stuck.compareAndSet(null, ScanDriver.AFTER_UNKILLABLE + ": case " + wedged.scanCase() + " left a task"
                    + " SIGKILL did not end; a fresh boot resumes after it" + (dir == null ? "" : " (" + dir.path()
                    + " stays mounted)"));
        }
        if (stuck.get() == null) {
            close(dir);
        } else if (dir != null) { // after such a case (on any lane) nothing is unmounted, not even at the JVM's end
            dir.abandon();
        }
        return done;
    }

    private static void close(final ScanDir dir) {
        if (dir != null) {
            synchronized (MOUNTS) {
                dir.close();
            }
        }
    }

    /** How the note of a row taken from the record ends. */
    static final String RECORDED = "(recorded on an earlier boot)";

    /**
     * Runs cases in a directory: those known to keep a CPU until reboot here become rows that say
     * so, unless allowed or in the emulated machine.
     *
     * @return one row per case, in order
     */
    public static List<ScanRow> run(final Path dir, final List<ScanCase> cases, final boolean allowUnkillable,
                                    final Progress progress) {
        return run(dir, cases, allowUnkillable, ScanRecord.NONE, progress);
    }

    /**
     * Runs cases in a directory, those the record has results of excepted (their rows come from it).
     *
     * @return one row per case, in order
     */
    static List<ScanRow> run(final Path dir, final List<ScanCase> cases, final boolean allowUnkillable,
                             final ScanRecord record, final Progress progress) {
        return run(dir, cases, allowUnkillable, record, progress, 0, () -> null);
    }

    /**
     * Runs cases in a directory on a lane, until {@code stop} gives a reason to start no more.
     *
     * @return one row per case, in order
     */
    static List<ScanRow> run(final Path dir, final List<ScanCase> cases, final boolean allowUnkillable,
                             final ScanRecord record, final Progress progress, final int lane,
                             final java.util.function.Supplier<String> stop) {
        final List<ScanCase> runnable = new ArrayList<>();
        for (final ScanCase c : cases) {
            if (record.result(c) == null && record.unkillableLike(c) == null
                    && (allowUnkillable || KnownUnkillable.emulated() || unkillable(c) == null)) {
                runnable.add(c);
            }
        }
        final List<ScanResult> results = runnable.isEmpty() ? List.of()
                : ScanDriver.run(dir, runnable, DEADLINE, record, progress, lane, stop);
        final List<ScanRow> rows = new ArrayList<>(cases.size());
        int next = 0;
        for (final ScanCase c : cases) {
            final ScanResult recorded = record.result(c);
            if (recorded != null) {
                final ScanRow r = row(c, recorded);
                rows.add(new ScanRow(c, r.possible(), r.result(), r.verdict(), r.note() == null ? RECORDED
                        : r.note() + " " + RECORDED, r.finding(), r.model(), r.modelSays()));
            } else if (next < runnable.size() && runnable.get(next) == c) {
                rows.add(row(c, results.get(next++)));
            } else if (record.unkillableLike(c) != null) {
                rows.add(new ScanRow(c, possible(c), null, null, ScanDriver.AFTER_UNKILLABLE + ": its path left a task"
                        + " SIGKILL did not end on an earlier boot (case " + record.unkillableLike(c) + ")", null,
                        Models.of(c), null));
            } else {
                rows.add(new ScanRow(c, possible(c), null, null, KnownUnkillable.refusal(c.toString(), unkillable(c)),
                        null, Models.of(c), null));
            }
        }
        return rows;
    }

    /**
     * Runs one case on a file system made for it.
     *
     * @throws IllegalArgumentException when the file system cannot be had here (why)
     */
    public static ScanRow runOne(final ScanCase c, final boolean allowUnkillable, final Path work) {
        final String why = ScanDir.unavailable(c.fs());
        if (why != null) {
            throw new IllegalArgumentException(c.fs() + " cannot be made here: " + why);
        }
        try (ScanDir dir = ScanDir.make(c.fs(), work)) {
            return run(dir.path(), List.of(c), allowUnkillable, Progress.NONE).get(0);
        }
    }

    /** @return the finding of a case known to keep a CPU until reboot on the running kernel, or null */
    static String unkillable(final ScanCase c) {
        return KnownUnkillable.finding(c.fs(), c.call().operation(), c.layout().contains("~"));
    }

    /** @return the possible bytes of a case ({@link Rules#possible}) */
    static long possible(final ScanCase c) {
        final long page = Unistd.pageSize();
        return c.call().possible(Rules.possible(Layout.parse(c.layout(), page), page, c.offset(), c.size(),
                c.call().writes(), c.mode().direct()), c.size(), page);
    }

    /** @return the row of a case and what the driver saw */
    static ScanRow row(final ScanCase c, final ScanResult r) {
        final long possible = possible(c);
        if (r.outcome() == ScanResult.Outcome.UNSUPPORTED) {
            return new ScanRow(c, possible, r, null, r.why(), null, Models.of(c), null);
        }
        final ScanVerdict v = Rules.verdict(r, possible);
        final ScanRow bare = new ScanRow(c, possible, r, v, Rules.note(r, v, possible), null, Models.of(c), null);
        return new ScanRow(c, possible, r, v, bare.note(), Findings.of(bare), bare.model(),
                bare.model() == null ? null : ModelCheck.of(bare));
    }

    /**
     * @param words     the calls named on the command line, or null
     * @param shortForm whether the short form runs
     * @return the calls named; when none is, the short form's ({@link ScanCases#SHORT_CALLS}) or all
     */
    public static Set<ScanCall> calls(final List<String> words, final boolean shortForm) {
        if (words == null) {
            return shortForm ? ScanCases.SHORT_CALLS : Set.of(ScanCall.values());
        }
        final Set<ScanCall> s = java.util.EnumSet.noneOf(ScanCall.class);
        words.forEach(w -> s.add(ScanCall.of(w)));
        return s;
    }

    /** @return the file systems the scan covers, in order */
    public static List<String> fileSystems() {
        return ScanDir.ALL;
    }
}
