package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line contract (docs/design.md#command-line): one JSON object with --json, exit 0 / 2 / 1, one-line errors. */
class CommandLineTest {
    private static final long PAGE = dev.faultline.sys.Unistd.pageSize();

    /** Matrix cells this kernel builds: every loop x x86 case x strategy it can run (MatrixTest checks which). */
    private static long matrixCells() {
        return dev.faultline.loops.Loops.runnable().size() * matrixCases()
                * dev.faultline.faultin.Strategy.runnable().size();
    }

    private static long matrixCases() {
        // on an arm64 machine with MTE the matrix adds the sub-page cases
        return dev.faultline.lab.FaultCase.pageCases(PAGE).stream()
                .filter(f -> !f.needsGuard() || dev.faultline.sys.KernelFeatures.guard()).count()
                + (dev.faultline.mte.Mte.available() ? dev.faultline.lab.FaultCase.mteCases(PAGE).size() : 0);
    }
    @Test
    void mapMeasuresWhatTheLayoutPromises() {
        final Cli c = Cli.run("map", "--layout", "rw*2,none,ro,hole,rw", "--json");
        assertEquals(0, c.status(), c.err());
        final JsonNode j = c.json();
        assertEquals(PAGE, j.get("pageSize").asLong());
        assertEquals(6, j.get("pages").size());
        for (final JsonNode p : j.get("pages")) {
            assertEquals(p.get("expected"), p.get("measured"), p.toString());
        }
        assertEquals("none", j.get("pages").get(2).get("kind").asText());
        assertFalse(j.get("pages").get(2).get("measured").get("read").asBoolean());
        assertEquals(0, j.get("mismatches").asInt());
    }

    @Test
    void mapExplainsWhereMechanismsDisagree() {
        final JsonNode j = Cli.run("map", "--layout", "wo", "--json").json();
        assertFalse(j.get("pages").get(0).get("measured").get("read").asBoolean());
        assertTrue(j.get("pages").get(0).get("uaccess").get("read").asBoolean());
        assertTrue(j.get("pages").get(0).get("note").asText().startsWith("PROT_WRITE-only"));
    }

    @Test
    void btrfsSearchLivelocksWithFirstByteAndFailsWithPage() {
        final JsonNode s1 = Cli.run("loop", "--loop", "btrfs-search", "--strategy", "first-byte", "--layout", "rw,none",
                "--record", "100", "--json").json();
        assertEquals("LIVELOCK", s1.get("verdict").asText());
        assertEquals(1001, s1.get("rounds").asLong());
        final JsonNode s2 = Cli.run("loop", "--loop", "btrfs-search", "--strategy", "page", "--layout", "rw,none",
                "--record", "100", "--json").json();
        assertEquals("EFAULT", s2.get("verdict").asText());
        assertEquals(0, s2.get("bytes").asLong());
        for (final String f : new String[] {"verdict", "bytes", "rounds", "probes", "syscalls", "faultsAfterCleanFaultIn"}) {
            assertTrue(s2.has(f), f);
        }
    }

    @Test
    void copyPrintsBytesNotCopied() {
        final JsonNode j = Cli.run("copy", "--layout", "rw,none", "--dir", "from-user", "--via", "vm", "--offset", "100",
                "--json").json();
        assertEquals(2 * PAGE - 100, j.get("size").asLong());
        assertEquals(PAGE, j.get("notCopied").asLong());
        assertTrue(j.get("dataMatches").asBoolean());
        // 96 bytes before the read-only page, 104 into it
        final JsonNode w = Cli.run("copy", "--layout", "rw,ro", "--dir", "to-user", "--via", "uaccess", "--offset",
                String.valueOf(PAGE - 96), "--size", "200", "--json").json();
        assertEquals(104, w.get("notCopied").asLong());
    }

    @Test
    void probePrintsLeftoverProbesAndFailingOffset() {
        // from 100 to 1908 bytes into the PROT_NONE third page (size 10000 on 4 KiB pages)
        final JsonNode j = Cli.run("probe", "--layout", "rw,rw,none", "--access", "write", "--strategy", "page",
                "--offset", "100", "--size", String.valueOf(2 * PAGE - 100 + 1908), "--json").json();
        assertEquals(1908, j.get("leftover").asLong());
        assertEquals(3, j.get("probes").asInt());
        assertEquals(2 * PAGE, j.get("failedAt").asLong());
        assertTrue(j.get("syscalls").asLong() >= 3);
    }

    @Test
    void gupProbeHasNoFailingOffsetWhenNothingFails() {
        dev.faultline.sys.Needs.populate();
        assertTrue(Cli.run("probe", "--layout", "rw", "--access", "read", "--strategy", "gup", "--json").json()
                .get("failedAt").isNull());
    }

    @Test
    void matrixWritesEveryFormat(@TempDir final Path dir) throws Exception {
        final Cli c = Cli.run("matrix", "--format", "csv", "--out", dir.toString(), "--quiet");
        assertEquals(0, c.status(), c.err());
        assertEquals("", c.err(), "--quiet");
        assertEquals(matrixCells() + 1, c.out().split("\n").length);
        for (final String f : new String[] {"matrix.txt", "matrix.md", "matrix.json", "matrix.csv"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        final long t0 = System.nanoTime();
        final Cli progress = Cli.run("matrix", "--json");
        final long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertEquals(matrixCells(), progress.json().get("rows").size());
        final long steps = dev.faultline.loops.Loops.runnable().size() * matrixCases();
        // not a terminal: a line after the first second, then at most one every 10 s (ConsoleProgressTest has the exact rule)
        final java.util.List<String> lines = progress.err().lines().toList();
        assertTrue(lines.size() <= 1 + seconds / 10, progress.err());
        for (final String l : lines) {
            assertTrue(l.matches("\\d+/" + steps + " \\S+ \\S+ \\(\\d+\\.\\ds left\\)"), l);
        }
    }

    @Test
    void demoExplainsAndWritesTheReport(@TempDir final Path dir) throws Exception {
        final Cli c = Cli.run("demo", "--quiet", "--out", dir.toString());
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("btrfs-search   none@page   LIVELOCK          EFAULT 0"), c.out());
        assertTrue(c.out().contains("0 violations"), c.out());
        assertTrue(Files.readString(dir.resolve("README.md")).startsWith("# Faultline demo report"));
        final JsonNode j = Cli.run("demo", "--quiet", "--json", "--out", dir.toString()).json();
        assertEquals(matrixCells(), j.get("rows").size());
        assertEquals(0, j.get("liveness").get("violations").size());
        assertEquals(dev.faultline.sys.KernelFeatures.guard(), j.get("features").get("guard").asBoolean());
        assertEquals(dev.faultline.sys.KernelFeatures.populate(), j.get("features").get("populate").asBoolean());
    }

    @Test
    void secondFaultIsSpuriousWhereBothFailCompletes() {
        final JsonNode second = Cli.run("loop", "--loop", "perform-write", "--strategy", "page", "--layout", "rw*64",
                "--backing", "memfd", "--inject", "zap", "--seed", "1", "--bail", "second-fault", "--json").json();
        assertEquals("SPURIOUS", second.get("verdict").asText());
        assertTrue(second.get("faultsAfterCleanFaultIn").asLong() > 0);
        assertEquals(0, second.get("lostBytes").asLong());
        final JsonNode both = Cli.run("loop", "--loop", "perform-write", "--strategy", "page", "--layout", "rw*64",
                "--backing", "memfd", "--inject", "zap", "--seed", "1", "--bail", "both-fail", "--json").json();
        assertEquals("COMPLETE", both.get("verdict").asText());
        assertEquals(64 * PAGE, both.get("bytes").asLong());
    }

    @Test
    void raceReportsEveryCombination() {
        final JsonNode j = Cli.run("race", "--runs", "2", "--quiet", "--json").json();
        assertEquals(dev.faultline.loops.Loops.runnable().size() * 3 * 3, j.get("rows").size());
        for (final JsonNode r : j.get("rows")) {
            assertEquals(0, r.get("lost").asLong(), r.toString());
        }
        assertTrue(j.get("clearsPresentBit").get("zap").asBoolean());
    }

    @Test
    void mteStatusSaysWhetherAndWhy() {
        final JsonNode j = Cli.run("mte", "status", "--json").json();
        assertEquals(dev.faultline.mte.Mte.available(), j.get("available").asBoolean(), j.toString());
        assertFalse(j.get("reason").asText().isEmpty(), j.toString());
        if (!dev.faultline.sys.Arch.isArm64()) {
            assertTrue(j.get("reason").asText().startsWith("this is amd64: MTE is an arm64"), j.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"map", "copy", "probe", "loop", "matrix", "demo", "race", "liveness", "mte"})
    void everyCommandHasHelp(final String command) {
        final Cli c = Cli.run(command, "--help");
        assertEquals(0, c.status());
        assertTrue(c.out().startsWith("Usage: faultline " + command), c.out());
    }

    /** The cases below name the page {P}, 96 bytes before its end {P-96} and the default dio block {B}. */
    private static String page(final String text) {
        return text.replace("{P-96}", String.valueOf(PAGE - 96)).replace("{P}", String.valueOf(PAGE))
                .replace("{B}", String.valueOf(dev.faultline.loops.LoopConfig.DEFAULT_BLOCK));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "map --layout rw,rx|map: unknown layout word \"rx\" in entry 2 of layout \"rw,rx\"; words: rw ro wo none hole guard zap",
        "map --layout rw*300000|map: count 300000 out of range 1..262144 in entry 1 of layout \"rw*300000\"",
        "map --layout rw --backing tmpfs|map: unknown backing \"tmpfs\"; use anon, shared or memfd",
        "copy --layout rw --dir from-user --size -1|copy: range outside the region: offset=0 size=-1 regionSize={P}",
        "copy --layout rw --dir from-user --offset {P-96} --size 200|copy: range outside the region: offset={P-96} size=200 regionSize={P}",
        "copy --layout rw --dir from-user --offset 100 --size 9223372036854775807|copy: range outside the region: offset=100 size=9223372036854775807 regionSize={P}",
        "copy --layout rw --dir from-user --offset -5|copy: --offset outside the region: offset=-5 regionSize={P}",
        "copy --layout rw --dir sideways|copy: unknown --dir \"sideways\"; use from-user or to-user",
        "copy --layout rw --dir to-user --via pipe|copy: unknown copy mechanism \"pipe\"; use vm, uaccess or nofault",
        "probe --layout rw --access read --strategy every-byte|probe: unknown strategy \"every-byte\"; use first-byte, page, granule, gup or gup+first-byte",
        "probe --layout rw --access exec --strategy page|probe: unknown access \"exec\"; use read or write",
        "loop --loop ext4 --strategy page --layout rw|loop: unknown loop \"ext4\"; use perform-write, btrfs-search, dio, gfs2-read, ext4-dio, btrfs-dio, kcore-read, gfs2-dio-hole, gfs2-fiemap or btrfs-dio-write",
        "loop --loop dio --strategy page --layout rw --block 1000|loop: --block must be a power of two above 0: block=1000",
        "loop --loop dio --strategy page --layout rw --size 100|loop: dio: --size must be a whole number of --block bytes: size=100 block={B}",
        "loop --loop perform-write --strategy page --layout rw --inject zap|loop: zap injection needs --backing shared or memfd: MADV_DONTNEED on private anonymous memory discards its data",
        "loop --loop perform-write --strategy page --layout rw --bail sometimes|loop: unknown bail policy \"sometimes\"; use both-fail, second-fault or after-K",
        "race --runs 0 --quiet|race: --runs must be at least 1: runs=0",
        "matrix --format yaml --quiet|matrix: unknown --format \"yaml\"; use table, markdown, json or csv",
        "map --layout rw --colour|map: Unknown option: '--colour' (see --help)",
        "map|map: Missing required option: '--layout=<layout>' (see --help)",
    })
    void badInputIsOneLineAndStatusTwo(final String args, final String message) {
        final Cli c = Cli.run(page(args).split(" "));
        assertEquals(2, c.status(), c.err());
        assertEquals(page(message) + "\n", c.err());
        assertEquals("", c.out());
    }

    /** MTE marks are a one-line error where there is no MTE, and a map where there is. */
    @Test
    void mteMarksNeedMte() {
        final Cli c = Cli.run("map", "--layout", "rw~16+16");
        if (dev.faultline.mte.Mte.available()) {
            assertEquals(0, c.status(), c.err());
            assertTrue(c.out().startsWith("layout    rw~16+16 "), c.out());
        } else {
            assertEquals(2, c.status(), c.err());
            assertEquals("map: layout \"rw~16+16\" has MTE marks (~START+LEN): they need arm64 MTE, not available here"
                    + " (see `faultline mte status`); run it in the emulated MTE machine: bin/mte-lab run faultline ...\n",
                    c.err());
        }
    }
}
