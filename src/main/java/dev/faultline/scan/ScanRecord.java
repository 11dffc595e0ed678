package dev.faultline.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the driver said of each case, kept in a file across boots: a case already in it is not run
 * again (its recorded result stands), and each case run is appended as soon as its result is in, so
 * that a case that leaves a task SIGKILL does not end costs a reboot and not the scan. One line per
 * case: the case's text form, a tab, the driver's result without its id
 * ({@code ext4/pread/direct/private/rw,none,rw/512/11776	RETURNED -1 14 3584 0 0}).
 */
public final class ScanRecord {
    private final Path file;
    private final Map<String, String> known;
    /** The cases the record has as UNKILLABLE. */
    private final java.util.List<ScanCase> unkillable;

    private ScanRecord(final Path file, final Map<String, String> known) {
        this.file = file;
        this.known = known;
        this.unkillable = known.entrySet().stream().filter(e -> e.getValue().startsWith("UNKILLABLE"))
                .map(e -> ScanCase.parse(e.getKey())).toList();
    }

    /** A record that keeps nothing: every case runs. */
    public static final ScanRecord NONE = new ScanRecord(null, Map.of());

    /**
     * Opens a record, reading what an earlier run left in it.
     *
     * @param file the record (made when absent)
     * @throws IllegalArgumentException for a line that is not a case and a result, naming it
     */
    public static ScanRecord open(final Path file) {
        final Map<String, String> known = new LinkedHashMap<>();
        try {
            if (Files.exists(file)) {
                int n = 0;
                for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    n++;
                    final int tab = line.indexOf('\t');
                    if (line.isBlank()) {
                        continue;
                    }
                    if (tab < 0) {
                        throw new IllegalArgumentException(file + " line " + n + " is not CASE<tab>RESULT: \"" + line + "\"");
                    }
                    ScanCase.parse(line.substring(0, tab));
                    ScanResult.parse(line.substring(tab + 1));
                    known.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ScanRecord(file, known);
    }

    /** @return what the driver said of the case on an earlier run, or null */
    ScanResult result(final ScanCase c) {
        final String r = known.get(c.toString());
        return r == null ? null : ScanResult.parse(r);
    }

    /**
     * @return a case the record has as UNKILLABLE on the same path as {@code c} (file system, operation, and
     *         both with or both without MTE marks), or null: such a path is shown, and each further case of it
     *         would cost another boot
     */
    String unkillableLike(final ScanCase c) {
        return unkillable.stream().filter(u -> u.fs().equals(c.fs()) && u.call().operation().equals(c.call().operation())
                        && u.layout().contains("~") == c.layout().contains("~") && !u.equals(c))
                .map(ScanCase::toString).findFirst().orElse(null);
    }

    /** Appends what the driver said of a case (no-op for {@link #NONE}), synced: the next case may wedge the machine. */
    synchronized void add(final ScanCase c, final String result) {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, c + "\t" + result + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
