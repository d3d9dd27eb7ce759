package dev.keepalive.heartbeat;

import dev.keepalive.core.Durations;
import java.time.Duration;

/**
 * Suspects a peer once {@code missedIntervals} heartbeat intervals have passed since its last
 * heartbeat: the classic timeout, blind to how regular the peer has been. Suspicion is the number of
 * intervals missed so far ({@code (now - last) / interval}), suspected at {@code >= missedIntervals}.
 * Detection time is exactly {@code interval × missedIntervals} after the last heartbeat.
 *
 * <p>It also keeps the last {@value #STATS_WINDOW} inter-arrival times, for reporting only: tables show
 * the same columns whichever detector decides.
 */
public final class FixedTimeoutDetector implements FailureDetector {
    static final int STATS_WINDOW = 100;

    private final long intervalNanos;
    private final int missedIntervals;
    private final long timeoutNanos;
    private final IntervalWindow window = new IntervalWindow(STATS_WINDOW);
    private boolean started;
    private long last;

    /**
     * @param interval        the peer's heartbeat interval (&gt; 0)
     * @param missedIntervals intervals without a heartbeat before it is suspected (1..1000)
     */
    public FixedTimeoutDetector(Duration interval, int missedIntervals) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be > 0: "
                    + (interval == null ? null : Durations.format(interval)));
        }
        new FixedTimeoutOptions(missedIntervals); // same range check and message
        this.intervalNanos = interval.toNanos();
        this.missedIntervals = missedIntervals;
        this.timeoutNanos = Math.multiplyExact(intervalNanos, missedIntervals);
    }

    @Override
    public void heartbeat(long nowNanos) {
        if (started) {
            // an interval that spans a suspicion measures the outage, not the peer's rhythm
            if (isAvailable(nowNanos)) {
                window.add(Math.max(0, nowNanos - last));
            }
        } else {
            started = true;
        }
        last = nowNanos;
    }

    @Override
    public double suspicion(long nowNanos) {
        return started ? Math.max(0, nowNanos - last) / (double) intervalNanos : 0;
    }

    @Override
    public double threshold() {
        return missedIntervals;
    }

    /** Exact integer comparison, so the verdict flips at {@link #suspectAtNanos()} to the nanosecond. */
    @Override
    public boolean isAvailable(long nowNanos) {
        return !started || nowNanos - last < timeoutNanos;
    }

    @Override
    public long suspectAtNanos() {
        return started ? last + timeoutNanos : Long.MAX_VALUE;
    }

    @Override
    public boolean hasHeartbeat() {
        return started;
    }

    @Override
    public long lastHeartbeatNanos() {
        return last;
    }

    @Override
    public double meanIntervalNanos() {
        return window.mean();
    }

    @Override
    public double stdDevIntervalNanos() {
        return window.stdDev();
    }

    @Override
    public int intervalSamples() {
        return window.count();
    }

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public String toString() {
        return "FixedTimeoutDetector[timeout=" + Durations.format(Duration.ofNanos(timeoutNanos)) + "]";
    }
}
