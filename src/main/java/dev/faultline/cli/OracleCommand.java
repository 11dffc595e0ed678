package dev.faultline.cli;

import dev.faultline.lab.LeftOut;
import dev.faultline.oracle.BtrfsOracle;
import dev.faultline.oracle.Gfs2Oracle;
import dev.faultline.oracle.KcoreOracle;
import dev.faultline.report.Fields;
import dev.faultline.report.Json;
import dev.faultline.oracle.LoopImage;
import dev.faultline.oracle.Oracle;
import dev.faultline.oracle.OracleLoop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code oracle}: the real kernel next to the models. */
final class OracleCommand implements Command {
    final CommonOptions common = new CommonOptions();

    String format;
    Path dir;
    boolean keep;
    boolean allowUnkillable;
    List<String> loops;
    String loop;
    String layout;
    Long offset;
    Long size;
    /** The command line this run serves (set by {@link #call}). */
    private Invocation in;

    @Override
    public Spec spec() {
        final Spec s = new Spec("oracle",
                "Run the real kernel path next to each loop model and compare verdicts and bytes.");
        common.declare(s);
        s.string("--format", v -> format = v).byDefault("table").words(Words::oracleFormats)
                .describe("${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); not with --json");
        s.path("--dir", v -> dir = v).byDefault("target/oracle").label(OutputPath.DIR)
                .describe("where the test files go: a disk file system (O_DIRECT); created, its parent must exist"
                        + " (default: ${DEFAULT-VALUE})");
        s.flag("--keep", v -> keep = v).describe("keep what the oracle made in --dir (file system images, unmounted;"
                + " data files; mount points) and say where on stderr; without it everything it made is removed at"
                + " the end, on an error and on Ctrl-C");
        s.flag("--allow-unkillable", v -> allowUnkillable = v).describe("also start the cases known to keep a CPU"
                + " until reboot on this kernel (btrfs search's MTE cases before 5.19); outside the emulated machine they"
                + " are left out, with one line saying so");
        s.list("--loops", v -> loops = v).byDefault("perform-write,buffered-read,dio,btrfs-dio,btrfs-dio-write,"
                + "btrfs-search,gfs2-read,gfs2-dio,gfs2-dio-hole,gfs2-dio-inline,gfs2-fiemap,kcore-read")
                .words(Words::oracleLoops).describe("which comparisons, comma separated: ${COMPLETION-CANDIDATES}"
                        + " (default: ${DEFAULT-VALUE}; gfs2-dio-4kn, gfs2's direct I/O on a loop device of 4096-byte"
                        + " sectors, only by name: its livelocks spin until the command ends)");
        s.string("--loop", v -> loop = v).words(Words::oracleLoops).describe("one case instead of the default set,"
                + " on this path: ${COMPLETION-CANDIDATES}; needs --layout");
        s.string("--layout", v -> layout = v).label("L")
                .describe("the region of the one case (layout language; with --loop)");
        s.whole("--offset", v -> offset = v).label("O")
                .describe("the one case's buffer start in the region (file loops; default 0)");
        s.whole("--size", v -> size = v).label("N").describe("the one case's bytes (file loops; default: the rest of"
                + " the region; dio: whole 512-byte blocks; btrfs-dio: any, unaligned ones are read buffered)");
        return s;
    }

