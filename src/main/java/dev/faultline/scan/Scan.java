package dev.faultline.scan;

import dev.faultline.faultin.Progress;
import dev.faultline.memory.Layout;
import dev.faultline.oracle.KnownUnkillable;
import dev.faultline.sys.Unistd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The scan: for each file system, make it, run its cases through the driver, classify each by
 * {@link Rules}, name the finding of each anomaly and the model of each path.
 */
public final class Scan {
    /**
     * Seconds a call may take before it counts as not returning: a case takes milliseconds, also in
     * the emulated machine (a spinning one then costs this, half a second of sampling, a second for
     * the handled signal and the SIGKILL: about 3.5 s).
     */
    public static final double DEADLINE = 2;

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
     */
    public record Options(List<String> fileSystems, ScanCases.Plan plan, boolean allowUnkillable, Path work,
                          ScanRecord record) {
    }

    /**
     * The scan of one file system.
     *
     * @param fs      the file system
     * @param skipped why it was not scanned, or null
     * @param rows    its cases
     * @param seconds how long it took (making the file system included)
     */
    public record FsRun(String fs, String skipped, List<ScanRow> rows, double seconds) {
    }

    /**
     * Runs the scan.
     *
     * @param progress one step per case
     * @return one run per file system, in order
     */
    public static List<FsRun> run(final Options o, final Progress progress) {
        final List<FsRun> out = new ArrayList<>();
        String stuck = null;
        for (final String fs : o.fileSystems()) {
            final long t0 = System.nanoTime();
            final List<ScanCase> cases = ScanCases.of(fs, o.plan(), Unistd.pageSize());
            final boolean allRecorded = cases.stream().allMatch(c -> o.record().result(c) != null
                    || o.record().unkillableLike(c) != null);
            final String why = stuck != null ? stuck : allRecorded ? null : ScanDir.unavailable(fs);
            if (why != null) {
                out.add(new FsRun(fs, why, List.of(), 0));
                continue;
            }
            final ScanDir dir;
            try {
                dir = allRecorded ? null : ScanDir.make(fs, o.work());
            } catch (IllegalStateException cannotMake) {
                out.add(new FsRun(fs, cannotMake.getMessage(), List.of(), (System.nanoTime() - t0) / 1e9));
                continue;
            }
            final List<ScanRow> rows;
            try {
                rows = run(dir == null ? o.work() : dir.path(), cases, o.allowUnkillable(), o.record(), progress);
            } catch (RuntimeException e) {
                if (dir != null) {
                    dir.close();
                }
                throw e;
            }
            out.add(new FsRun(fs, null, rows, (System.nanoTime() - t0) / 1e9));
            // a case recorded UNKILLABLE on an earlier boot left its task there, not here
            final ScanRow wedged = rows.stream().filter(r -> r.verdict() == ScanVerdict.UNKILLABLE
                    && !r.note().endsWith(RECORDED)).findFirst().orElse(null);
            if (wedged == null) {
                if (dir != null) {
                    dir.close();
                }
                continue;
            }
            // its task may hold the file system (an inode lock, a CPU that RCU waits for): an unmount could hang
            // for good, so the file system stays mounted until the reboot that ends the task
            stuck = ScanDriver.AFTER_UNKILLABLE + ": case " + wedged.scanCase() + " left a task SIGKILL did not end;"
                    + " a fresh boot resumes after it" + (dir == null ? "" : " (" + dir.path() + " stays mounted)");
        }
        progress.done();
        return out;
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
        final List<ScanCase> runnable = new ArrayList<>();
        for (final ScanCase c : cases) {
            if (record.result(c) == null && record.unkillableLike(c) == null
                    && (allowUnkillable || KnownUnkillable.emulated() || unkillable(c) == null)) {
                runnable.add(c);
            }
        }
        final List<ScanResult> results = runnable.isEmpty() ? List.of()
                : ScanDriver.run(dir, runnable, DEADLINE, record, progress);
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
