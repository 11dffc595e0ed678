package dev.faultline.scan;

import dev.faultline.sys.Unistd;

import java.util.Locale;

/**
 * A standalone C reproducer of one scan case: the driver's source with the case compiled in. One
 * file, one gcc line, no header of Faultline's; run as root where the case needs a mounted image.
 */
public final class Repro {
    private Repro() {
    }

    /**
     * @param c       the case
     * @param verdict the scan's verdict of it where it ran ({@code SHORT 512}, {@code LIVELOCK}), or null
     * @return the reproducer's C source
     */
    public static String source(final ScanCase c, final String verdict) {
        final long possible = Scan.possible(c);
        final String header = String.format(Locale.ENGLISH, """
                /*
                 * Faultline scan reproducer: %1$s
                 *   %2$s of %3$d bytes at offset %4$d of a buffer laid out as %5$s (%6$s mapping),
                 *   %7$s, on a file of %8$s; made on %9$d-byte pages.
                 *
                 * Build: gcc -O2 -o repro repro.c        (-static to copy it into a guest)
                 * Run:   ./repro DIR                      DIR: a directory on %8$s
                 *    or: ./repro                          as root: it makes and mounts %8$s itself
                 *                                         (%13$s)
                 * It prints what the call did and REPRODUCED when the scan's rules give the verdict below.
                 */
                #define SCAN_REPRO_CASE "%10$s"
                #define SCAN_REPRO_TEXT "%1$s"
                #define SCAN_REPRO_POSSIBLE %11$dL
                #define SCAN_REPRO_VERDICT "%12$s"
                #define SCAN_REPRO_FS "%8$s"
                #define SCAN_REPRO_MKFS "%13$s"
                #define SCAN_REPRO_MB %14$d
                """, c, c.call().word(), c.size(), c.offset(), c.layout(), c.backing().word(),
                switch (c.mode()) {
                    case BUFFERED -> "buffered";
                    case DIRECT -> "O_DIRECT";
                    case NOCOW -> "O_DIRECT to a NOCOW file";
                    case COMPRESSED -> "buffered to a compressed file";
                }, c.fs(), Unistd.pageSize(), c.driverLine(0),
                possible, verdict == null ? "?" : verdict, mkfs(c.fs()), mb(c.fs()));
        return header + ScanDriver.source();
    }

    private static String mkfs(final String fs) {
        return tmpfs(fs) ? "mount -t tmpfs" : dev.faultline.oracle.LoopImage.Fs.of(fs).mkfsCommand();
    }

    private static long mb(final String fs) {
        return tmpfs(fs) ? 64 : dev.faultline.oracle.LoopImage.Fs.of(fs).megabytes();
    }

    private static boolean tmpfs(final String fs) {
        return fs.equals("tmpfs") || fs.equals(ScanCall.NO_FS);
    }

    /**
     * @param text a verdict as the report prints it ({@code EXACT}, {@code SHORT 512}, {@code LIVELOCK})
     * @return the same text, checked
     * @throws IllegalArgumentException naming the verdicts
     */
    public static String verdict(final String text) {
        final String[] w = text.trim().split(" ");
        try {
            final ScanVerdict v = ScanVerdict.valueOf(w[0]);
            if (v == ScanVerdict.SHORT ? w.length == 2 && Long.parseLong(w[1]) > 0 : w.length == 1) {
                return text.trim();
            }
        } catch (IllegalArgumentException e) {
            // named below
        }
        throw new IllegalArgumentException("--expect takes a verdict as the report prints it: EXACT, SHORT N, EFAULT,"
                + " ERROR, DIRTY, OVERREPORT, LIVELOCK or UNKILLABLE, not \"" + text + "\"");
    }

    /** @return {@link #source(ScanCase, String)} of a case whose verdict is not known */
    public static String source(final ScanCase c) {
        return source(c, null);
    }
}
