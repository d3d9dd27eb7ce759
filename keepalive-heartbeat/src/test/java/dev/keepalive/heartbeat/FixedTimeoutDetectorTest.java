package dev.keepalive.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FixedTimeoutDetectorTest {
    private static final long MS = 1_000_000L;
    private final FakeTicker ticker = new FakeTicker(-5_000_000_000L); // negative origin: only differences count

    @Test
    void suspectsAfterExactlyKMissedIntervals() {
        FixedTimeoutDetector d = new FixedTimeoutDetector(Duration.ofMillis(100), 3);
        d.heartbeat(ticker.nanoTime());
        long last = ticker.nanoTime();
        assertEquals(last + 300 * MS, d.suspectAtNanos());
        assertTrue(d.isAvailable(last + 300 * MS - 1));
        assertFalse(d.isAvailable(last + 300 * MS));
        assertEquals(3, d.threshold());
    }

    @Test
    void suspicionCountsMissedIntervals() {
        FixedTimeoutDetector d = FixedTimeoutOptions.defaults().newDetector(Duration.ofSeconds(1));
        assertEquals(0.0, d.suspicion(ticker.nanoTime()), "nothing heard, nothing suspected");
        assertTrue(d.isAvailable(ticker.nanoTime() + Duration.ofDays(1).toNanos()));
        d.heartbeat(ticker.nanoTime());
        assertEquals(0.0, d.suspicion(ticker.nanoTime()));
        assertEquals(1.5, d.suspicion(ticker.advanceMillis(1500).nanoTime()), 1e-12);
        assertEquals(2.999, d.suspicion(ticker.advanceMillis(1499).nanoTime()), 1e-12);
        assertTrue(d.isAvailable(ticker.nanoTime()));
        assertFalse(d.isAvailable(ticker.advanceMillis(1).nanoTime()));
    }

    @Test
    void aHeartbeatPushesTheDeadlineAndIsRecordedForStats() {
        FixedTimeoutDetector d = new FixedTimeoutDetector(Duration.ofMillis(100), 3);
        d.heartbeat(0);
        d.heartbeat(90 * MS);
        d.heartbeat(200 * MS);
        d.heartbeat(300 * MS);
        assertEquals(600 * MS, d.suspectAtNanos());
        assertEquals(3, d.intervalSamples());
        assertEquals(100.0 * MS, d.meanIntervalNanos(), 1e-6);
        assertEquals(Math.sqrt(200.0 / 3) * MS, d.stdDevIntervalNanos(), 1e-3);
        d.heartbeat(5_000 * MS); // after a suspicion: the outage is not a sample
        assertEquals(3, d.intervalSamples());
    }

    @Test
    void refusesBadSettingsWithNameValueAndRange() {
        assertEquals("missedIntervals must be in 1..1000: 0", assertThrows(IllegalArgumentException.class,
                () -> new FixedTimeoutDetector(Duration.ofSeconds(1), 0)).getMessage());
        assertEquals("interval must be > 0: 0s", assertThrows(IllegalArgumentException.class,
                () -> new FixedTimeoutDetector(Duration.ZERO, 3)).getMessage());
        assertEquals(Duration.ofMillis(300), FixedTimeoutOptions.defaults().detectionTime(Duration.ofMillis(100)));
    }
}
