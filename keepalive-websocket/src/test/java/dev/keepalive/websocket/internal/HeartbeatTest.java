package dev.keepalive.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Liveness;
import org.junit.jupiter.api.Test;

/** Heartbeat bookkeeping driven with numbers: milliseconds as nanoseconds × 1e6. */
class HeartbeatTest {
    private static final long MS = 1_000_000L;

    @Test
    void pingsEveryIntervalAndCountsAnswers() {
        Heartbeat h = new Heartbeat(1_000 * MS, 300 * MS, 0);
        assertEquals(1_000 * MS, h.nextDeadline());
        assertEquals(Heartbeat.IDLE, h.onTimer(999 * MS), "an early timer does nothing");
        assertEquals(Heartbeat.PING, h.onTimer(1_000 * MS));
        assertEquals(1_300 * MS, h.nextDeadline(), "the pong deadline comes before the next ping");
        h.onInbound(1_010 * MS);
        assertEquals(1, h.answered());
        assertEquals(Heartbeat.IDLE, h.onTimer(1_300 * MS), "answered: nothing at the old deadline");
        assertEquals(2_000 * MS, h.nextDeadline(), "rescheduled for the remaining time, not reset by the pong");
        assertEquals(Heartbeat.PING, h.onTimer(2_000 * MS));
    }

    @Test
    void deadWhenNothingArrivesWithinPongTimeout() {
        Heartbeat h = new Heartbeat(1_000 * MS, 300 * MS, 0);
        h.onTimer(1_000 * MS);
        h.onInbound(1_100 * MS);
        h.onTimer(2_000 * MS);
        assertEquals(Liveness.ALIVE, h.liveness(2_100 * MS));
        assertEquals(Liveness.SUSPECT, h.liveness(2_200 * MS));
        assertEquals(Heartbeat.IDLE, h.onTimer(2_299 * MS));
        assertEquals(Heartbeat.DEAD, h.onTimer(2_300 * MS));
        assertEquals("no pong within 300 ms (after 1 successful ping)", h.deadEvidence());
    }

    @Test
    void anyInboundByteCountsAsAnAnswer() {
        Heartbeat h = new Heartbeat(1_000 * MS, 300 * MS, 0);
        h.onInbound(500 * MS); // before the ping: not an answer
        assertEquals(Heartbeat.PING, h.onTimer(1_000 * MS));
        assertEquals(0, h.answered());
        h.onInbound(1_000 * MS);
        assertEquals(1, h.answered());
        assertEquals(Heartbeat.IDLE, h.onTimer(1_300 * MS));
    }

    @Test
    void pongTimeoutLongerThanIntervalKeepsTheOldestPingsDeadline() {
        Heartbeat h = new Heartbeat(1_000 * MS, 2_500 * MS, 0);
        assertEquals(Heartbeat.PING, h.onTimer(1_000 * MS));
        assertEquals(Heartbeat.PING, h.onTimer(2_000 * MS), "keeps pinging meanwhile");
        assertEquals(Heartbeat.PING, h.onTimer(3_000 * MS));
        assertEquals(3_500 * MS, h.nextDeadline());
        assertEquals(Heartbeat.DEAD, h.onTimer(3_500 * MS), "measured from the first unanswered ping");
    }

    @Test
    void detectionTimeIsAtMostIntervalPlusPongTimeout() {
        for (int i = 0; i < 100; i++) {
            long interval = Heartbeat.jittered(1_000 * MS, i / 100.0);
            assertTrue(interval > 900 * MS && interval <= 1_000 * MS, "jitter within 10 %: " + interval);
            Heartbeat h = new Heartbeat(interval, 300 * MS, 0);
            long deathAt = 1; // right after opening: the worst case
            long now = 0;
            int action;
            do {
                now = h.nextDeadline();
                action = h.onTimer(now);
            } while (action != Heartbeat.DEAD);
            assertTrue(now - deathAt <= 1_300 * MS, "detected after " + (now - deathAt) / MS + " ms");
        }
    }

    @Test
    void zeroIntervalDisablesEverything() {
        Heartbeat h = new Heartbeat(0, 300 * MS, 0);
        assertEquals(Long.MAX_VALUE, h.nextDeadline());
        assertEquals(Heartbeat.IDLE, h.onTimer(Long.MAX_VALUE / 2));
    }
}
