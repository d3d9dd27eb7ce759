package dev.keepalive.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

    @Test
    void defaultIsHalfASecondBaseThirtySecondCapTenSecondReset() {
        assertEquals(Backoff.of(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(10)),
                Backoff.DEFAULT);
    }

    @Test
    void ceilingDoublesFromBaseThenStaysAtCap() {
        long[] expectedMillis = {500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000};
        for (int attempt = 0; attempt < expectedMillis.length; attempt++) {
            assertEquals(Duration.ofMillis(expectedMillis[attempt]), Backoff.DEFAULT.ceiling(attempt),
                    "attempt " + attempt);
        }
    }

    @Test
    void ceilingDoesNotOverflowForHugeAttempts() {
        assertEquals(Duration.ofSeconds(30), Backoff.DEFAULT.ceiling(1_000));
        assertEquals(Duration.ofSeconds(30), Backoff.DEFAULT.ceiling(Integer.MAX_VALUE));

        // a cap as large as a long allows: the last exact doubling, then the cap, never a wrapped value
        Backoff widest = Backoff.of(Duration.ofNanos(1), MAX, Duration.ZERO);
        assertEquals(Duration.ofNanos(1L << 62), widest.ceiling(62));
        assertEquals(MAX, widest.ceiling(63));
        assertEquals(MAX, widest.ceiling(1_000));
        assertEquals(MAX, Backoff.of(Duration.ofNanos(3), MAX, Duration.ZERO).ceiling(62), "3 << 62 would wrap");

        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1_000; i++) {
            assertFalse(widest.delay(1_000, random).isNegative());
        }
    }

    @Test
    void everyDelayLiesBetweenZeroAndTheCeiling() {
        SplittableRandom random = new SplittableRandom(2);
        for (int attempt = 0; attempt < 70; attempt++) {
            Duration ceiling = Backoff.DEFAULT.ceiling(attempt);
            for (int i = 0; i < 200; i++) {
                Duration delay = Backoff.DEFAULT.delay(attempt, random);
                assertTrue(!delay.isNegative() && delay.compareTo(ceiling) <= 0,
                        "attempt " + attempt + ": " + delay + " outside [0, " + ceiling + "]");
            }
        }
    }

    @Test
    void bothEndsOfTheJitterWindowAreReachable() {
        // a 1 ns window has exactly two outcomes; an exclusive upper bound would never produce 1
        Backoff tiny = Backoff.of(Duration.ofNanos(1), Duration.ofNanos(1), Duration.ZERO);
        SplittableRandom random = new SplittableRandom(3);
        boolean sawZero = false;
        boolean sawOne = false;
        for (int i = 0; i < 200; i++) {
            long nanos = tiny.delay(0, random).toNanos();
            sawZero |= nanos == 0;
            sawOne |= nanos == 1;
            assertTrue(nanos == 0 || nanos == 1, "delay " + nanos);
        }
        assertTrue(sawZero && sawOne, "zero seen " + sawZero + ", one seen " + sawOne);
    }

    @Test
    void fullJitterIsUniformOverTheWholeWindow() {
        SplittableRandom random = new SplittableRandom(4);
        int attempt = 3;
        long ceiling = Backoff.DEFAULT.ceiling(attempt).toNanos(); // 4 s
        int samples = 10_000;
        int[] deciles = new int[10];
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            long nanos = Backoff.DEFAULT.delay(attempt, random).toNanos();
            sum += nanos;
            deciles[(int) Math.min(9, nanos * 10 / ceiling)]++;
        }

        double mean = sum / samples;
        assertEquals(ceiling / 2.0, mean, ceiling / 2.0 * 0.05, "mean is half the ceiling, within 5 %");
        for (int d = 0; d < deciles.length; d++) {
            // equal jitter would leave deciles 0-4 empty; no jitter would put everything in decile 9
            assertTrue(deciles[d] >= samples * 0.05 && deciles[d] <= samples * 0.15,
                    "decile " + d + " holds " + deciles[d] + " of " + samples);
        }
    }

    @Test
    void attemptsGrowUntilAConnectionStaysUpForResetAfter() {
        FakeTicker ticker = new FakeTicker(-5_000); // ticker time may be negative: only differences count
        Backoff backoff = Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(10));
        Backoff.Attempts attempts = backoff.attempts(new SplittableRandom(5));

        for (int i = 0; i < 3; i++) {
            Duration delay = attempts.nextDelay();
            assertTrue(delay.compareTo(backoff.ceiling(i)) <= 0, "retry " + i + ": " + delay);
        }
        assertEquals(3, attempts.attempt());

        // up for just under resetAfter: the flapping peer keeps its backoff
        attempts.onConnected(ticker.nanoTime());
        assertTrue(attempts.isConnected());
        ticker.advance(Duration.ofSeconds(10).minusNanos(1));
        assertFalse(attempts.onDisconnected(ticker.nanoTime()));
        assertFalse(attempts.isConnected());
        assertEquals(3, attempts.attempt());

        // up for exactly resetAfter: the next retry starts again from the base
        attempts.onConnected(ticker.nanoTime());
        ticker.advance(Duration.ofSeconds(10));
        assertTrue(attempts.onDisconnected(ticker.nanoTime()));
        assertEquals(0, attempts.attempt());
        for (int i = 0; i < 50; i++) {
            attempts.reset();
            assertTrue(attempts.nextDelay().compareTo(Duration.ofMillis(100)) <= 0, "first retry after a reset");
        }
    }

    @Test
    void disconnectWithoutAConnectionDoesNotReset() {
        Backoff.Attempts attempts = Backoff.DEFAULT.attempts(new SplittableRandom(6));
        attempts.nextDelay();
        attempts.nextDelay();

        assertFalse(attempts.onDisconnected(Long.MAX_VALUE));
        assertEquals(2, attempts.attempt());
    }

    @Test
    void zeroResetAfterResetsAfterAnySuccessfulConnection() {
        Backoff.Attempts attempts = Backoff.of(Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ZERO).attempts();
        attempts.nextDelay();
        attempts.onConnected(1_000);

        assertTrue(attempts.onDisconnected(1_000));
        assertEquals(0, attempts.attempt());
    }

    @Test
    void rejectsBadOptionsNamingOptionValueAndRange() {
        assertRejected("base must be > 0: 0s", () -> Backoff.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO));
        assertRejected("base must be > 0: -1s",
                () -> Backoff.of(Duration.ofSeconds(-1), Duration.ofSeconds(1), Duration.ZERO));
        assertRejected("cap must be >= base (500ms): 100ms",
                () -> Backoff.of(Duration.ofMillis(500), Duration.ofMillis(100), Duration.ZERO));
        assertRejected("cap must be <= Long.MAX_VALUE ns (about 292 years): 9223372800s",
                () -> Backoff.of(Duration.ofMillis(500), Duration.ofDays(106_752), Duration.ZERO));
        assertRejected("resetAfter must be >= 0: -1s",
                () -> Backoff.of(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(-1)));
        assertRejected("attempt must be >= 0: -1", () -> Backoff.DEFAULT.ceiling(-1));
        assertRejected("attempt must be >= 0: -1", () -> Backoff.DEFAULT.delay(-1, new SplittableRandom()));
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> Backoff.of(null, Duration.ofSeconds(1), Duration.ZERO));
        assertEquals("base", npe.getMessage());
    }

    private static void assertRejected(String message, Runnable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertEquals(message, e.getMessage());
    }
}