    /** The rows of the one case of {@code --loop}: the real path beside the model of the same file system. */
    private Oracle.FileRun oneCase(final OracleLoop l) {
        if (layout == null) {
            throw new IllegalArgumentException("oracle --loop " + l + " needs --layout");
        }
        final long page = dev.faultline.sys.Unistd.pageSize();
        final long regionSize = dev.faultline.memory.Layout.parse(layout, page).size() * page;
        final boolean gfs2 = l.gfs2();
        if (l == OracleLoop.KCORE_READ) {
            if (offset != null || size != null) {
                throw new IllegalArgumentException("oracle --loop kcore-read takes no --offset or --size: the read"
                        + " fills the whole region from a vmalloc address");
            }
            final String why = KcoreOracle.unavailable();
            if (why != null) {
                throw new IllegalArgumentException("oracle --loop kcore-read cannot run here: " + why);
            }
            return new Oracle.FileRun(dir, null, KcoreOracle.run(List.of(layout)));
        }
        if (l == OracleLoop.GFS2_DIO || l == OracleLoop.GFS2_DIO_4KN) {
            final long o = offset == null ? 0 : offset;
            return new Oracle.FileRun(dir, null, Gfs2Oracle.runCase(dir, l, layout, o,
                    size == null ? (regionSize - o) / l.sector() * l.sector() : size, keep));
        }
        if (l == OracleLoop.BTRFS_SEARCH || gfs2) {
            if (offset != null || size != null) {
                throw new IllegalArgumentException("oracle --loop " + l + " takes no --offset or --size: "
                        + (l == OracleLoop.BTRFS_SEARCH ? "the ioctl's arguments sit at offset 0 and its buffer fills"
                        + " the rest of the region" : l == OracleLoop.GFS2_FIEMAP ? "the fiemap header sits at offset 0"
                        + " and its extent array fills the rest of the region"
                        : "the read fills the whole region from file offset 0"));
            }
            if (l == OracleLoop.BTRFS_SEARCH && layout.contains("~") && !allowUnkillable && BtrfsOracle.mteRefusal() != null) {
                throw new IllegalArgumentException(BtrfsOracle.mteRefusal());
            }
            final String why = l == OracleLoop.BTRFS_SEARCH ? BtrfsOracle.unavailable() : Gfs2Oracle.unavailable();
            if (why != null) {
                throw new IllegalArgumentException("oracle --loop " + l + " cannot run here: " + why);
            }
            return new Oracle.FileRun(dir, null, l == OracleLoop.BTRFS_SEARCH
                    ? BtrfsOracle.run(dir, List.of(layout), keep) : Gfs2Oracle.run(dir, List.of(l), List.of(layout), keep));
        }
        final long o = offset == null ? 0 : offset;
        final long n = size == null ? regionSize - o : size;
        if (o < 0 || n <= 0 || o + n > regionSize) {
            throw new IllegalArgumentException(String.format(Locale.ENGLISH,
                    "--offset %d --size %d does not fit the region of %d bytes", o, n, regionSize));
        }
        return Oracle.runCase(dir, l, layout, o, n, keep);
    }

    /** @return which model each file loop was compared with on that file system (btrfs-dio runs on its own image) */
    private static String models(final String fileSystem) {
        return java.util.Arrays.stream(OracleLoop.values()).filter(l -> l != OracleLoop.BTRFS_SEARCH && !l.gfs2()
                && l != OracleLoop.BTRFS_DIO && l != OracleLoop.BTRFS_DIO_WRITE && l != OracleLoop.KCORE_READ)
                .map(l -> l.comparison(fileSystem))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    @Override
    public int call(final Invocation invocation) {
        this.in = invocation;
        final boolean made = OutputPath.created(dir) || !java.nio.file.Files.exists(dir);
        final java.util.Set<Path> before = made ? java.util.Set.of() : entries(dir);
        if (made && !keep) {
            LoopImage.deleteAtExit(dir); // Ctrl-C: the finally below does not run
        }
        try {
            return compare();
        } finally {
            LoopImage.forget(dir);
            final List<String> kept = keep ? entries(dir).stream().filter(p -> !before.contains(p))
                    .map(p -> p.getFileName().toString()).sorted().toList() : List.of();
            if (!kept.isEmpty()) {
                in.err().println("oracle --keep: kept in " + dir + ": " + String.join(", ", kept)
                        + (kept.stream().anyMatch(k -> k.endsWith(".img"))
                        ? " (images unmounted: mount -o loop IMAGE DIR to look inside)" : ""));
                in.err().flush();
            } else if (made) { // everything inside was removed by the oracles (or nothing was made): the directory
                // goes too, if empty
                try {
                    java.nio.file.Files.deleteIfExists(dir);
                } catch (java.io.IOException ignored) {
                    // not empty: something else wrote there
                }
            }
        }
    }

    /** @return the entries of {@code d}, none when it does not exist */
    private static java.util.Set<Path> entries(final Path d) {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(d)) {
            return s.collect(java.util.stream.Collectors.toSet());
        } catch (java.io.IOException e) {
            return java.util.Set.of();
        }
    }

