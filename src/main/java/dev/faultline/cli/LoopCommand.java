package dev.faultline.cli;

import dev.faultline.faultin.Strategy;
import dev.faultline.loops.BailRule;
import dev.faultline.loops.FaultHook;
import dev.faultline.loops.Loop;
import dev.faultline.loops.LoopName;
import dev.faultline.loops.Loops;
import dev.faultline.loops.Outcome;
import dev.faultline.memory.Backing;
import dev.faultline.oracle.Oracle;
import dev.faultline.oracle.OracleLoop;
import dev.faultline.report.Fields;
import dev.faultline.memory.Region;
import dev.faultline.race.Injector;
import dev.faultline.race.InjectorKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code loop}: one run of a kernel loop model. */
final class LoopCommand implements Command {
    final CommonOptions common = new CommonOptions();

    final RegionOptions range = new RegionOptions();

    final LoopOptions loopOptions = new LoopOptions();

    String loop;
    String strategy;
    String inject;
    double rate;
    long seed;
    String bail;
    java.nio.file.Path svg;
    boolean oracle;

    @Override
    public Spec spec() {
        final Spec s = new Spec("loop", "One run of a kernel loop model against a real region; prints the verdict.");
        common.declare(s);
        range.declare(s);
        loopOptions.declare(s);
        s.string("--loop", v -> loop = v).required().words(Words::loopNames)
                .describe("the kernel loop model: ${COMPLETION-CANDIDATES}");
        FaultInOptions.loopStrategy(s, v -> strategy = v);
        s.string("--inject", v -> inject = v).words(Words::injectors).describe("take pages away again after a"
                + " fault-in: ${COMPLETION-CANDIDATES} (default: none)");
        s.decimal("--rate", v -> rate = v).byDefault("0.5").label("P").describe("with --inject: injection"
                + " probability per fault-in, 0..1 (default: ${DEFAULT-VALUE})");
        s.whole("--seed", v -> seed = v).byDefault("1").label("X")
                .describe("with --inject: the injector's seed (default: ${DEFAULT-VALUE})");
        s.string("--bail", v -> bail = v).byDefault("both-fail").words(Words::policies)
                .describe("when a stalled loop gives up: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE});"
                        + " both-fail: only where the kernel's loop does; second-fault: when a copy fails right after"
                        + " a fault-in that reported everything faulted in; after-K: after K stalled rounds in a row,"
                        + " K >= 1, e.g. after-3");
        s.path("--svg", v -> svg = v).label(OutputPath.FILE).describe("also write the loop trace (each round's"
                + " fault-in and transfers across the buffer) as an SVG picture to FILE (its directory must exist)");
        s.flag("--oracle", v -> oracle = v).describe("also run the same case through the real kernel path beside"
                + " the model of that file system (oracle --loop; files under " + ORACLE_DIR + "): perform-write,"
                + " gfs2-read, dio, ext4-dio, btrfs-dio");
        return s;
    }

    /** Where {@code --oracle} puts its files: the oracle command's default directory. */
    private static final String ORACLE_DIR = "target/oracle";


    /** The refusals of {@code --oracle}, before any work: the one line says why. */
    private OracleLoop oraclePath(final Loop l) {
        if (inject != null) {
            throw new IllegalArgumentException("--oracle runs the real kernel path, which takes no --inject");
        }
        if (common.backing() != Backing.ANON) {
            throw new IllegalArgumentException("--oracle: the oracle's buffers are private anonymous memory; leave"
                    + " --backing out");
        }
        return OracleLoop.caseFor(l.id()).orElseThrow(() -> new IllegalArgumentException("--oracle: " + l.name()
                + switch (l.id()) {
                    case GFS2_DIO_HOLE -> "'s read fills the whole region from a sparse file on a gfs2 image";
                    case KCORE_READ -> "'s read fills the whole region from a vmalloc address";
                    default -> "'s ioctl fills the whole region";
                } + "; use oracle --loop " + l.name() + " --layout L"));
    }

