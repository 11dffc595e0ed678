package dev.faultline.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The errors a newcomer meets, each one clear line (misspelt layouts and MTE on x86 are in
 * CommandLineTest). Each case runs in a child process, as the user would meet it.
 */
class NewcomerErrorsTest {
    record Run(int status, String out, String err) {
    }

    static Run run(final Map<String, String> env, final List<String> cmd) throws Exception {
        final ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        final java.io.File err = java.io.File.createTempFile("faultline", ".err");
        pb.redirectError(err);
        final Process p = pb.start();
        final String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "did not finish: " + cmd);
        final String e = java.nio.file.Files.readString(err.toPath());
        err.delete();
        return new Run(p.exitValue(), out, e);
    }

    static List<String> java(final String... args) {
        final List<String> cmd = new ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Faultline's Main in a child JVM whose kernel feature detection pretends {@code missing} is absent. */
    static Run faultlineWithout(final String missing, final String... args) throws Exception {
        final List<String> cmd = java("--enable-native-access=ALL-UNNAMED", "-Dfaultline.pretendMissing=" + missing,
                "-cp", System.getProperty("java.class.path"), "dev.faultline.cli.Main");
        cmd.addAll(List.of(args));
        return run(Map.of(), cmd);
    }

    @Test
    void noJdk22ToBeFound() throws Exception {
        SourceTree.assume();
        // a JDK 17 first on PATH: the java a machine's PATH gives (a board's /usr/bin/java may well be 25)
        // is never reached, and the JVM directory is empty
        final Path dir = Files.createTempDirectory("faultline-old-jdk");
        final Path old = fakeJdk(dir.resolve("jdk-17"), "17.0.2", dir.resolve("a-java-was-started"));
        final Run r = run(Map.of("JAVA_HOME", old.toString(), "PATH", old.resolve("bin") + ":/usr/bin:/bin",
                "FAULTLINE_JVM_DIR", "/nonexistent"), List.of("bash", "bin/faultline", "mte", "status"));
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("faultline: no JDK 22 or newer found (looked at $JAVA_HOME, java on PATH,"
                + " /usr/lib/jvm/*).\nfaultline: install one"), r.err());
    }

    /** A JDK directory with a release file and a java that, if started, leaves {@code marker} behind. */
    static Path fakeJdk(final Path home, final String version,
                                      final Path marker) throws Exception {
        final Path bin = Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version
                + "\"\nJAVA_RUNTIME_VERSION=\"" + version + "+1\"\n");
        for (final String tool : List.of("java", "javac")) {
            final Path t = bin.resolve(tool);
            Files.writeString(t, "#!/bin/sh\n: > '" + marker + "'\nexit 1\n");
            assertTrue(t.toFile().setExecutable(true));
        }
        return home;
    }

    @Test
    void oldJavaHomeIsNamedAndTheJdkUsedInsteadIsFoundWithoutStartingIt() throws Exception {
        SourceTree.assume();
        final Path dir = Files.createTempDirectory("faultline-jdks");
        final Path marker = dir.resolve("a-java-was-started");
        final Path old = fakeJdk(dir.resolve("old"), "17.0.2", marker);
        final Path jvms = Files.createDirectories(dir.resolve("jvms"));
        fakeJdk(jvms.resolve("a-jdk-21"), "21.0.5", marker);
        final Path fresh = fakeJdk(jvms.resolve("b-jdk-25"), "25.0.1", marker);
        final Path emptyPath = Files.createDirectories(dir.resolve("path"));
        final Run r = run(Map.of("JAVA_HOME", old.toString(), "PATH", emptyPath.toString(), "FAULTLINE_JVM_DIR",
                jvms.toString()), List.of("/bin/bash", "-c", "source bin/lib/jdk.sh && require_jdk && echo \"$JAVA_HOME\""));
        final boolean started = Files.exists(marker);
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertEquals(0, r.status(), r.err());
        assertEquals(fresh + "\n", r.out());
        assertEquals("faultline: JAVA_HOME=" + old + " is JDK 17, older than 22: using " + fresh
                + " (JDK 25) instead\n", r.err());
        assertFalse(started, "a candidate's java was started: its release file is enough");
    }

    @Test
    void nativeAccessDisabled() throws Exception {
        final Run r = run(Map.of(), java("--illegal-native-access=deny", "-cp", System.getProperty("java.class.path"),
                "dev.faultline.cli.Main", "map", "--layout", "rw"));
        assertEquals(1, r.status());
        assertEquals("faultline: native access is disabled: run java with --enable-native-access=ALL-UNNAMED"
                + " (bin/faultline does this)\n", r.err());
    }

    @Test
    void kernelWithoutMadvPopulate() throws Exception {
        final Run r = faultlineWithout("populate", "probe", "--layout", "rw", "--access", "read", "--strategy", "gup");
        assertEquals(2, r.status(), r.err());
        assertEquals("probe: MADV_POPULATE_READ/WRITE need Linux 5.14 or newer and this kernel answered EINVAL: the gup"
                + " strategies cannot run here; use the page or first-byte strategies, or a newer kernel\n", r.err());
    }

    @Test
    void dioModelWithoutMadvPopulateRefusesInsteadOfReportingALivelock() throws Exception {
        final Run r = faultlineWithout("populate", "loop", "--loop", "dio", "--strategy", "page", "--layout", "rw*2");
        assertEquals(2, r.status(), r.err());
        assertEquals("loop: MADV_POPULATE_READ/WRITE need Linux 5.14 or newer and this kernel answered EINVAL: the dio"
                + " model (its GUP pin is MADV_POPULATE_WRITE) cannot run here; use the page or first-byte strategies,"
                + " or a newer kernel\n", r.err());
    }

    @Test
    void oracleWithoutMadvPopulateSkipsDio() throws Exception {
        final Run r = faultlineWithout("populate", "oracle", "--quiet", "--loops", "dio", "--dir",
                "target/oracle-no-populate");
        assertEquals(0, r.status(), r.err());
        assertEquals("loop          layout        offset   size  kernel           landed  model            agree\n"
                + "0 cases, 0 disagreements\n"
                + "btrfs-search: skipped: not asked for\n"
                + "gfs2-read: skipped: not asked for\n"
                + "dio: skipped: the dio model pins pages with MADV_POPULATE_WRITE, which needs Linux 5.14 or newer\n"
                + "btrfs-dio: skipped: not asked for\n"
                + "kcore-read: skipped: not asked for\n",
                r.out());
    }

    @Test
    void kernelWithoutGuardPages() throws Exception {
        final Run r = faultlineWithout("guard", "loop", "--loop", "perform-write", "--strategy", "page", "--layout",
                "rw,guard");
        assertEquals(2, r.status(), r.err());
        assertEquals("loop: page 1 of layout \"rw,guard\": guard pages need MADV_GUARD_INSTALL (Linux 6.13+, and 6.15+"
                + " for shared or memfd backing); this kernel said EINVAL(22) for anon backing: use none instead\n",
                r.err());
    }

    /** The one line a kernel without guard pages gets (Debian trixie's 6.12). */
    static final String NO_GUARD = "guard (MADV_GUARD_INSTALL needs Linux 6.13+; this kernel said EINVAL(22))";
    /** The part a kernel without MADV_POPULATE_* gets (Debian bullseye's 5.10). */
    static final String NO_POPULATE = "(MADV_POPULATE_READ/WRITE need Linux 5.14+; this kernel said EINVAL(22))";

    static List<String> leftOutLines(final String out) {
        return out.lines().filter(l -> l.startsWith("left out: ")).toList();
    }

    @Test
    void demoOnA510KernelLeavesOutExactlyGuardGupAndDioAndSaysSoOnce() throws Exception {
        final Run r = faultlineWithout("populate,guard", "demo", "--quiet", "--out", "target/demo-old-kernel");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("left out: " + NO_GUARD + "; strategies gup, gup+first-byte and loop dio " + NO_POPULATE),
                leftOutLines(r.out()), r.out());
        final List<String> lines = r.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.trim().equals("loop           fault       first-byte        page"
                + "              granule")), "the matrix has no gup columns:\n" + r.out());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("dio ")), "no dio row, in the matrix or the race table");
        assertTrue(lines.stream().noneMatch(l -> l.matches("\\S+ +guard .*")), "no guard row");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("btrfs-search   none@page   LIVELOCK          EFAULT 0")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("gfs2-read      after-3")), "the race table ran");
        assertTrue(r.out().contains(", 0 violations"), "liveness ran over the strategies left");
        assertTrue(java.nio.file.Files.readString(java.nio.file.Path.of("target/demo-old-kernel/report.html"))
                .contains("left out: guard (MADV_GUARD_INSTALL"), "the report says it too");
    }

    @Test
    void matrixOnA612KernelLeavesOutOnlyTheGuardCase() throws Exception {
        dev.faultline.sys.Needs.populate(); // 6.12 has MADV_POPULATE_*: a kernel without it cannot play 6.12
        final Run r = faultlineWithout("guard", "matrix", "--quiet", "--format", "json");
        assertEquals(0, r.status(), r.err());
        final com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.out());
        final long page = dev.faultline.sys.Unistd.pageSize();
        // every page case but guard, and the MTE cases on a machine with MTE
        final long cases = dev.faultline.lab.FaultCase.pageCases(page).size() - 1
                + (dev.faultline.mte.Mte.available() ? dev.faultline.lab.FaultCase.mteCases(page).size() : 0);
        assertEquals(dev.faultline.loops.Loops.all().size() * cases * dev.faultline.faultin.Strategy.values().length,
                j.get("rows").size(), "every loop and strategy, every case but guard");
        j.get("rows").forEach(row -> assertTrue(!row.get("fault").asText().equals("guard"), row.toString()));
        assertEquals("[\"" + NO_GUARD + "\"]", j.get("leftOut").toString());
        assertEquals("{\"populate\":true,\"guard\":false,\"guardShared\":false}", j.get("features").toString());
        final Run table = faultlineWithout("guard", "matrix", "--quiet");
        assertEquals(List.of("left out: " + NO_GUARD), leftOutLines(table.out()), table.out());
    }

    @Test
    void mapRunsOnA510KernelAndMeasuresTheSameMap() throws Exception {
        final Run r = faultlineWithout("populate,guard", "map", "--layout", "rw*2,none,ro,wo,hole,zap,rw");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("gup       ##.rw.##   (measured: process_vm_readv, process_vm_writev)\n"), r.out());
        assertTrue(r.out().contains("uaccess   ##.r#.##   "), r.out());
        assertTrue(r.out().contains("MISMATCH: gup = expected; uaccess differs on page 4\n"),
                "the CPU reads the write-only page under uaccess: " + r.out());
        final Run guard = faultlineWithout("guard", "map", "--layout", "rw,guard,rw", "--json");
        assertEquals(2, guard.status(), "asked for by name: refused, as before");
        assertEquals("map: page 1 of layout \"rw,guard,rw\": guard pages need MADV_GUARD_INSTALL (Linux 6.13+, and"
                + " 6.15+ for shared or memfd backing); this kernel said EINVAL(22) for anon backing: use none instead\n",
                guard.err());
        final Run json = faultlineWithout("populate", "map", "--layout", "rw", "--json");
        assertTrue(json.out().contains("\"features\":{\"populate\":false,\"guard\":"
                + dev.faultline.sys.KernelFeatures.guard()), json.out());
    }

    @Test
    void raceAndLivenessOnA510KernelSayWhatTheyLeftOut() throws Exception {
        final Run race = faultlineWithout("populate", "race", "--runs", "1", "--quiet", "--injectors", "zap",
                "--policies", "both-fail");
        assertEquals(0, race.status(), race.err());
        assertEquals(List.of("left out: loop dio " + NO_POPULATE), leftOutLines(race.out()), race.out());
        assertTrue(race.out().lines().noneMatch(l -> l.startsWith("dio ")), race.out());
        assertEquals(2, faultlineWithout("populate", "race", "--runs", "1", "--quiet", "--loops", "dio").status(),
                "dio asked for by name: refused with its one line");
        final Run live = faultlineWithout("populate", "liveness", "--layouts", "2");
        assertEquals(0, live.status(), live.err());
        assertEquals(List.of("left out: strategies gup, gup+first-byte " + NO_POPULATE), leftOutLines(live.out()),
                live.out());
    }

    @Test
    void traceLogsEverySyscall() throws Exception {
        final Run r = run(Map.of(), java("--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.faultline.cli.Main", "probe", "--layout", "rw,none",
                "--access", "read", "--strategy", "page", "--trace"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("mprotect(0x"), r.err());
        assertTrue(r.err().contains(", MAP_PRIVATE|MAP_ANONYMOUS"), "mmap flags by name, as strace prints them:\n" + r.err());
        assertTrue(r.err().contains("probe mechanism sigprocmask (rt_sigprocmask, getsockopt)"), r.err());
        assertTrue(r.err().contains("rt_sigprocmask("), r.err());
        assertTrue(r.err().contains("= -1 EFAULT(14)"), "the failing probe is logged with its errno:\n" + r.err());
    }
}
