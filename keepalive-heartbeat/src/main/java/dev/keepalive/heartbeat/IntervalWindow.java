package dev.keepalive.heartbeat;

/**
 * The last {@code capacity} inter-arrival times (nanoseconds) with their mean and population variance,
 * kept up to date in O(1) per sample and without allocation: a ring buffer plus Welford's running
 * mean and sum of squared deviations, with the outgoing sample removed by the sliding-window form of the
 * same update. Each time the ring wraps, both are recomputed exactly from the samples (two passes, so
 * O(1) amortised), which bounds the rounding that add-and-remove accumulates over days of heartbeats.
 */
final class IntervalWindow {
    private final long[] samples;
    private int count;
    private int next;
    private double mean;
    private double m2; // sum of squared deviations from the mean

    IntervalWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.samples = new long[capacity];
    }

    void add(long interval) {
        double x = interval;
        if (count < samples.length) {
            count++;
            double delta = x - mean;
            mean += delta / count;
            m2 += delta * (x - mean);
        } else {
            double old = samples[next];
            double newMean = mean + (x - old) / count;
            m2 += (x - old) * (x - newMean + old - mean);
            mean = newMean;
        }
        samples[next] = interval;
        next++;
        if (next == samples.length) {
            next = 0;
            recompute();
        }
    }

    private void recompute() {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += samples[i];
        }
        double m = sum / count;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            double d = samples[i] - m;
            squares += d * d;
        }
        mean = m;
        m2 = squares;
    }

    int count() {
        return count;
    }

    int capacity() {
        return samples.length;
    }

    /** Mean in nanoseconds; 0 when empty. */
    double mean() {
        return mean;
    }

    /** Population variance in nanoseconds squared; 0 below two samples. */
    double variance() {
        return count < 2 ? 0 : Math.max(0, m2 / count);
    }

    double stdDev() {
        return Math.sqrt(variance());
    }
}