    /**
     * Runs the case through {@link Oracle#runCase} and adds its row to {@code m}.
     *
     * @return the text lines: the real path with its verdict, bytes and {@code landed}, and the
     *         model of that file system beside it
     */
    private String kernelBeside(final OracleLoop path, final String layout, final long n,
                                final Map<String, Object> m) {
        final Path dir = Path.of(ORACLE_DIR);
        final boolean made = !Files.exists(dir);
        final Oracle.FileRun run;
        try {
            run = Oracle.runCase(dir, path, layout, range.offset, n, false);
        } finally {
            if (made) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // not empty: something else wrote there
                }
            }
        }
        final Oracle.Row row = run.rows().get(0);
        final String on = path == OracleLoop.BTRFS_DIO ? "btrfs" : run.fileSystem();
        m.put("oracle", Fields.oracleRow(row));
        m.put("oracleOn", on);
        return String.format(Locale.ENGLISH, "%nkernel: %s on %s: %s %d, landed %s; model %s: %s %d; %s", path, on,
                row.kernel(), row.kernelBytes(), row.landed() < 0 ? "-" : Long.toString(row.landed()),
                path.modelOn(on), row.model(), row.modelBytes(), row.agree() ? "agree"
                        : "DISAGREE: " + row.explanation());
    }

    /** The verdict as printed: a model's LIVELOCK says what it means (no progress for --max-rounds rounds). */
    private String verdictWords(final Outcome o) {
        return o.verdict() == dev.faultline.loops.Verdict.LIVELOCK
                ? "LIVELOCK (model: no progress in " + loopOptions.maxRounds + " rounds, --max-rounds)"
                : o.verdict().name();
    }

    @Override
    public int call(final Invocation in) {
        if (inject == null) {
            for (final String o : new String[] {"--rate", "--seed"}) {
                if (in.matched(o)) {
                    throw new BadInput(o
                            + " shapes the injector: give it with --inject (zap, pageout or mprotect), or leave it out");
                }
            }
        }
        final Loop l = Loops.byName(loop);
        final String missing = l.id().missingIn(dev.faultline.faultin.KernelEra.of(loopOptions.kernel));
        if (missing != null) {
            throw new BadInput("--kernel " + loopOptions.kernel + " --loop " + loop + ": no such loop in that kernel ("
                    + missing + ")");
        }
        final Strategy s = strategy.equals(FaultInOptions.KERNEL)
                ? l.id().kernelStrategy(dev.faultline.faultin.KernelEra.of(loopOptions.kernel)) : Strategy.of(strategy);
        final BailRule rule = BailRule.of(bail);
        final OracleLoop path = oracle ? oraclePath(l) : null;
        try (Region r = range.open(common.backing())) {
            final long n = range.size(r);
            final FaultHook hook = inject == null ? FaultHook.NONE
                    : new Injector(InjectorKind.of(inject), r, rate, seed);
            final long t0 = System.nanoTime();
            final dev.faultline.faultin.Progress progress = ConsoleProgress.of(in.err(), common.quiet);
            final Outcome o;
            try {
                o = l.run(r, range.offset, n, loopOptions.config(s).with(hook, rule).withProgress(progress));
            } finally {
                progress.done();
            }
            final long micros = (System.nanoTime() - t0) / 1000;
            final Map<String, Object> m = Fields.outcome(o);
            m.put("strategy", s.word());
            m.put("strategyAsked", strategy);
            m.put("era", loopOptions.kernel);
            m.put("block", loopOptions.block);
            m.put("maxRounds", loopOptions.maxRounds);
            m.put("probe", dev.faultline.faultin.ProbeMechanisms.current().name());
            m.put("layout", r.layout().text());
            m.put("offset", range.offset);
            m.put("size", n);
            m.put("copy", loopOptions.copy);
            m.put("inject", inject);
            m.put("bail", rule.name());
            m.put("micros", micros);
            String picture = "";
            if (svg != null) {
                MatrixOptions.writeFile(svg, dev.faultline.report.LoopTrace.svg(o, String.format(Locale.ENGLISH,
                        "%s with %s over %s [%d, +%d)", o.loop(), s.word(), r.layout().text(), range.offset, n), n,
                        r.pageSize()));
                m.put("svg", svg.toString());
                picture = "\nloop trace: " + svg;
            }
            final String kernel = path == null ? "" : kernelBeside(path, r.layout().text(), n, m);
            common.print(in.out(), m, String.format(Locale.ENGLISH,
                    "%s with %s over %s [%d, +%d): %s, %d of %d bytes (possible %d), %d rounds, %d probes,"
                            + " %d syscalls, %d copy faults after a clean fault-in, %d us",
                    o.loop(), s.word(), r.layout().text(), range.offset, n, verdictWords(o), o.bytes(), o.requested(),
                    o.possible(), o.rounds(), o.probes(), o.syscalls(), o.faultsAfterCleanFaultIn(), micros)
                    + (Loops.needsPopulate(l) ? String.format(Locale.ENGLISH, "%nblock: %d bytes, the device's logical"
                    + " block (--block)", loopOptions.block) : "") + picture + kernel);
            return 0;
        }
    }
}
