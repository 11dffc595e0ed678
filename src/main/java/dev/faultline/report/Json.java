package dev.faultline.report;

import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer for reports: maps (insertion ordered), lists, strings, numbers,
 * booleans and null. No dependency, no reflection.
 */
public final class Json {
    private Json() {
    }

    /** @return {@code value} as JSON text */
    public static String write(final Object value) {
        final StringBuilder b = new StringBuilder();
        write(b, value);
        return b.toString();
    }

    private static void write(final StringBuilder b, final Object v) {
        switch (v) {
            case null -> b.append("null");
            case String s -> string(b, s);
            case Boolean x -> b.append(x);
            case Number n -> b.append(n);
            case Map<?, ?> m -> {
                b.append('{');
                boolean first = true;
                for (final Map.Entry<?, ?> e : m.entrySet()) {
                    b.append(first ? "" : ",");
                    first = false;
                    string(b, String.valueOf(e.getKey()));
                    b.append(':');
                    write(b, e.getValue());
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    b.append(i == 0 ? "" : ",");
                    write(b, l.get(i));
                }
                b.append(']');
            }
            default -> string(b, v.toString());
        }
    }

    private static void string(final StringBuilder b, final String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
