package dev.keepalive.heartbeat;

import java.time.Duration;

/**
 * Settings of {@link FixedTimeoutDetector}: suspect a peer once {@code missedIntervals} heartbeat
 * intervals have passed since its last heartbeat. Detection time is {@code interval × missedIntervals}.
 *
 * @param missedIntervals intervals without a heartbeat before the peer is suspected. Default 3
 *                        (DESIGN.md); range 1..1000.
 */
public record FixedTimeoutOptions(int missedIntervals) implements DetectorOptions {

    public FixedTimeoutOptions {
        if (missedIntervals < 1 || missedIntervals > 1000) {
            throw new IllegalArgumentException("missedIntervals must be in 1..1000: " + missedIntervals);
        }
    }

    /** Suspect after 3 missed intervals. */
    public static FixedTimeoutOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().missedIntervals(missedIntervals);
    }

    @Override
    public FixedTimeoutDetector newDetector(Duration interval) {
        return new FixedTimeoutDetector(interval, missedIntervals);
    }

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public Duration detectionTime(Duration interval) {
        return interval.multipliedBy(missedIntervals);
    }

    /** Mutable builder holding the defaults documented on {@link FixedTimeoutOptions}. */
    public static final class Builder {
        private int missedIntervals = 3;

        private Builder() {
        }

        public Builder missedIntervals(int v) { missedIntervals = v; return this; }

        public FixedTimeoutOptions build() {
            return new FixedTimeoutOptions(missedIntervals);
        }
    }
}
