package dev.keepalive.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.FakeTicker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PhiAccrualDetectorTest {
    private static final long MS = 1_000_000L;
    private static final Duration INTERVAL = Duration.ofMillis(100);
    // off every round number, so arithmetic that forgets the origin shows up
    private final FakeTicker ticker = new FakeTicker(987_654_321L);

    private static PhiAccrualOptions.Builder options() {
        return PhiAccrualOptions.builder();
    }

    /** Feeds one heartbeat now, then one after each interval (ms); returns the intervals in ns. */
    private List<Long> feed(PhiAccrualDetector d, long... intervalsMs) {
        d.heartbeat(ticker.nanoTime());
        List<Long> intervals = new ArrayList<>();
        for (long ms : intervalsMs) {
            ticker.advanceMillis(ms);
            d.heartbeat(ticker.nanoTime());
            intervals.add(ms * MS);
        }
        return intervals;
    }

    @Test
    void phiIsExactlyHayashibarasForAGivenHistory() {
        // a floor below the history's spread (11.92 ms), so phi uses the window's own σ
        PhiAccrualDetector d = new PhiAccrualDetector(options().minStdDev(Duration.ofMillis(10)).build(), INTERVAL);
        List<Long> history = feed(d, 100, 110, 80, 110, 105, 95, 120, 90);
        double mean = ReferenceNormal.mean(history);
        double sd = ReferenceNormal.stdDev(history);
        assertEquals(101.25 * MS, mean, 1e-6);
        assertEquals(11.924 * MS, sd, 0.001 * MS);
        assertEquals(history.size(), d.intervalSamples());
        assertEquals(mean, d.meanIntervalNanos(), 1e-3);
        assertEquals(sd, d.stdDevIntervalNanos(), 1e-3);

        long last = ticker.nanoTime();
        for (long silentMs : new long[] {0, 50, 101, 120, 150, 180, 200}) {
            double expected = ReferenceNormal.phi(silentMs * MS, mean, sd);
            assertEquals(expected, d.phi(last + silentMs * MS), Math.max(1e-7, 1e-7 * expected),
                    "after " + silentMs + " ms");
        }
    }

    @Test
    void perfectlyRegularHeartbeatsUseTheMinimumStdDev() {
        PhiAccrualDetector d = PhiAccrualOptions.defaults().newDetector(INTERVAL);
        feed(d, 100, 100, 100, 100);
        long last = ticker.nanoTime();
        assertEquals(0.0, d.stdDevIntervalNanos(), 1e-9);
        assertEquals(Math.log10(2), d.phi(last + 100 * MS), 1e-7, "at the mean, half the heartbeats are later");
        // σ = 100 ms: 200 ms of silence is one σ past the mean, P = 0.158655
        assertEquals(-Math.log10(0.15865525), d.phi(last + 200 * MS), 1e-6);
        // threshold 8 at μ + 5.612 σ
        assertEquals(last + 100 * MS + Math.round(NormalTail.quantileForPhi(8) * 100 * MS), d.suspectAtNanos(), 1);
    }

    @Test
    void acceptablePauseShiftsTheCurveByExactlyThePause() {
        PhiAccrualDetector plain = new PhiAccrualDetector(options().build(), INTERVAL);
        PhiAccrualDetector paused = new PhiAccrualDetector(options().acceptablePause(Duration.ofMillis(300)).build(),
                INTERVAL);
        for (PhiAccrualDetector d : List.of(plain, paused)) {
            d.heartbeat(0);
            d.heartbeat(100 * MS);
            d.heartbeat(210 * MS);
        }
        for (long t = 210 * MS; t < 3000 * MS; t += 7 * MS) {
            assertEquals(plain.phi(t), paused.phi(t + 300 * MS), 1e-9);
        }
        assertEquals(plain.suspectAtNanos() + 300 * MS, paused.suspectAtNanos());
    }

    @Test
    void phiGrowsMonotonicallyWhileSilentAndStaysFinite() {
        PhiAccrualDetector d = PhiAccrualOptions.defaults().newDetector(INTERVAL);
        SplittableRandom random = new SplittableRandom(1);
        d.heartbeat(ticker.nanoTime());
        for (int i = 0; i < 200; i++) {
            ticker.advanceMillis(80 + random.nextInt(41));
            d.heartbeat(ticker.nanoTime());
        }
        double previous = -1;
        long last = ticker.nanoTime();
        for (long silent = 0; silent <= Duration.ofHours(1).toNanos(); silent += silent < 10_000 * MS ? MS : 1000 * MS) {
            double phi = d.phi(last + silent);
            assertTrue(Double.isFinite(phi), "finite after " + silent / MS + " ms");
            assertTrue(phi > previous, "grows: " + phi + " after " + silent / MS + " ms, was " + previous);
            previous = phi;
        }
    }

    @Test
    void verdictFlipsAtSuspectAtAndNotBefore() {
        PhiAccrualDetector d = PhiAccrualOptions.defaults().newDetector(INTERVAL);
        feed(d, 100, 130, 70, 100, 115);
        long at = d.suspectAtNanos();
        assertTrue(d.isAvailable(at - 1000));
        assertTrue(d.phi(at - 1000) < 8);
        assertFalse(d.isAvailable(at));
        assertTrue(d.phi(at) >= 8);
    }

    @Test
    void jitteryPeerIsGivenMoreTimeThanARegularOne() {
        PhiAccrualOptions o = options().minStdDev(Duration.ofMillis(5)).build();
        PhiAccrualDetector regular = o.newDetector(INTERVAL);
        PhiAccrualDetector jittery = o.newDetector(INTERVAL);
        SplittableRandom random = new SplittableRandom(42);
        long t = 0;
        long u = 0;
        regular.heartbeat(t);
        jittery.heartbeat(u);
        for (int i = 0; i < 1000; i++) {
            t += 100 * MS + random.nextLong(-2 * MS, 2 * MS + 1);
            u += 100 * MS + random.nextLong(-50 * MS, 50 * MS + 1);
            regular.heartbeat(t);
            jittery.heartbeat(u);
        }
        // 250 ms of silence: unheard of for the regular peer, plausible-ish for the jittery one
        assertFalse(regular.isAvailable(t + 250 * MS));
        assertTrue(jittery.isAvailable(u + 250 * MS), "phi " + jittery.phi(u + 250 * MS));
        long regularWait = regular.suspectAtNanos() - t;
        long jitteryWait = jittery.suspectAtNanos() - u;
        assertTrue(regularWait < 130 * MS, "regular suspected after " + regularWait / MS + " ms");
        assertTrue(jitteryWait > 250 * MS, "jittery suspected after " + jitteryWait / MS + " ms");
    }

    @Test
    void adaptsWhenTheNetworkTurnsJitteryAndForgetsOutsideTheWindow() {
        PhiAccrualDetector d = options().minStdDev(Duration.ofMillis(5)).window(100).build().newDetector(INTERVAL);
        SplittableRandom random = new SplittableRandom(7);
        long t = 0;
        d.heartbeat(t);
        for (int i = 0; i < 100; i++) {
            d.heartbeat(t += 100 * MS);
        }
        long calmWait = d.suspectAtNanos() - t;
        for (int i = 0; i < 100; i++) {
            d.heartbeat(t += 100 * MS + random.nextLong(-50 * MS, 50 * MS + 1));
        }
        long jitteryWait = d.suspectAtNanos() - t;
        assertTrue(jitteryWait > calmWait + 100 * MS, "calm " + calmWait / MS + " ms, jittery " + jitteryWait / MS);
        // a window of 100: the calm samples are gone, σ is the jittery one's (uniform ±50 ms: 28.9 ms)
        assertEquals(100, d.intervalSamples());
        assertEquals(28.9 * MS, d.stdDevIntervalNanos(), 5 * MS);
    }

    @Test
    void firstHeartbeatUsesTheConfiguredIntervalAsEstimate() {
        PhiAccrualDetector d = PhiAccrualOptions.defaults().newDetector(Duration.ofSeconds(1));
        assertEquals(0.0, d.phi(ticker.nanoTime()));
        assertEquals(Long.MAX_VALUE, d.suspectAtNanos());
        assertTrue(d.isAvailable(ticker.nanoTime() + Duration.ofDays(1).toNanos()), "no heartbeat, no verdict");
        d.heartbeat(0);
        // μ = 1 s, σ = 250 ms (a quarter of the estimate, above the 100 ms floor)
        assertEquals(Math.log10(2), d.phi(1000 * MS), 1e-7);
        assertEquals(-Math.log10(0.15865525), d.phi(1250 * MS), 1e-6);
    }

    @Test
    void anIntervalSpanningASuspicionIsNotLearned() {
        PhiAccrualDetector d = PhiAccrualOptions.defaults().newDetector(INTERVAL);
        long t = 0;
        d.heartbeat(t);
        for (int i = 0; i < 10; i++) {
            d.heartbeat(t += 100 * MS);
        }
        d.heartbeat(t += 30_000 * MS); // back after a 30 s outage
        assertEquals(10, d.intervalSamples());
        assertEquals(100.0 * MS, d.meanIntervalNanos(), 1e-3);
        assertEquals(t + 100 * MS + Math.round(NormalTail.quantileForPhi(8) * 100 * MS), d.suspectAtNanos(), 1);
    }

    @Test
    void heartbeatAndPhiDoNotAllocate() {
        PhiAccrualDetector d = PhiAccrualOptions.defaults().newDetector(INTERVAL);
        FixedTimeoutDetector f = FixedTimeoutOptions.defaults().newDetector(INTERVAL);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double sink = exercise(d, f, 0); // warm up, fill and wrap the windows
        long before = threads.getCurrentThreadAllocatedBytes();
        sink += exercise(d, f, 1_000_000 * MS);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, allocated + " bytes allocated for 20 000 heartbeats and checks");
        assertTrue(sink > 0);
    }

    private static double exercise(PhiAccrualDetector d, FixedTimeoutDetector f, long start) {
        double sink = 0;
        long t = start;
        for (int i = 0; i < 10_000; i++) {
            t += 100 * MS + (i % 7) * MS;
            d.heartbeat(t);
            f.heartbeat(t);
            sink += d.phi(t + 50 * MS) + f.suspicion(t + 50 * MS) + d.suspectAtNanos() % 2 + f.suspectAtNanos() % 2;
        }
        return sink;
    }

    @Test
    void optionsRefuseBadValuesNamingOptionValueAndRange() {
        assertEquals("threshold must be in (0, 1000]: 0.0",
                assertThrows(IllegalArgumentException.class, () -> options().threshold(0).build()).getMessage());
        assertEquals("threshold must be in (0, 1000]: NaN",
                assertThrows(IllegalArgumentException.class, () -> options().threshold(Double.NaN).build()).getMessage());
        assertEquals("minStdDev must be in (0, 24h]: 0s",
                assertThrows(IllegalArgumentException.class, () -> options().minStdDev(Duration.ZERO).build()).getMessage());
        assertEquals("acceptablePause must be in 0..24h: -1ms", assertThrows(IllegalArgumentException.class,
                () -> options().acceptablePause(Duration.ofMillis(-1)).build()).getMessage());
        assertEquals("window must be in 1..1000000: 0",
                assertThrows(IllegalArgumentException.class, () -> options().window(0).build()).getMessage());
        PhiAccrualOptions d = PhiAccrualOptions.defaults();
        assertEquals(new PhiAccrualOptions(8, Duration.ofMillis(100), Duration.ZERO, 1000), d, "DESIGN.md defaults");
        assertEquals(d, d.toBuilder().build());
    }
}
