package dev.faultline.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo's HTML report, opened in headless Chromium (bin/test installs Debian's chromium when
 * it is missing and it runs as root; skipped, with the reason, without it): the DOM it renders holds the matrix and one picture per fault case, and a
 * screenshot is kept as a build artifact (target/report-screenshot.png).
 */
@Tag("browser")
class ReportRenderTest {
    private static final String CHROMIUM = "/usr/bin/chromium";

    private static String chromium(final Path profile, final String... args) throws Exception {
        final List<String> cmd = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        return out;
    }

    /** @return the rows of the rendered table with that id */
    private static int rows(final String dom, final String id) {
        final int start = dom.indexOf("<table id=\"" + id + "\">");
        assertTrue(start >= 0, "table " + id + " is in the rendered DOM");
        final String table = dom.substring(start, dom.indexOf("</table>", start));
        return table.split("<tr>", -1).length - 1;
    }

    @Test
    void theReportRendersInAHeadlessBrowser() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)), "skipped: no headless Chromium at " + CHROMIUM
                + "; bin/test installs it as root (apt-get install --no-install-recommends chromium)");
        final Path dir = Path.of("target/report-test").toAbsolutePath();
        final Cli c = Cli.run("demo", "--quiet", "--out", dir.toString());
        assertEquals(0, c.status(), c.err());
        final Path html = dir.resolve("report.html");
        final Path profile = Files.createTempDirectory("faultline-chromium");
        final String dom = chromium(profile, "--dump-dom", html.toUri().toString());
        assertTrue(dom.contains("<table id=\"matrix\">"), "the matrix is in the rendered DOM");
        // what this kernel can build: every loop and x86 case, less dio without MADV_POPULATE_* and
        // the guard case without MADV_GUARD_INSTALL
        final int loops = dev.faultline.loops.Loops.runnable().size();
        final long cases = dev.faultline.lab.FaultCase.pageCases(dev.faultline.sys.Unistd.pageSize()).stream()
                .filter(f -> !f.needsGuard() || dev.faultline.sys.KernelFeatures.guard()).count()
                + (dev.faultline.mte.Mte.available() ? 4 : 0);
        assertEquals(loops * cases + 1, rows(dom, "matrix"), "header row + one row per loop x fault");
        // the demo's race: every loop x 3 bail policies (both-fail, second-fault, after-3) x 3 injectors
        final int policies = 3;
        assertEquals(loops * policies * dev.faultline.race.InjectorKind.values().length + 1, rows(dom, "race"),
                "the race results are a table: header row + one row per loop x policy x injector");
        // one picture per fault case, and the two headline loop traces (btrfs-search's livelock, perform-write's walk)
        assertEquals(cases + 2, dom.split("<svg", -1).length - 1, "one picture per fault case and two loop traces");
        assertEquals(2, dom.split("Two loop runs, round by round", -1).length - 1 + 1, "the loop-trace section");
        final String wide = chromium(profile, "--window-size=1280,2400", "--dump-dom", html.toUri().toString());
        final java.util.regex.Matcher w = java.util.regex.Pattern.compile("data-scroll-width=\"(\\d+)\"").matcher(wide);
        assertTrue(w.find(), "the page reports its rendered width");
        assertTrue(Integer.parseInt(w.group(1)) <= 1280, "nothing overflows a 1280-pixel window: " + w.group(1));
        final Path shot = Path.of("target/report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium(profile, "--window-size=1280,2400", "--screenshot=" + shot, html.toUri().toString());
        assertTrue(Files.size(shot) > 20_000, "screenshot " + shot + " has " + Files.size(shot) + " bytes");
    }
}
