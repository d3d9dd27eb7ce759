package dev.keepalive.core;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential growth with <em>full jitter</em>. Before retry number {@code attempt}
 * (0 for the first retry) a client waits
 *
 * <pre>
 *   ceiling(attempt) = min(cap, base × 2^attempt)
 *   delay(attempt)   = uniform random in [0, ceiling(attempt)]
 * </pre>
 *
 * <p>Why full jitter: when a server restarts, every client loses its connection in the same instant.
 * Plain exponential backoff keeps them in lock step, so each retry wave hits the server together (a
 * thundering herd), and "equal jitter" only spreads the upper half of the window. Drawing from the whole
 * window spreads the load evenly and, for the same number of attempts, gets the clients through with the
 * least total work (Marc Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015).
 *
 * <p>A connection that stays up for {@code resetAfter} earns a fresh start; one that drops right after
 * connecting keeps its attempt count, so a peer that accepts and then immediately fails is not hammered
 * at the base delay forever. {@link Attempts} does that bookkeeping.
 *
 * @param base       ceiling of the first retry's delay; &gt; 0. Default 500 ms.
 * @param cap        largest ceiling, reached after a few doublings; &gt;= base. Default 30 s.
 * @param resetAfter how long a connection must stay up before the attempt count starts over; &gt;= 0,
 *                   0 resets after any successful connection. Default 10 s.
 */
public record Backoff(Duration base, Duration cap, Duration resetAfter) {

    // Delays are computed in long nanoseconds, so every duration must fit in one (about 292 years).
    private static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);
    private static final String MAX_TEXT = "Long.MAX_VALUE ns (about 292 years)";

    // after MAX: static initialisers run in order and the constructor reads it
    /** 500 ms base, 30 s cap, reset after 10 s stable: the WebSocket clients' defaults (DESIGN.md). */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofSeconds(10));

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(resetAfter, "resetAfter");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be > 0: " + Durations.format(base));
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap must be >= base (" + Durations.format(base) + "): "
                    + Durations.format(cap));
        }
        if (cap.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("cap must be <= " + MAX_TEXT + ": " + Durations.format(cap));
        }
        if (resetAfter.isNegative()) {
            throw new IllegalArgumentException("resetAfter must be >= 0: " + Durations.format(resetAfter));
        }
        if (resetAfter.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("resetAfter must be <= " + MAX_TEXT + ": "
                    + Durations.format(resetAfter));
        }
    }

    public static Backoff of(Duration base, Duration cap, Duration resetAfter) {
        return new Backoff(base, cap, resetAfter);
    }

    /** {@code min(cap, base × 2^attempt)}: the largest delay retry {@code attempt} (from 0) can draw. */
    public Duration ceiling(int attempt) {
        return Duration.ofNanos(ceilingNanos(attempt));
    }

    /** A full-jitter delay for retry {@code attempt} (from 0): uniform in [0, {@link #ceiling}]. */
    public Duration delay(int attempt, RandomGenerator random) {
        return Duration.ofNanos(delayNanos(attempt, random));
    }

    /** Same as {@link #delay} in nanoseconds, for callers that schedule on a {@link TimerWheel}. */
    public long delayNanos(int attempt, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        long ceiling = ceilingNanos(attempt);
        // nextLong(bound) excludes the bound; the window is inclusive, and bound + 1 overflows only at MAX
        return ceiling == Long.MAX_VALUE ? random.nextLong() >>> 1 : random.nextLong(ceiling + 1);
    }

    private long ceilingNanos(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0: " + attempt);
        }
        long baseNanos = base.toNanos();
        long capNanos = cap.toNanos();
        // base << attempt <= cap exactly when base <= cap >> attempt; testing that way cannot overflow,
        // and from 63 doublings on even a 1 ns base is past any long cap.
        if (attempt >= Long.SIZE - 1 || baseNanos > (capNanos >>> attempt)) {
            return capNanos;
        }
        return baseNanos << attempt;
    }

    /** Retry bookkeeping for one reconnecting client, drawing from {@link RandomGenerator#getDefault()}. */
    public Attempts attempts() {
        return new Attempts(this, RandomGenerator.getDefault());
    }

    /** Retry bookkeeping for one reconnecting client; {@code random} is used from the owner's thread only. */
    public Attempts attempts(RandomGenerator random) {
        return new Attempts(this, random);
    }

    /**
     * The attempt counter of one reconnecting client. Not thread-safe: it belongs to the client's event
     * loop or reconnect task. Time comes in as ticker nanoseconds, so tests pass numbers.
     *
     * <pre>
     *   DISCONNECTED --nextDelay() (attempt++)--> wait, try --fail--> DISCONNECTED
     *        ^                                        \--success: onConnected(now)--> CONNECTED
     *        \-------- onDisconnected(now): attempt = 0 if up for >= resetAfter -------/
     * </pre>
     */
    public static final class Attempts {
        private final Backoff backoff;
        private final RandomGenerator random;
        private int attempt;
        private boolean connected;
        private long connectedAt;

        Attempts(Backoff backoff, RandomGenerator random) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            this.random = Objects.requireNonNull(random, "random");
        }

        /** Retries drawn since the last reset; the next {@link #nextDelay()} uses this as its attempt. */
        public int attempt() {
            return attempt;
        }

        public boolean isConnected() {
            return connected;
        }

        /** The delay before the next connection attempt; each call moves one attempt further. */
        public Duration nextDelay() {
            return Duration.ofNanos(nextDelayNanos());
        }

        public long nextDelayNanos() {
            long delay = backoff.delayNanos(attempt, random);
            if (attempt < Integer.MAX_VALUE) { // saturate: a client retrying forever must not wrap to 0
                attempt++;
            }
            return delay;
        }

        /** Records that a connection was established at {@code nowNanos}; the count is kept until it proves stable. */
        public void onConnected(long nowNanos) {
            connected = true;
            connectedAt = nowNanos;
        }

        /**
         * Records the loss of the connection; if it had been up for at least {@code resetAfter}, the next
         * delay starts again from attempt 0. Returns whether the count was reset.
         */
        public boolean onDisconnected(long nowNanos) {
            if (!connected) {
                return false;
            }
            connected = false;
            // difference, not comparison of absolute values: ticker time may be negative or wrap
            if (nowNanos - connectedAt >= backoff.resetAfter().toNanos()) {
                attempt = 0;
                return true;
            }
            return false;
        }

        /** Starts over from attempt 0, e.g. after the user changed the target address. */
        public void reset() {
            attempt = 0;
        }
    }
}
