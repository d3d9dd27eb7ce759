package dev.keepalive.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON writer of {@code kal} ({@code probe --json}, {@code db --json}, {@code heartbeat --json}, the proxy's
 * {@code GET /flows}, the demo's API): maps become objects in their iteration order, lists arrays, and strings,
 * numbers, booleans and null themselves. A whole double prints without {@code ".0"}, any other as Java prints
 * it; NaN and infinities become {@code null} (JSON has neither). Anything else is written as its
 * {@code toString()}, quoted. Public because {@code dev.keepalive.cli.demo} uses it too.
 */
public final class Json {
    private Json() {
    }

    /** {@code value} as JSON, doubles in full. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, value);
        return sb.toString();
    }

    /**
     * {@code value} as JSON with every double first rounded half up to at most {@code decimals} decimals, for
     * output a person reads (the demo page) where the fourth decimal of a millisecond is noise.
     */
    public static String writeRounded(Object value, int decimals) {
        if (decimals < 0 || decimals > 9) {
            throw new IllegalArgumentException("decimals must be 0 to 9: " + decimals);
        }
        StringBuilder sb = new StringBuilder(4096);
        value(sb, value, Math.pow(10, decimals));
        return sb.toString();
    }

    /** Appends {@code value} as JSON, doubles in full. */
    public static void write(StringBuilder sb, Object value) {
        value(sb, value, 0);
    }

    /** {@code scale} is 10^decimals to round doubles to, or 0 to keep them whole. */
    private static void value(StringBuilder sb, Object value, double scale) {
        switch (value) {
            case null -> sb.append("null");
            case String s -> string(sb, s);
            case Boolean b -> sb.append(b.booleanValue());
            case Double d -> number(sb, d, scale);
            case Float f -> number(sb, f, scale);
            case Number n -> sb.append(n.longValue());
            case Map<?, ?> map -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    string(sb, String.valueOf(e.getKey()));
                    sb.append(':');
                    value(sb, e.getValue(), scale);
                }
                sb.append('}');
            }
            case List<?> list -> {
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    value(sb, list.get(i), scale);
                }
                sb.append(']');
            }
            default -> string(sb, value.toString());
        }
    }

    private static void number(StringBuilder sb, double d, double scale) {
        if (!Double.isFinite(d)) {
            sb.append("null");
            return;
        }
        double v = scale > 0 ? Math.round(d * scale) / scale : d;
        // a cast to long is exact only well inside long's range: huge whole values keep Java's exponent form
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            sb.append((long) v);
        } else {
            sb.append(v);
        }
    }

    /** Appends {@code s} quoted, with quote, backslash and control characters escaped (RFC 8259 §7). */
    public static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
