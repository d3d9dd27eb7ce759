package dev.keepalive.heartbeat;

import dev.keepalive.core.Durations;
import java.time.Duration;

/**
 * The φ accrual failure detector (Hayashibara, Défago, Yared, Katayama, SRDS 2004). Instead of a yes/no
 * timeout it reports how unlikely the current silence is, given the peer's recent rhythm:
 *
 * <pre>
 *   phi(now) = -log10( P(an inter-arrival time > now - last) ),   inter-arrival ~ N(μ + pause, σ²)
 *   μ, σ     = mean and population std dev of the last {@code window} inter-arrival times,
 *              σ raised to at least {@code minStdDev}
 * </pre>
 *
 * phi = 1 means a 10 % chance that a heartbeat is still coming, phi = 8 one in 10^8. The peer is suspected
 * at {@code phi >= threshold}, which happens {@code μ + pause + y·σ} after the last heartbeat, where
 * {@code y} is the normal quantile of the threshold ({@link NormalTail#quantileForPhi}). A jittery or lossy
 * peer has a larger σ and μ, so the detector waits longer before suspecting it: it adapts.
 *
 * <p>Until the first inter-arrival time is known, μ is the configured heartbeat interval and σ a quarter
 * of it (Akka's "first heartbeat estimate"). An interval that spans a suspicion (the peer was suspected
 * when the heartbeat arrived) is not recorded: it measures an outage, and would teach the detector to
 * wait that long next time.
 *
 * <p>{@link #heartbeat} and {@link #phi} are O(1) and allocation-free (see {@link IntervalWindow}).
 */
public final class PhiAccrualDetector implements FailureDetector {
    private final PhiAccrualOptions options;
    private final double threshold;
    private final double minStdDevNanos;
    private final double pauseNanos;
    private final double firstMeanNanos;
    private final double quantile;
    private final IntervalWindow window;
    private boolean started;
    private long last;

    /**
     * @param options  threshold, min std dev, acceptable pause, window
     * @param interval the peer's heartbeat interval, the estimate used until real intervals are known (&gt; 0)
     */
    public PhiAccrualDetector(PhiAccrualOptions options, Duration interval) {
        if (options == null) {
            throw new NullPointerException("options");
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be > 0: "
                    + (interval == null ? null : Durations.format(interval)));
        }
        this.options = options;
        this.threshold = options.threshold();
        this.minStdDevNanos = options.minStdDev().toNanos();
        this.pauseNanos = options.acceptablePause().toNanos();
        this.firstMeanNanos = interval.toNanos();
        this.quantile = NormalTail.quantileForPhi(threshold);
        this.window = new IntervalWindow(options.window());
    }

    @Override
    public void heartbeat(long nowNanos) {
        if (started) {
            if (isAvailable(nowNanos)) {
                window.add(Math.max(0, nowNanos - last));
            }
        } else {
            started = true;
        }
        last = nowNanos;
    }

    /** phi at {@code nowNanos}; 0 before the first heartbeat. Same as {@link #suspicion}. */
    public double phi(long nowNanos) {
        if (!started) {
            return 0;
        }
        double elapsed = Math.max(0, nowNanos - last);
        return NormalTail.phi((elapsed - expectedMean() - pauseNanos) / effectiveStdDev());
    }

    @Override
    public double suspicion(long nowNanos) {
        return phi(nowNanos);
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public long suspectAtNanos() {
        if (!started) {
            return Long.MAX_VALUE;
        }
        double after = expectedMean() + pauseNanos + quantile * effectiveStdDev();
        return last + (long) Math.ceil(after);
    }

    /** μ: the window's mean, or the configured interval while the window is empty. */
    double expectedMean() {
        return window.count() == 0 ? firstMeanNanos : window.mean();
    }

    /** σ as used in phi: the window's (or the first estimate's) std dev, at least {@code minStdDev}. */
    double effectiveStdDev() {
        double sd = window.count() == 0 ? firstMeanNanos / 4 : window.stdDev();
        return Math.max(sd, minStdDevNanos);
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
        return "phi";
    }

    public PhiAccrualOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "PhiAccrualDetector[" + options + ", samples=" + window.count() + "]";
    }
}
