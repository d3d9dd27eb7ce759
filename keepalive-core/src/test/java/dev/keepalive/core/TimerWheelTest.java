package dev.keepalive.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimerWheelTest {
    private static final long MS = 1_000_000L;
    private static final long TICK = 10 * MS;
    private static final int BUCKETS = 512;
    // An origin off every round number, so arithmetic that forgets the origin shows up.
    private static final long ORIGIN = 123_456_789L;

    private final FakeTicker ticker = new FakeTicker(ORIGIN);
    private final TimerWheel wheel = new TimerWheel(Duration.ofNanos(TICK), BUCKETS, ORIGIN);

    /** Advances the ticker in {@code step} increments up to {@code until}, calling advance each time. */
    private void runUntil(long until, long step) {
        while (ticker.nanoTime() < until) {
            ticker.advanceNanos(Math.min(step, until - ticker.nanoTime()));
            wheel.advance(ticker.nanoTime());
        }
    }

    /** A timer that records the ticker time of each firing. */
    private TimerWheel.Timer recording(List<Long> firedAt) {
        return new TimerWheel.Timer(() -> firedAt.add(ticker.nanoTime()));
    }

    @Test
    void timerNeverFiresBeforeItsDeadlineAndFiresWithinOneTickAfter() {
        List<Long> firedAt = new ArrayList<>();
        long deadline = ORIGIN + 25 * MS + 7; // not on a tick boundary
        wheel.schedule(recording(firedAt), deadline);

        runUntil(deadline - 1, MS / 3);
        assertEquals(List.of(), firedAt, "fired before its deadline");

        runUntil(deadline + TICK, MS / 3);
        assertEquals(1, firedAt.size(), "fires exactly once");
        long late = firedAt.get(0) - deadline;
        assertTrue(late >= 0 && late < TICK, "late by " + late + " ns");
        assertEquals(0, wheel.size());
    }

    @Test
    void cancelledTimerNeverFires() {
        List<Long> firedAt = new ArrayList<>();
        TimerWheel.Timer timer = recording(firedAt);
        wheel.schedule(timer, ORIGIN + 50 * MS);

        assertTrue(wheel.cancel(timer));
        assertFalse(timer.isScheduled());
        assertFalse(wheel.cancel(timer), "second cancel reports nothing to cancel");
        runUntil(ORIGIN + 10_000 * MS, MS);

        assertEquals(List.of(), firedAt);
        assertEquals(0, wheel.size());
    }

    @Test
    void reschedulingMovesTheTimerAndItFiresOnlyAtTheNewDeadline() {
        List<Long> firedAt = new ArrayList<>();
        TimerWheel.Timer timer = recording(firedAt);
        wheel.schedule(timer, ORIGIN + 100 * MS);
        wheel.schedule(timer, ORIGIN + 300 * MS); // later: the idle timer of a connection that just read

        assertEquals(1, wheel.size(), "moving is not adding");
        assertEquals(ORIGIN + 300 * MS, timer.deadline());
        runUntil(ORIGIN + 300 * MS - 1, MS);
        assertEquals(List.of(), firedAt, "fired at the old deadline");
        runUntil(ORIGIN + 300 * MS, 1);
        runUntil(ORIGIN + 1_000 * MS, MS);
        assertEquals(List.of(ORIGIN + 300 * MS), firedAt);

        wheel.schedule(timer, ORIGIN + 2_000 * MS);
        wheel.schedule(timer, ORIGIN + 1_200 * MS); // earlier
        runUntil(ORIGIN + 3_000 * MS, MS);
        assertEquals(List.of(ORIGIN + 300 * MS, ORIGIN + 1_200 * MS), firedAt);
    }

    @Test
    void taskCanRescheduleItselfForPeriodicFiring() {
        List<Long> firedAt = new ArrayList<>();
        TimerWheel.Timer[] self = new TimerWheel.Timer[1];
        self[0] = new TimerWheel.Timer(() -> {
            firedAt.add(ticker.nanoTime());
            wheel.schedule(self[0], self[0].deadline() + 100 * MS);
        });
        wheel.schedule(self[0], ORIGIN + 100 * MS);

        runUntil(ORIGIN + 1_000 * MS, MS);

        List<Long> expected = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            expected.add(ORIGIN + i * 100 * MS);
        }
        assertEquals(expected, firedAt);
        assertTrue(self[0].isScheduled());
        assertEquals(1, wheel.size());
    }

    @Test
    void taskThatCancelsAnotherTimerInTheSameBucketStopsItFiring() {
        // Which timer of a bucket runs first is the wheel's business; whichever it is cancels a sibling
        // at a fixed offset, so over both offsets the cancelled one is, once, the walk's saved successor.
        for (int offset = 1; offset <= 2; offset++) {
            TimerWheel w = new TimerWheel(Duration.ofNanos(TICK), BUCKETS, 0);
            int shift = offset;
            List<Integer> fired = new ArrayList<>();
            TimerWheel.Timer[] timers = new TimerWheel.Timer[3];
            int[] cancelled = {-1};
            for (int i = 0; i < timers.length; i++) {
                int id = i;
                timers[i] = new TimerWheel.Timer(() -> {
                    fired.add(id);
                    if (cancelled[0] < 0) {
                        cancelled[0] = (id + shift) % timers.length;
                        assertTrue(w.cancel(timers[cancelled[0]]), "sibling was scheduled");
                    }
                });
                w.schedule(timers[i], 5 * MS); // same tick, same bucket
            }
            // same bucket, one turn later: must survive the walk untouched
            List<Long> lateFired = new ArrayList<>();
            TimerWheel.Timer nextTurn = new TimerWheel.Timer(() -> lateFired.add(1L));
            w.schedule(nextTurn, 5 * MS + BUCKETS * TICK);

            assertEquals(2, w.advance(10 * MS), "the cancelled timer is not counted as fired");
            assertEquals(2, fired.size(), "offset " + offset + ": " + fired);
            assertFalse(fired.contains(cancelled[0]), "cancelled timer fired: " + fired);
            assertEquals(1, w.size());
            assertTrue(nextTurn.isScheduled());
            assertEquals(List.of(), lateFired);
        }
    }

    @Test
    void deadlineManyTurnsAheadFiresOnTimeAndNotEarly() {
        // 1 h with 10 ms ticks and 512 buckets is about 703 turns of the wheel
        List<Long> firedAt = new ArrayList<>();
        long deadline = ORIGIN + Duration.ofHours(1).toNanos();
        wheel.schedule(recording(firedAt), deadline);

        runUntil(deadline - 1, TICK);
        assertEquals(List.of(), firedAt, "fired a turn early");
        ticker.advanceNanos(1);
        wheel.advance(ticker.nanoTime());
        assertEquals(List.of(deadline), firedAt);
    }

    @Test
    void bigJumpInTimeFiresEverythingDueAndNothingElse() {
        SplittableRandom random = new SplittableRandom(7);
        long[] deadlines = new long[2_000];
        long[] firedAt = new long[deadlines.length];
        Arrays.fill(firedAt, -1);
        for (int i = 0; i < deadlines.length; i++) {
            int id = i;
            deadlines[i] = ORIGIN + random.nextLong(0, 40_000 * MS); // up to ~8 turns ahead
            wheel.schedule(new TimerWheel.Timer(() -> firedAt[id] = ticker.nanoTime()), deadlines[i]);
        }

        long jump = ORIGIN + 20_000 * MS; // one advance across ~4 turns, on a tick boundary
        ticker.advanceNanos(jump - ORIGIN);
        int fired = wheel.advance(jump);

        int due = 0;
        for (int i = 0; i < deadlines.length; i++) {
            if (deadlines[i] <= jump) {
                due++;
                assertEquals(jump, firedAt[i], "timer due at " + deadlines[i] + " not fired by the jump");
            } else {
                assertEquals(-1, firedAt[i], "timer due at " + deadlines[i] + " fired early");
            }
        }
        assertEquals(due, fired);
        assertEquals(deadlines.length - due, wheel.size());

        ticker.advanceNanos(30_000 * MS);
        wheel.advance(ticker.nanoTime());
        assertEquals(0, wheel.size(), "a second jump past every deadline empties the wheel");
    }

    @Test
    void advanceAfterAPauseOfYearsCostsAtMostOneTurnOfTheWheel() {
        // A suspended laptop or a stalled loop comes back to a huge jump; walking every missed 10 ms tick
        // of 100 years would take minutes, visiting each of the 512 buckets once takes microseconds.
        List<Long> firedAt = new ArrayList<>();
        long deadline = ORIGIN + Duration.ofDays(365L * 50).toNanos();
        wheel.schedule(recording(firedAt), deadline);
        long later = ORIGIN + Duration.ofDays(365L * 100).toNanos();
        ticker.advanceNanos(later - ORIGIN);

        int fired = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> wheel.advance(later));

        assertEquals(1, fired);
        assertEquals(List.of(later), firedAt);
    }

    @Test
    void nanosUntilNextTickIsMinusOneWhenEmptyAndBoundedOtherwise() {
        assertEquals(-1, wheel.nanosUntilNextTick(ORIGIN));

        List<Long> firedAt = new ArrayList<>();
        TimerWheel.Timer far = recording(firedAt);
        wheel.schedule(far, ORIGIN + Duration.ofHours(1).toNanos());
        long wait = wheel.nanosUntilNextTick(ORIGIN);
        assertTrue(wait > 0 && wait <= BUCKETS * TICK, "at most one turn, even for a far timer: " + wait);

        TimerWheel.Timer near = recording(firedAt);
        wheel.schedule(near, ORIGIN + 25 * MS);
        wait = wheel.nanosUntilNextTick(ORIGIN);
        assertTrue(wait >= 25 * MS && wait < 25 * MS + TICK, "wakes at the near timer's tick: " + wait);

        // Sleeping exactly that long and advancing fires the near timer: an event loop never oversleeps.
        ticker.advanceNanos(wait - 1);
        wheel.advance(ticker.nanoTime());
        assertEquals(List.of(), firedAt);
        ticker.advanceNanos(1);
        wheel.advance(ticker.nanoTime());
        assertEquals(1, firedAt.size());

        wheel.cancel(far);
        assertEquals(-1, wheel.nanosUntilNextTick(ticker.nanoTime()));
    }

    @Test
    void hundredThousandRandomTimersFireOnTimeAndCancellingHalfLeavesExactlyTheOtherHalf() {
        int n = 100_000;
        SplittableRandom random = new SplittableRandom(42);
        long[] deadlines = new long[n];
        long[] firedAt = new long[n];
        int[] fireCount = new int[n];
        TimerWheel.Timer[] timers = new TimerWheel.Timer[n];
        for (int i = 0; i < n; i++) {
            int id = i;
            deadlines[i] = ORIGIN + random.nextLong(1, 30_000 * MS); // up to ~6 turns ahead
            timers[i] = new TimerWheel.Timer(() -> {
                firedAt[id] = ticker.nanoTime();
                fireCount[id]++;
            });
            wheel.schedule(timers[i], deadlines[i]);
        }
        assertEquals(n, wheel.size());

        boolean[] cancelled = new boolean[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            cancelled[i] = random.nextBoolean();
            if (cancelled[i]) {
                assertTrue(wheel.cancel(timers[i]));
            } else {
                kept++;
            }
        }
        assertEquals(kept, wheel.size());

        int firedTotal = 0;
        while (ticker.nanoTime() < ORIGIN + 30_001 * MS) {
            ticker.advanceMillis(1);
            firedTotal += wheel.advance(ticker.nanoTime());
            assertEquals(kept - firedTotal, wheel.size(), "size tracks fired timers");
        }

        assertEquals(kept, firedTotal);
        for (int i = 0; i < n; i++) {
            if (cancelled[i]) {
                assertEquals(0, fireCount[i], "cancelled timer " + i + " fired");
                continue;
            }
            assertEquals(1, fireCount[i], "timer " + i + " fire count");
            long late = firedAt[i] - deadlines[i];
            if (late < 0 || late >= TICK) {
                fail("timer " + i + " due " + deadlines[i] + " fired at " + firedAt[i] + " (" + late + " ns late)");
            }
        }
        assertEquals(0, wheel.size());
    }

    @Test
    void rejectsBadConstructionWithTheValue() {
        IllegalArgumentException tick = assertThrows(IllegalArgumentException.class,
                () -> new TimerWheel(Duration.ZERO, 512, 0));
        assertEquals("tick must be > 0: PT0S", tick.getMessage());
        IllegalArgumentException buckets = assertThrows(IllegalArgumentException.class,
                () -> new TimerWheel(Duration.ofMillis(10), 1, 0));
        assertEquals("buckets must be in 2..1048576: 1", buckets.getMessage());
    }
}
