package dev.keepalive.core;

import java.time.Duration;

/** Human durations for flags and logs: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}. */
public final class Durations {
    private Durations() {
    }

    /**
     * Parses a whole number followed by a unit {@code ns, us, ms, s, m, h, d}; {@code 0} alone is zero.
     *
     * @throws IllegalArgumentException with the text and the expected form
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 2s or 1m: null");
        }
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i == s.length() || i > 18) {
            throw bad(text);
        }
        long n = Long.parseLong(s.substring(0, i));
        try {
            return switch (s.substring(i)) {
                case "ns" -> Duration.ofNanos(n);
                case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1_000L));
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw bad(text);
            };
        } catch (ArithmeticException e) {
            throw bad(text);
        }
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("expected a duration such as 500ms, 2s or 1m: '" + text + "'");
    }

    /** The shortest exact form: {@code 75s}, {@code 500ms}, {@code 1h}, {@code 1500ms}, {@code 0s}. */
    public static String format(Duration d) {
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException e) {
            return d.toSeconds() + "s";
        }
        if (nanos == 0) {
            return "0s";
        }
        if (nanos % 86_400_000_000_000L == 0) {
            return nanos / 86_400_000_000_000L + "d";
        }
        if (nanos % 3_600_000_000_000L == 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }
}
