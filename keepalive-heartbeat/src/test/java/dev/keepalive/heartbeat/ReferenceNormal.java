package dev.keepalive.heartbeat;

import java.util.List;

/**
 * Reference values computed the slow, obvious way, sharing no code with the detectors: the normal tail by
 * numerical integration of the density, mean and standard deviation by two passes over a list.
 */
final class ReferenceNormal {
    private ReferenceNormal() {
    }

    /** P(X &gt; y) for X ~ N(0, 1): Simpson's rule on [y, y + 40] (the rest is below 1e-300). */
    static double upperTail(double y) {
        int n = 400_000; // even
        double a = y;
        double h = 40.0 / n;
        double sum = density(a) + density(a + 40);
        for (int i = 1; i < n; i++) {
            sum += density(a + i * h) * (i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3;
    }

    private static double density(double x) {
        return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    }

    /** phi for a silence of {@code elapsed}, Hayashibara's definition with an N(mean, sd²) inter-arrival. */
    static double phi(double elapsed, double mean, double sd) {
        return -Math.log10(upperTail((elapsed - mean) / sd));
    }

    static double mean(List<Long> xs) {
        double s = 0;
        for (long x : xs) {
            s += x;
        }
        return s / xs.size();
    }

    /** Population standard deviation (divides by n). */
    static double stdDev(List<Long> xs) {
        double m = mean(xs);
        double s = 0;
        for (long x : xs) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / xs.size());
    }
}
