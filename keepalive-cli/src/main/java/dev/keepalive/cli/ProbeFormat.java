package dev.keepalive.cli;

import java.util.Locale;

/** Human-readable measurements: three significant digits where they matter, units a reader expects. */
final class ProbeFormat {
    private ProbeFormat() {
    }

    /** {@code 0.41ms}, {@code 12.3ms}, {@code 250ms}, {@code 3.00s}, {@code 75.0s}, {@code 120s}. */
    static String duration(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 9.995) { // thresholds where rounding would print the next unit's first value
            return String.format(Locale.ROOT, "%.2fms", ms);
        }
        if (ms < 99.95) {
            return String.format(Locale.ROOT, "%.1fms", ms);
        }
        if (ms < 999.5) {
            return String.format(Locale.ROOT, "%.0fms", ms);
        }
        double s = ms / 1000;
        if (s < 9.995) {
            return String.format(Locale.ROOT, "%.2fs", s);
        }
        if (s < 99.95) {
            return String.format(Locale.ROOT, "%.1fs", s);
        }
        return String.format(Locale.ROOT, "%.0fs", s);
    }

    /** Milliseconds with microsecond precision, for JSON. */
    static double millis(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
