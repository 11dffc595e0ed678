package dev.faultline.cli;

import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Converters that refuse in one plain line. Numbers in ASCII only: picocli's converters
 * ({@code Long.valueOf} and friends) also read other scripts' digits, so {@code --runs ２} meant
 * 2, and {@code Double.valueOf} takes {@code NaN}, {@code Infinity}, hex and a trailing
 * {@code d}. Paths: picocli's message for a path Java cannot represent (a NUL byte) named the
 * exception class.
 */
final class Converters {
    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private Converters() {
    }

    /** Replaces the int, long, double and Path converters of {@code cl} and its subcommands. */
    static void register(final CommandLine cl) {
        final CommandLine.ITypeConverter<Integer> ints = s -> (int) whole(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
        final CommandLine.ITypeConverter<Long> longs = s -> whole(s, Long.MIN_VALUE, Long.MAX_VALUE);
        final CommandLine.ITypeConverter<Double> doubles = s -> {
            if (!DECIMAL.matcher(s).matches()) {
                throw new TypeConversionException("'" + s + "' is not a decimal number");
            }
            final double d = Double.parseDouble(s);
            if (Double.isInfinite(d)) {
                throw new TypeConversionException("'" + s + "' is too large");
            }
            return d;
        };
        cl.registerConverter(Integer.class, ints);
        cl.registerConverter(int.class, ints);
        cl.registerConverter(Long.class, longs);
        cl.registerConverter(long.class, longs);
        cl.registerConverter(Double.class, doubles);
        cl.registerConverter(double.class, doubles);
        cl.registerConverter(Path.class, s -> {
            try {
                return Path.of(s);
            } catch (InvalidPathException e) {
                throw new TypeConversionException("'" + s + "' is not a path: " + e.getReason());
            }
        });
    }

    private static long whole(final String s, final long min, final long max) {
        if (!WHOLE.matcher(s).matches()) {
            throw new TypeConversionException("'" + s + "' is not a whole number");
        }
        try {
            final long v = Long.parseLong(s);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // out of range, as below
        }
        throw new TypeConversionException("'" + s + "' is out of range " + min + ".." + max);
    }
}
