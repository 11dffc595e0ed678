package dev.faultline.cli;

import dev.faultline.report.Json;
import dev.faultline.sys.Prctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code board-report}: everything Faultline can run safely on this machine, each part a command of
 * its own run in turn with {@code --json} (mte status, the matrix, Catalin's liveness contract, the
 * oracle, the scan's short form), written to one HTML file to attach to a report: a table of what
 * each part found, and every part's JSON inside the page ({@code <script type="application/json">}),
 * with this machine's MTE facts (HWCAP2 MTE and MTE3, each CPU's preferred tag-check mode). Cases
 * known to keep a CPU until reboot on the running kernel stay out unless {@code --allow-unkillable}
 * is given (outside the emulated machine). A part that cannot run here says why in its row.
 */
final class BoardReportCommand implements Command {
    /** A part: its name and the command line it runs. */
    private record Part(String name, List<String> args) {
    }

    private static final List<String> ALL = List.of("mte", "matrix", "liveness", "oracle", "scan");

    Path out;
    boolean allowUnkillable;
    boolean quiet;
    List<String> parts;

    @Override
    public Spec spec() {
        final Spec s = new Spec("board-report", "Run everything safe on this machine and write one file to attach to a"
                + " report.");
        s.path("--out", v -> out = v).byDefault("target/board-report.html").label("FILE")
                .describe("the HTML file (its parent must exist) (default: ${DEFAULT-VALUE})");
        s.list("--parts", v -> parts = v).byDefault(String.join(",", ALL)).words(() -> ALL)
                .describe("which parts, comma separated: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})");
        s.flag("--allow-unkillable", v -> allowUnkillable = v).describe("also start the cases known to keep a CPU"
                + " until reboot on this kernel (outside the emulated machine they are left out, one line each)");
        s.flag("--quiet", v -> quiet = v).describe("no progress on stderr");
        return s;
    }

    private List<Part> chosen() {
        final List<Part> out = new ArrayList<>();
        final List<String> unkillable = allowUnkillable ? List.of("--allow-unkillable") : List.of();
        for (final String p : parts) {
            final List<String> args = new ArrayList<>(switch (p) {
                case "mte" -> List.of("mte", "status");
                case "matrix" -> List.of("matrix");
                case "liveness" -> List.of("liveness");
                // its files beside the report (created and removed by the oracle)
                case "oracle" -> List.of("oracle", "--quiet", "--dir",
                        this.out.toAbsolutePath().resolveSibling("board-report-oracle").toString());
                case "scan" -> List.of("scan", "--short", "--quiet");
                default -> throw new BadInput("--parts: unknown part \"" + p + "\"; use " + String.join(", ", ALL));
            });
            if (p.equals("oracle") || p.equals("scan")) {
                args.addAll(unkillable);
            }
            args.add("--json");
            out.add(new Part(p, args));
        }
        return out;
    }

    @Override
    public int call(final Invocation in) {
        final List<Part> chosen = chosen();
        final List<Map<String, Object>> rows = new ArrayList<>();
        final StringBuilder json = new StringBuilder("{\"faultline\":").append(Json.write(Provenance.of()))
                .append(",\"machine\":").append(Json.write(machine())).append(",\"parts\":[");
        final long t0 = System.nanoTime();
        for (int i = 0; i < chosen.size(); i++) {
            final Part p = chosen.get(i);
            if (!quiet) {
                in.err().printf(Locale.ENGLISH, "board-report: [%d/%d] faultline %s%n", i + 1, chosen.size(),
                        String.join(" ", p.args()));
                in.err().flush();
            }
            final StringWriter o = new StringWriter();
            final StringWriter e = new StringWriter();
            final long t = System.nanoTime();
            final int status = Main.run(new PrintWriter(o), new PrintWriter(e), p.args().toArray(String[]::new));
            final double secs = (System.nanoTime() - t) / 1e9;
            final String result = o.toString().strip();
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("part", p.name());
            row.put("command", "faultline " + String.join(" ", p.args()));
            row.put("exit", status);
            row.put("seconds", Math.round(secs * 10) / 10.0);
            row.put("stderr", e.toString().strip());
            rows.add(row);
            final String written = Json.write(row); // the row's object, its result spliced in before the '}'
            json.append(i == 0 ? "" : ",").append(written, 0, written.length() - 1)
                    .append(",\"result\":").append(result.startsWith("{") ? result : "null").append('}');
            if (!quiet) {
                in.err().printf(Locale.ENGLISH, "board-report: [%d/%d] %s: exit %d, %.1f s%n", i + 1, chosen.size(),
                        p.name(), status, secs);
            }
        }
        json.append("],\"seconds\":").append(Math.round((System.nanoTime() - t0) / 1e8) / 10.0).append('}');
        final String html = BoardReportPage.html(rows, json.toString());
        try {
            Files.writeString(out, html);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        in.out().println("board report: " + out + " (" + rows.size() + " parts, "
                + rows.stream().filter(r -> !r.get("exit").equals(0)).count() + " did not finish with exit 0)");
        return 0;
    }

    /** @return the MTE facts the parts do not print: HWCAP2 MTE and MTE3, each CPU's preferred mode */
    static Map<String, Object> machine() {
        final Map<String, Object> m = new LinkedHashMap<>();
        final boolean arm64 = dev.faultline.sys.Arch.isArm64();
        final long hwcap2 = arm64 ? Prctl.getauxval(Prctl.AT_HWCAP2) : 0;
        m.put("hwcap2Mte", (hwcap2 & Prctl.HWCAP2_MTE) != 0);
        m.put("hwcap2Mte3", (hwcap2 & Prctl.HWCAP2_MTE3) != 0);
        final Map<String, String> preferred = new LinkedHashMap<>();
        try (var cpus = Files.list(Path.of("/sys/devices/system/cpu"))) {
            cpus.filter(c -> c.getFileName().toString().matches("cpu[0-9]+")).sorted().forEach(c -> {
                final Path f = c.resolve("mte_tcf_preferred");
                try {
                    preferred.put(c.getFileName().toString(), Files.isReadable(f) ? Files.readString(f).strip() : "none");
                } catch (IOException ignored) {
                    preferred.put(c.getFileName().toString(), "unreadable");
                }
            });
        } catch (IOException ignored) {
            // no sysfs: the map stays empty
        }
        m.put("mteTcfPreferred", preferred);
        m.put("emulatedMachine", dev.faultline.oracle.KnownUnkillable.emulated());
        return m;
    }
}
