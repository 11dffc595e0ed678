package dev.faultline.scan;

import dev.faultline.faultin.Progress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The C driver ({@code src/main/c/scan/scancall.c}, in the jar as {@value #SOURCE}): built once
 * per source and architecture with the machine's gcc into the user's cache, or taken from
 * {@value #PREBUILT} (the emulated machine's guest has no gcc: the lab cross-compiles it).
 */
public final class ScanDriver {
    /** The driver's source in the jar. */
    public static final String SOURCE = "/c/scan/scancall.c";
    /** An environment variable naming a prebuilt driver. */
    public static final String PREBUILT = "FAULTLINE_SCANCALL";
    /** How a case not started after an UNKILLABLE one is noted. */
    public static final String AFTER_UNKILLABLE = "not started";

    private ScanDriver() {
    }

    /** @return the driver's C source */
    public static String source() {
        try (InputStream in = ScanDriver.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SOURCE + " is missing from the jar: rebuild Faultline");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return why the driver cannot be had here (no gcc and no prebuilt one), or null when it can */
    public static String unavailable() {
        final String prebuilt = System.getenv(PREBUILT);
        if (prebuilt != null && !prebuilt.isEmpty()) {
            return Files.isExecutable(Path.of(prebuilt)) ? null : PREBUILT + "=" + prebuilt + " is not executable";
        }
        final List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/bin", "/bin"));
        return dirs.stream().anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "gcc"))) ? null
                : "no gcc to build the scan's C driver (apt-get install gcc), and no " + PREBUILT;
    }

    /**
     * @return the driver's executable, built when needed
     * @throws IllegalArgumentException when there is no gcc to build it (one line: what to install)
     */
    public static Path binary() {
        final String prebuilt = System.getenv(PREBUILT);
        if (prebuilt != null && !prebuilt.isEmpty()) {
            return Path.of(prebuilt);
        }
        final String src = source();
        final String home = System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache");
        final Path dir = Path.of(home, "faultline");
        final Path exe = dir.resolve("scancall-" + System.getProperty("os.arch") + "-" + hash(src));
        if (Files.isExecutable(exe)) {
            return exe;
        }
        try {
            Files.createDirectories(dir);
            final Path c = Files.writeString(dir.resolve("scancall.c"), src);
            final Path tmp = dir.resolve(exe.getFileName() + ".tmp");
            final Process p;
            try {
                p = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", tmp.toString(), c.toString())
                        .redirectErrorStream(true).start();
            } catch (IOException noGcc) {
                throw new IllegalArgumentException("scan builds its C driver with gcc, and there is none here:"
                        + " apt-get install gcc (or set " + PREBUILT + " to a built scancall)");
            }
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("gcc could not build the scan driver: " + out.trim());
            }
            Files.move(tmp, exe, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return exe;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asks the driver ({@code scancall --fpstate}) how many bytes of FPU state rt_sigreturn restores
     * from a signal frame on this CPU (x86-64: the frame's extended_size; 0 elsewhere).
     *
     * @return the bytes, or 0 when the driver says none or cannot be had
     */
    public static long frameBytes() {
        if (unavailable() != null) {
            return 0;
        }
        try {
            final Process p = new ProcessBuilder(binary().toString(), "--fpstate").redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("\\d+") ? Long.parseLong(out) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String hash(final String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The environment variable (seconds) that makes each child of the driver spend that long in the kernel
     * before its set-up, as a slow set-up on a loaded machine does: the watcher's own test, which shows
     * that a call's deadline counts from the moment the call starts.
     */
    static final String SETUP_SPIN = "FAULTLINE_SCANCALL_SETUP_SPIN";
    /** The environment variable that gives the driver its lane (0: the last CPU, 1: the one before it, ...). */
    static final String LANE = "FAULTLINE_SCAN_LANE";

    /**
     * Runs the cases, each in a child of the driver, in {@code dir} (a directory on the file system
     * under test), on lane 0 and to the end.
     *
     * @param deadline seconds a call may take before it counts as not returning
     * @param record   where each result goes as soon as it is in
     * @return one result per case, in order
     */
    static List<ScanResult> run(final Path dir, final List<ScanCase> cases, final double deadline,
                                final ScanRecord record, final Progress progress) {
        return run(dir, cases, deadline, record, progress, 0, () -> null);
    }

    /**
     * Runs the cases, each in a child of the driver, in {@code dir}, one at a time: the next case goes
     * to the driver when the last one's result is in, so a scan can stop between two cases.
     *
     * @param deadline seconds a call may take before it counts as not returning
     * @param record   where each result goes as soon as it is in
     * @param lane     which CPU the driver's children run on ({@value #LANE})
     * @param stop     asked before each case: why to start no more (the rest become not started), or null
     * @return one result per case, in order
     */
    static List<ScanResult> run(final Path dir, final List<ScanCase> cases, final double deadline,
                                final ScanRecord record, final Progress progress, final int lane,
                                final Supplier<String> stop) {
        final List<ScanResult> results = new ArrayList<>(cases.size());
        final Process p;
        try {
            final ProcessBuilder b = new ProcessBuilder(binary().toString(), dir.toString(),
                    String.format(Locale.ROOT, "%.1f", deadline)).redirectError(ProcessBuilder.Redirect.INHERIT);
            b.environment().put(LANE, Integer.toString(lane));
            p = b.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (OutputStream out = p.getOutputStream();
             BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < cases.size(); i++) {
                final String why = stop.get();
                if (why != null) {
                    return notStarted(results, cases.size(), why);
                }
                out.write((cases.get(i).driverLine(i) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                final String line = in.readLine();
                if (line == null) {
                    throw new IllegalStateException("the scan driver ended after " + i + " of " + cases.size()
                            + " cases in " + dir);
                }
                final int space = line.indexOf(' ');
                if (space < 0 || !line.substring(0, space).equals(Integer.toString(i))) {
                    throw new IllegalStateException("the scan driver answered \"" + line + "\" for case " + i);
                }
                final ScanResult r = ScanResult.parse(line.substring(space + 1));
                record.add(cases.get(i), line.substring(space + 1));
                results.add(r);
                progress.step(cases.get(i).fs() + " " + cases.get(i).call(), i + 1, cases.size());
                if (r.outcome() == ScanResult.Outcome.UNKILLABLE) { // its task keeps a CPU and maybe a lock: stop here
                    return notStarted(results, cases.size(), String.format(Locale.ENGLISH, "%s: case %s left a task"
                            + " SIGKILL did not end; a fresh boot resumes after it", AFTER_UNKILLABLE, cases.get(i)));
                }
            }
            out.close();
            p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            p.destroy();
        }
        return results;
    }

    /** @return the results so far, filled up to {@code n} with cases not started, for {@code why} */
    private static List<ScanResult> notStarted(final List<ScanResult> results, final int n, final String why) {
        while (results.size() < n) {
            results.add(new ScanResult(ScanResult.Outcome.UNSUPPORTED, ScanResult.NONE, 0, ScanResult.NONE,
                    ScanResult.NONE, ScanResult.NONE, null, null, why));
        }
        return results;
    }
}
