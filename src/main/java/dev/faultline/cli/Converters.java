package dev.faultline.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Option values from text, refusing in one plain line ({@link IllegalArgumentException}: the
 * parser adds the option's name). Numbers in ASCII only: {@code Long.valueOf} and friends also
 * read other scripts' digits ({@code --runs ２} would mean 2), and {@code Double.valueOf} takes
 * {@code NaN}, {@code Infinity}, hex and a trailing {@code d}. A path Java cannot represent (a
 * NUL byte) is named with the reason, not the exception's class.
 */
final class Converters {
    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private Converters() {
    }

    /** @return {@code s} as an int */
    static Integer integer(final String s) {
        return (int) whole(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** @return {@code s} as a long */
    static Long whole(final String s) {
        return whole(s, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** @return {@code s} as a finite double, written in decimal */
    static Double decimal(final String s) {
        if (!DECIMAL.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a decimal number");
        }
        final double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
            throw new IllegalArgumentException("'" + s + "' is too large");
        }
        return d;
    }

    /** @return {@code s} as a path */
    static Path path(final String s) {
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + s + "' is not a path: " + e.getReason(), e);
        }
    }

    private static long whole(final String s, final long min, final long max) {
        if (!WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a whole number");
        }
        try {
            final long v = Long.parseLong(s);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // out of range, as below
        }
        throw new IllegalArgumentException("'" + s + "' is out of range " + min + ".." + max);
    }
}
