package dev.faultline.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the kernel says about this JVM: mappings and open fds. */
public final class ProcSelf {
    private ProcSelf() {
    }

    /** @return lines of /proc/self/maps */
    public static long mapsLines() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param ranges {base, size} pairs
     * @return lines of /proc/self/maps that overlap any of the ranges
     */
    public static long linesInside(final java.util.Collection<long[]> ranges) {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> {
                final String[] se = l.substring(0, l.indexOf(' ')).split("-");
                final long start = Long.parseUnsignedLong(se[0], 16);
                final long end = Long.parseUnsignedLong(se[1], 16);
                return ranges.stream().anyMatch(r -> start < r[0] + r[1] && r[0] < end);
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return open fds of regions (memfds named faultline-region or faultline-zap); the
     *         per-thread scratch memfds are left out, their Cleaner closes them when a thread's
     *         holder is collected, at any time
     */
    public static long regionFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(p -> {
                try {
                    final String target = Files.readSymbolicLink(p).toString();
                    return target.contains("faultline-region") || target.contains("faultline-zap");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return lines of /proc/self/maps that map a region's memfd ({@code memfd:faultline-region}
     *         or {@code memfd:faultline-zap}); nothing else in the JVM maps those names
     */
    public static long regionMappings() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(l -> l.contains("memfd:faultline-region") || l.contains("memfd:faultline-zap")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
