package dev.keepalive.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Waits in tests for something another thread, process or peer makes true, and says what it waited for.
 *
 * <p>Each call polls a probe with a short backoff (from 50 µs up to 2 ms between looks, so a condition
 * that holds soon is seen soon and a long wait costs little CPU) until it holds or the timeout passes.
 * On timeout {@link #until} and {@link #value} fail with an {@link AssertionError} naming what was awaited,
 * how long, and the last value seen; {@link #within} and {@link #latest} report instead of failing, for
 * tests that measure how long something took or assert on the value themselves.
 *
 * <p>For a wait whose length is the point (an idle timeout must fire), use {@link RealTime#sleep}; for an
 * event another thread signals, prefer a latch or a future.
 */
public final class Await {
    private static final long FIRST_PAUSE_NANOS = 50_000L;
    private static final long MAX_PAUSE_NANOS = 2_000_000L;

    private Await() {
    }

    /** A value to look at; may throw, and what it throws ends the wait. */
    @FunctionalInterface
    public interface Probe<T, E extends Exception> {
        T get() throws E;
    }

    /** A condition to look at; may throw, and what it throws ends the wait. */
    @FunctionalInterface
    public interface Condition<E extends Exception> {
        boolean holds() throws E;
    }

    /** Waits until {@code condition} holds; fails naming {@code what} if it does not within {@code timeout}. */
    public static <E extends Exception> void until(String what, Condition<E> condition, Duration timeout) throws E {
        value(what, condition::holds, Boolean::booleanValue, timeout);
    }

    /**
     * Waits until {@code done} accepts a value of {@code probe} and returns that value; fails naming
     * {@code what} and the last value seen if none is accepted within {@code timeout}.
     */
    public static <T, E extends Exception> T value(String what, Probe<T, E> probe, Predicate<? super T> done,
            Duration timeout) throws E {
        long start = System.nanoTime();
        Poll<T> poll = poll(what, probe, done, start, timeout);
        if (!poll.done) {
            throw new AssertionError("waited " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms for " + what
                    + " (timeout " + timeout.toMillis() + " ms); last seen: " + poll.last);
        }
        return poll.last;
    }

    /** Waits until {@code condition} holds or {@code timeout} passes; returns whether it held. */
    public static <E extends Exception> boolean within(Condition<E> condition, Duration timeout) throws E {
        return poll("a condition", condition::holds, Boolean::booleanValue, System.nanoTime(), timeout).done;
    }

    /**
     * Waits until {@code done} accepts a value of {@code probe} or {@code timeout} passes, and returns the
     * last value seen either way: for callers that assert on the value themselves.
     */
    public static <T, E extends Exception> T latest(Probe<T, E> probe, Predicate<? super T> done, Duration timeout)
            throws E {
        return poll("a value", probe, done, System.nanoTime(), timeout).last;
    }

    private record Poll<T>(T last, boolean done) {
    }

    private static <T, E extends Exception> Poll<T> poll(String what, Probe<T, E> probe, Predicate<? super T> done,
            long start, Duration timeout) throws E {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0: " + timeout);
        }
        long deadline = start + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            T last = probe.get();
            if (done.test(last)) {
                return new Poll<>(last, true);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Poll<>(last, false);
            }
            LockSupport.parkNanos(Math.min(pause, left));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what + "; last seen: " + last);
            }
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }
}
