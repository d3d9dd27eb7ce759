package dev.keepalive.websocket.internal;

import dev.keepalive.core.Liveness;

/**
 * When to ping and when the peer is dead, for one connection. Pure bookkeeping: time comes in as ticker
 * nanoseconds and the owner arms its one timer for {@link #nextDeadline()}, so tests pass numbers.
 *
 * <p>A ping goes out every {@code interval} (the configured ping interval minus up to 10 % jitter chosen
 * per connection, so connections opened together spread out). Any inbound byte after a ping answers it
 * (RFC 6455 §5.5.3 lets a pong answer only the latest ping; data is proof of life too). If nothing
 * arrives within {@code pongTimeout} of the oldest unanswered ping, the peer is dead. Inbound traffic
 * only writes a field: the timer is never moved per frame; when it fires it looks at the time and is
 * armed for whatever comes next.
 *
 * <pre>
 *   UNKNOWN --first answer--> ALIVE --ping unanswered > pongTimeout/2--> SUSPECT --pongTimeout--> DEAD
 *                               ^                                           |
 *                               \--------------- inbound bytes -------------/
 * </pre>
 */
public final class Heartbeat {
    /** {@link #onTimer} result: nothing to do. */
    public static final int IDLE = 0;
    /** {@link #onTimer} result: send a ping now (payload: the time passed in). */
    public static final int PING = 1;
    /** {@link #onTimer} result: the peer is dead; see {@link #deadEvidence}. */
    public static final int DEAD = 2;

    private static final long NONE = Long.MIN_VALUE;

    private final long interval;
    private final long pongTimeout;
    private long nextPingAt;
    private long unansweredSince = NONE;
    private long lastInbound = NONE;
    private int answered;

    /**
     * @param interval    nanoseconds between pings, jitter already applied; 0 disables pings
     * @param pongTimeout nanoseconds an answer may take
     * @param now         when the connection opened
     */
    public Heartbeat(long interval, long pongTimeout, long now) {
        this.interval = interval;
        this.pongTimeout = pongTimeout;
        this.nextPingAt = interval == 0 ? NONE : now + interval;
    }

    /** {@code interval} minus up to 10 %, for one connection; {@code u} is uniform in [0, 1). */
    public static long jittered(long interval, double u) {
        return interval - (long) (interval * 0.1 * u);
    }

    /** Bytes arrived: the peer is alive, and any outstanding ping counts as answered. */
    public void onInbound(long now) {
        lastInbound = now;
        if (unansweredSince != NONE && now - unansweredSince >= 0) {
            unansweredSince = NONE;
            answered++;
        }
    }

    /** The timer fired (possibly early or late): returns {@link #IDLE}, {@link #PING} or {@link #DEAD}. */
    public int onTimer(long now) {
        if (interval == 0) {
            return IDLE;
        }
        if (unansweredSince != NONE && now - unansweredSince >= pongTimeout) {
            return DEAD;
        }
        if (now - nextPingAt >= 0) {
            nextPingAt = now + interval;
            if (unansweredSince == NONE) {
                unansweredSince = now;
            }
            return PING;
        }
        return IDLE;
    }

    /** When the timer should fire next: the next ping, or the pong deadline if sooner; NONE-free. */
    public long nextDeadline() {
        if (interval == 0) {
            return Long.MAX_VALUE;
        }
        if (unansweredSince != NONE && unansweredSince + pongTimeout - nextPingAt < 0) {
            return unansweredSince + pongTimeout;
        }
        return nextPingAt;
    }

    /** Evidence for the verdict: {@code no pong within 10000 ms (after 42 successful pings)}. */
    public String deadEvidence() {
        return "no pong within " + pongTimeout / 1_000_000 + " ms (after " + answered + " successful ping" + (answered == 1 ? "" : "s")
                + ")";
    }

    public Liveness liveness(long now) {
        if (unansweredSince != NONE) {
            long waited = now - unansweredSince;
            if (waited >= pongTimeout) {
                return Liveness.DEAD;
            }
            if (waited > pongTimeout / 2) {
                return Liveness.SUSPECT;
            }
        }
        return answered == 0 && lastInbound == NONE ? Liveness.UNKNOWN : Liveness.ALIVE;
    }

    /** Pings answered so far. */
    public int answered() {
        return answered;
    }
}
