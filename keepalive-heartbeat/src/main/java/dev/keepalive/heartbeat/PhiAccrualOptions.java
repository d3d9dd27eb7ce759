package dev.keepalive.heartbeat;

import dev.keepalive.core.Durations;
import java.time.Duration;

/**
 * Settings of {@link PhiAccrualDetector} (Hayashibara et al., "The φ Accrual Failure Detector", 2004;
 * the defaults are Akka's). Detection time for steady heartbeats is
 * {@code interval + acceptablePause + y(threshold) × minStdDev} where {@code y(8) ≈ 5.61} is the
 * normal quantile at which the chance of a later heartbeat is 10^-8: 1.56 s at a 1 s interval, 661 ms at 100 ms.
 *
 * @param threshold       phi at which the peer is suspected: a suspicion is wrong with probability
 *                        about 10^-threshold if inter-arrival times are normal. Default 8; range
 *                        (0, 1000].
 * @param minStdDev       floor of the standard deviation of inter-arrival times, so perfectly regular
 *                        heartbeats (a LAN, a fake clock) don't make one late heartbeat look fatal.
 *                        Default 100 ms; must be &gt; 0.
 * @param acceptablePause silence added to the expected interval before phi starts to grow: absorbs GC
 *                        pauses and bursts of loss at the price of slower detection. Default 0 (none).
 * @param window          how many recent inter-arrival times the distribution is estimated from.
 *                        Default 1000; range 1..1 000 000.
 */
public record PhiAccrualOptions(double threshold, Duration minStdDev, Duration acceptablePause, int window)
        implements DetectorOptions {

    private static final Duration MAX = Duration.ofHours(24);

    public PhiAccrualOptions {
        if (!(threshold > 0 && threshold <= 1000)) { // also refuses NaN
            throw new IllegalArgumentException("threshold must be in (0, 1000]: " + threshold);
        }
        if (minStdDev == null || minStdDev.isNegative() || minStdDev.isZero() || minStdDev.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("minStdDev must be in (0, 24h]: "
                    + (minStdDev == null ? null : Durations.format(minStdDev)));
        }
        if (acceptablePause == null || acceptablePause.isNegative() || acceptablePause.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("acceptablePause must be in 0..24h: "
                    + (acceptablePause == null ? null : Durations.format(acceptablePause)));
        }
        if (window < 1 || window > 1_000_000) {
            throw new IllegalArgumentException("window must be in 1..1000000: " + window);
        }
    }

    /** Threshold 8, min std dev 100 ms, acceptable pause 0, window 1000 (DESIGN.md). */
    public static PhiAccrualOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().threshold(threshold).minStdDev(minStdDev).acceptablePause(acceptablePause)
                .window(window);
    }

    @Override
    public PhiAccrualDetector newDetector(Duration interval) {
        return new PhiAccrualDetector(this, interval);
    }

    @Override
    public String name() {
        return "phi";
    }

    @Override
    public Duration detectionTime(Duration interval) {
        double nanos = interval.toNanos() + acceptablePause.toNanos()
                + NormalTail.quantileForPhi(threshold) * minStdDev.toNanos();
        return Duration.ofNanos((long) Math.ceil(nanos));
    }

    /** Mutable builder holding the defaults documented on {@link PhiAccrualOptions}. */
    public static final class Builder {
        private double threshold = 8.0;
        private Duration minStdDev = Duration.ofMillis(100);
        private Duration acceptablePause = Duration.ZERO;
        private int window = 1000;

        private Builder() {
        }

        public Builder threshold(double v) { threshold = v; return this; }
        public Builder minStdDev(Duration v) { minStdDev = v; return this; }
        public Builder acceptablePause(Duration v) { acceptablePause = v; return this; }
        public Builder window(int v) { window = v; return this; }

        public PhiAccrualOptions build() {
            return new PhiAccrualOptions(threshold, minStdDev, acceptablePause, window);
        }
    }
}
