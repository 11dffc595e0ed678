package dev.faultline.cli;

import dev.faultline.mte.Mte;
import dev.faultline.report.Json;
import dev.faultline.report.ScanReport;
import dev.faultline.scan.Repro;
import dev.faultline.scan.Scan;
import dev.faultline.scan.ScanCall;
import dev.faultline.scan.ScanCase;
import dev.faultline.scan.ScanCases;
import dev.faultline.scan.ScanDriver;
import dev.faultline.scan.ScanRecord;
import dev.faultline.scan.ScanRow;
import dev.faultline.sys.KernelFeatures;
import dev.faultline.sys.Unistd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code scan}: the real kernel's copy paths, every file system, classified by rule. */
final class ScanCommand implements Command {
    final CommonOptions common = new CommonOptions();

    boolean shortForm;
    List<String> fileSystems;
    List<String> calls;
    String repro;
    String expect;
    boolean allowUnkillable;
    Path dir;
    String format;
    Path out;
    Path svg;
    Path record;
    int lanes;

    @Override
    public Spec spec() {
        final Spec s = new Spec("scan", "Run the real kernel's read and write paths on every file system against"
                + " partially accessible buffers, each call in a child process, and classify what each did by rule.");
        common.declare(s);
        s.flag("--short", v -> shortForm = v).describe("CI's form: pread/pwrite, preadv2/pwritev2 and io_uring's read"
                + " and write, every call that is not a file's read or write, one buffered offset and two direct ones (page- and sector-aligned), the private buffer;"
                + " without it: every call, three offsets each, private, shared and file buffers");
        s.list("--fs", v -> fileSystems = v).words(Scan::fileSystems)
                .describe("file systems, comma separated: ${COMPLETION-CANDIDATES} (default: all; one the machine"
                        + " cannot make is skipped with the reason)");
        s.list("--calls", v -> calls = v).words(ScanCommand::callWords)
                .describe("syscalls, comma separated: ${COMPLETION-CANDIDATES} (default: all)");
        s.string("--repro", v -> repro = v).label("CASE").describe("print a standalone C reproducer of one case"
                + " (FS/CALL/MODE/BACKING/LAYOUT/OFFSET/SIZE, as the report names it) instead of scanning");
        s.string("--expect", v -> expect = v).label("VERDICT").describe("with --repro: the verdict the"
                + " reproducer checks for (SHORT 512, LIVELOCK, ...) instead of running the case here first (for a"
                + " case found where this machine cannot run it: a file system it lacks, MTE)");
        s.flag("--allow-unkillable", v -> allowUnkillable = v).describe("also start the cases known to keep a CPU"
                + " until reboot on this kernel (outside the emulated machine they are left out)");
        s.path("--dir", v -> dir = v).byDefault("target/scan").label(OutputPath.DIR)
                .describe("where the file system images are made and mounted; removed at the end (default: ${DEFAULT-VALUE})");
        s.string("--format", v -> format = v).byDefault("table").words(() -> List.of("table", "markdown", "ktap"))
                .describe("${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); not with --json");
        s.path("--out", v -> out = v).label("FILE").describe("write the report to FILE instead of stdout");
        s.path("--record", v -> record = v).label("FILE").describe("keep each case's result in FILE as it comes in, and"
                + " do not run again a case FILE has: after a case SIGKILL did not end (UNKILLABLE), reboot and run the"
                + " same command to resume after it");
        s.integer("--lanes", v -> lanes = v).byDefault(Integer.toString(Scan.defaultLanes())).label("N")
                .describe("scan N file systems at once, each with its driver's calls on a CPU of its own; 1: one"
                        + " after the other (default: ${DEFAULT-VALUE}, one per CPU here, at most " + Scan.MAX_DEFAULT_LANES + ")");
        s.path("--svg", v -> svg = v).label("FILE").describe("also draw the scan as SVG into FILE: file systems down,"
                + " call and mode across, colour = the worst verdict of a cell");
        return s;
    }

    static List<String> callWords() {
        return java.util.Arrays.stream(ScanCall.values()).map(ScanCall::word).toList();
    }

    @Override
    public int call(final Invocation in) {
        common.refuseBacking(in, "the scan's buffers are private, shared and file mappings of its own");
        common.refuseWithJson(in, "--format");
        if (!List.of("table", "markdown", "ktap").contains(format)) {
            throw new BadInput("unknown --format \"" + format + "\"; use table, markdown or ktap");
        }
        if (expect != null && repro == null) {
            throw new BadInput("--expect goes with --repro CASE");
        }
        if (repro != null) { // the case runs here first, unless --expect: the reproducer carries the verdict
            final ScanCase c = ScanCase.parse(repro);
            if (expect != null) {
                emit(in, Repro.source(c, Repro.verdict(expect)));
                return 0;
            }
            final ScanRow row = Scan.runOne(c, allowUnkillable, dir);
            emit(in, Repro.source(c, row.ran() ? row.verdictText() : null));
            return 0;
        }
        final List<String> fs = fileSystems == null ? Scan.fileSystems() : fileSystems;
        fs.forEach(f -> {
            if (!Scan.fileSystems().contains(f)) {
                throw new BadInput("unknown file system \"" + f + "\"; the scan knows " + String.join(", ", Scan.fileSystems()));
            }
        });
        final java.util.Set<ScanCall> named = Scan.calls(calls, shortForm);
        final ScanCases.Plan plan = new ScanCases.Plan(named, shortForm, Mte.available(), KernelFeatures.guard(),
                named.stream().anyMatch(c -> c.shape() == ScanCall.Shape.FRAME) ? ScanDriver.frameBytes() : 0);
        if (lanes < 1) {
            throw new BadInput("--lanes takes 1 or more, not " + lanes);
        }
        final ScanRecord kept;
        try {
            kept = record == null ? ScanRecord.NONE : ScanRecord.open(record);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        final List<Scan.FsRun> runs = Scan.run(new Scan.Options(fs, plan, allowUnkillable, dir, kept, lanes),
                ConsoleProgress.of(in.err(), common.quiet));
        final Map<String, Object> machine = machine();
        if (svg != null) {
            try {
                Files.writeString(svg, dev.faultline.report.ScanPicture.svg(runs, "faultline scan" + (shortForm
                        ? " --short" : "") + ": Linux " + machine.get("kernel") + " " + machine.get("machine") + ", "
                        + machine.get("pageSize") + "-byte pages, MTE " + (Mte.available() ? "yes" : "no")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (common.json) {
            emit(in, Json.write(Provenance.with(ScanReport.json(runs, machine))) + "\n");
        } else {
            final String line = String.format(Locale.ENGLISH, "Linux %s %s, %d-byte pages, MTE %s%s",
                    machine.get("kernel"), machine.get("machine"), Unistd.pageSize(), Mte.available() ? "yes" : "no",
                    shortForm ? "; scan --short" : "");
            emit(in, format.equals("ktap") ? ScanReport.ktap(runs, line)
                    : ScanReport.text(runs, line, format.equals("markdown")));
        }
        return 0;
    }

    private void emit(final Invocation in, final String text) {
        if (out == null) {
            in.out().print(text);
            in.out().flush();
            return;
        }
        try {
            Files.writeString(out, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return what decided the results: {@link Provenance#of()} and whether MTE was used */
    static Map<String, Object> machine() {
        final Map<String, Object> m = new LinkedHashMap<>(Provenance.of());
        m.put("mte", Mte.available());
        return m;
    }
}
