package dev.keepalive.core;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets real time pass in a test, on purpose, and says why.
 *
 * <p>Some waits are the behaviour under test and cannot be a fake {@link Ticker} or a latch: a real socket
 * must sit idle until a server's, proxy's or kernel's timer fires, a client must be paced like a real one,
 * the wall clock must move on. Such a wait goes through {@link #sleep} with its reason, so it reads apart
 * from a poll (use {@link Await}) and from waiting for another thread (use a latch).
 */
public final class RealTime {
    private RealTime() {
    }

    /**
     * Returns after at least {@code duration} of real time.
     *
     * @param why what must happen, or must not, meanwhile: shown if the wait is interrupted
     * @throws InterruptedException if interrupted first (the flag is cleared, as by {@link Thread#sleep})
     */
    public static void sleep(Duration duration, String why) throws InterruptedException {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must be >= 0: " + duration + " (" + why + ")");
        }
        long deadline = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted " + duration.toMillis() + " ms real-time wait: " + why);
            }
        }
    }

    /** {@link #sleep(Duration, String)} in milliseconds. */
    public static void sleep(long millis, String why) throws InterruptedException {
        sleep(Duration.ofMillis(millis), why);
    }
}