    private int compare() {
        common.refuseBacking(in, "the oracle's buffers are private anonymous memory");
        common.refuseWithJson(in, "--format");
        if (loop == null && (layout != null || offset != null || size != null)) {
            throw new IllegalArgumentException("--layout, --offset and --size describe one case: give --loop");
        }
        if (loop != null) {
            final OracleLoop l = OracleLoop.of(loop);
            final String notAsked = "not asked for";
            return print(oneCase(l), new Skipped(l == OracleLoop.DIO ? null : notAsked,
                    l == OracleLoop.BTRFS_DIO || l == OracleLoop.BTRFS_DIO_WRITE ? null : notAsked, l == OracleLoop.BTRFS_SEARCH ? null : notAsked,
                    l.gfs2() ? null : notAsked, l == OracleLoop.KCORE_READ ? null : notAsked), List.of());
        }
        if (!format.equals("table") && !format.equals("markdown")) {
            throw new IllegalArgumentException("unknown --format \"" + format + "\"; use table or markdown");
        }
        for (final String l : loops) {
            if (java.util.Arrays.stream(OracleLoop.values()).noneMatch(o -> o.word().equals(l))) {
                throw new IllegalArgumentException("unknown oracle loop \"" + l
                        + "\"; use " + java.util.Arrays.stream(OracleLoop.values()).map(OracleLoop::word)
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        final String dioWhy = loops.contains(OracleLoop.DIO.word()) ? Oracle.dioUnavailable() : "not asked for";
        final String btrfsDioWhy = loops.contains(OracleLoop.BTRFS_DIO.word())
                || loops.contains(OracleLoop.BTRFS_DIO_WRITE.word()) ? Oracle.btrfsDioUnavailable() : "not asked for";
        final Oracle.FileRun files = Oracle.run(dir, loops, keep, ConsoleProgress.of(in.err(), common.quiet));
        final List<Oracle.Row> rows = new ArrayList<>(files.rows());
        final String btrfsWhy = loops.contains(OracleLoop.BTRFS_SEARCH.word()) ? BtrfsOracle.unavailable() : "not asked for";
        if (btrfsWhy == null) {
            rows.addAll(BtrfsOracle.run(dir, keep, allowUnkillable));
            if (!allowUnkillable && BtrfsOracle.mteRefusal() != null) {
                in.err().println(BtrfsOracle.mteRefusal());
            }
        }
        final List<OracleLoop> gfs2Paths = java.util.Arrays.stream(OracleLoop.values())
                .filter(p -> p.gfs2() && loops.contains(p.word())).toList();
        final String gfs2Why = gfs2Paths.isEmpty() ? "not asked for" : Gfs2Oracle.unavailable();
        if (gfs2Why == null) {
            rows.addAll(Gfs2Oracle.run(dir, gfs2Paths, null, keep));
        }
        final String kcoreWhy = loops.contains(OracleLoop.KCORE_READ.word()) ? KcoreOracle.unavailable() : "not asked for";
        if (kcoreWhy == null) {
            rows.addAll(KcoreOracle.run(KcoreOracle.layouts()));
        }
        // the guard-page cases this kernel cannot build: the file loops map anonymous memory, btrfs a memfd
        final List<String> leftOut = new ArrayList<>();
        if (files.fileSystem() != null) {
            leftOut.addAll(LeftOut.parts(List.of("layout " + Oracle.GUARD_LAYOUT), false, null));
        }
        if (btrfsWhy == null) {
            leftOut.addAll(LeftOut.parts(List.of("btrfs layout " + BtrfsOracle.GUARD_LAYOUT), true, null));
        }
        return print(new Oracle.FileRun(files.where(), files.fileSystem(), rows),
                new Skipped(dioWhy, btrfsDioWhy, btrfsWhy, gfs2Why, kcoreWhy), leftOut);
    }

    /** Why each optional comparison did not run (null: it ran). */
    private record Skipped(String dio, String btrfsDio, String btrfs, String gfs2, String kcore) {
    }

    private static String ran(final String why) {
        return why == null ? "run" : "skipped: " + why;
    }

    private int print(final Oracle.FileRun files, final Skipped skipped, final List<String> leftOut) {
        final List<Oracle.Row> rows = files.rows();
        if (common.json) {
            final List<Object> out = new ArrayList<>();
            for (final Oracle.Row r : rows) {
                out.add(Fields.oracleRow(r));
            }
            final Map<String, Object> o = new LinkedHashMap<>();
            o.put("rows", out);
            o.put("disagreements", rows.stream().filter(r -> !r.agree()).count());
            o.put("fileLoopsOn", files.fileSystem() == null ? null : files.fileSystem() + " " + files.where());
            o.put("btrfs", ran(skipped.btrfs()));
            o.put("gfs2", ran(skipped.gfs2()));
            o.put("kcore", ran(skipped.kcore()));
            o.put("dio", ran(skipped.dio()));
            o.put("btrfsDio", ran(skipped.btrfsDio()));
            o.put("model", files.fileSystem() == null ? null : models(files.fileSystem()));
            o.put("leftOut", leftOut);
            in.out().println(Json.write(Provenance.with(o)));
            return 0;
        }
        final boolean md = format.equals("markdown");
        // the layout column takes the longest layout (MTE layouts on 16 KiB pages are 18 characters)
        final int width = Math.max(13, rows.stream().mapToInt(r -> r.layout().length()).max().orElse(0));
        final String line = "%-13s %-" + width + "s %6s %6s  %-16s %6s  %-16s %s%n";
        final StringBuilder b = new StringBuilder(md
                ? "| loop | layout | offset | size | kernel | landed | model | agree |\n|---|---|---|---|---|---|---|---|\n"
                : String.format(Locale.ENGLISH, line, "loop", "layout", "offset",
                        "size", "kernel", "landed", "model", "agree"));
        final Map<String, List<String>> notes = new LinkedHashMap<>();
        for (final Oracle.Row r : rows) {
            final String k = r.kernel() + " " + r.kernelBytes();
            final String m = r.model() + " " + r.modelBytes();
            final String landed = r.landed() < 0 ? "-" : Long.toString(r.landed());
            b.append(md ? String.format(Locale.ENGLISH, "| %s | `%s` | %d | %d | %s | %s | %s | %s |%n", r.loop(),
                    r.layout(), r.offset(), r.size(), k, landed, m, r.agree() ? "yes" : "**no**")
                    : String.format(Locale.ENGLISH, line, r.loop(), r.layout(),
                    r.offset(), r.size(), k, landed, m, r.agree() ? "yes" : "NO"));
            if (r.explanation() != null) {
                // an agreeing row's note names its cases; one line per note
                notes.computeIfAbsent(r.explanation(), x -> new ArrayList<>())
                        .add(r.agree() ? r.loop() + " " + r.layout() + " @" + r.offset() : null);
            }
        }
        b.append(String.format(Locale.ENGLISH, "%d cases, %d disagreements%n", rows.size(),
                rows.stream().filter(r -> !r.agree()).count()));
        notes.forEach((note, cases) -> {
            final List<String> named = cases.stream().filter(java.util.Objects::nonNull).toList();
            b.append("- ").append(named.isEmpty() ? "" : String.join(", ", named) + ": ").append(note).append('\n');
        });
        if (files.fileSystem() != null) {
            b.append("file loops ran on ").append(files.fileSystem()).append(" (").append(files.where())
                    .append("); models: ").append(models(files.fileSystem())).append('\n');
        }
        final String[][] why = {{"btrfs-search", skipped.btrfs()}, {"gfs2-read", skipped.gfs2()},
            {"dio", skipped.dio()}, {"btrfs-dio", skipped.btrfsDio()}, {"kcore-read", skipped.kcore()}};
        for (final String[] w : why) {
            if (w[1] != null) {
                b.append(w[0]).append(": skipped: ").append(w[1]).append('\n');
            }
        }
        if (LeftOut.line(leftOut) != null) {
            b.append(LeftOut.line(leftOut)).append('\n');
        }
        in.out().print(b);
        return 0;
    }
}
