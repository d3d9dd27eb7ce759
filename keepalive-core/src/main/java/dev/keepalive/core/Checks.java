package dev.keepalive.core;

import java.time.Duration;

/**
 * Option checks shared by every options record: a bad value is refused with the option's name, the
 * allowed range and the value, e.g. {@code idleTimeout must be > 0: 0s}. Never fixed up silently.
 */
public final class Checks {
    private Checks() {
    }

    /** {@code value} in {@code [min, max]}. */
    public static long range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ": " + value);
        }
        return value;
    }

    /** A duration strictly above zero. */
    public static Duration positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0: " + text(d));
        }
        return d;
    }

    /** A duration of zero or more. */
    public static Duration nonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0: " + text(d));
        }
        return d;
    }

    /** A duration in {@code [min, max]}. */
    public static Duration range(String name, Duration d, Duration min, Duration max) {
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be in " + Durations.format(min) + ".."
                    + Durations.format(max) + ": " + text(d));
        }
        return d;
    }

    private static String text(Duration d) {
        return d == null ? "null" : Durations.format(d);
    }
}
