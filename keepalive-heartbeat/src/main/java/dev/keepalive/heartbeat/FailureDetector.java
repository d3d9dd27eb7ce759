package dev.keepalive.heartbeat;

/**
 * Decides from the arrival times of one peer's heartbeats whether to suspect it. A detector sees only
 * times: it is pure (no clock, no I/O, no threads) and, once built, allocation-free, so a monitor can
 * keep thousands of them and tests can feed exact histories.
 *
 * <p>The verdict is graded, not binary: {@link #suspicion(long)} is the detector's level of suspicion
 * (phi for {@link PhiAccrualDetector}, missed intervals for {@link FixedTimeoutDetector}) and the peer
 * is suspected from the moment it reaches {@link #threshold()}. While no heartbeat arrives the level
 * only grows, so {@link #suspectAtNanos()} is the exact instant of the verdict if the silence goes on:
 * a monitor schedules one timer there instead of polling.
 *
 * <pre>
 *   NO_HEARTBEAT --heartbeat--> AVAILABLE --suspicion(now) >= threshold--> SUSPECTED
 *                                   ^                                          |
 *                                   \-------------- heartbeat -----------------/
 * </pre>
 *
 * Before the first heartbeat a detector knows nothing and suspects nothing (suspicion 0). Times are
 * ticker nanoseconds ({@link dev.keepalive.core.Ticker}); only differences matter. Not thread-safe:
 * one owner (the monitor, under its lock) calls it.
 */
public interface FailureDetector {

    /** Records a heartbeat that arrived at {@code nowNanos}; times must not go backwards. */
    void heartbeat(long nowNanos);

    /** The level of suspicion at {@code nowNanos}: 0 before the first heartbeat, growing while silent. */
    double suspicion(long nowNanos);

    /** The level at and above which the peer is suspected. */
    double threshold();

    /** Whether the peer is trusted at {@code nowNanos}: {@code suspicion(now) < threshold()}. */
    default boolean isAvailable(long nowNanos) {
        return suspicion(nowNanos) < threshold();
    }

    /**
     * The first instant at which the peer is suspected if no heartbeat arrives before it, or
     * {@link Long#MAX_VALUE} before the first heartbeat.
     */
    long suspectAtNanos();

    /** Whether at least one heartbeat has arrived. */
    boolean hasHeartbeat();

    /** Arrival time of the last heartbeat; meaningless before the first. */
    long lastHeartbeatNanos();

    /** Mean of the recorded inter-arrival times in nanoseconds; 0 before the second heartbeat. */
    double meanIntervalNanos();

    /** Population standard deviation of the recorded inter-arrival times in nanoseconds; 0 below two. */
    double stdDevIntervalNanos();

    /** Number of inter-arrival times currently recorded (bounded by the detector's window). */
    int intervalSamples();

    /** Short name for tables and logs: {@code phi} or {@code fixed}. */
    String name();
}
