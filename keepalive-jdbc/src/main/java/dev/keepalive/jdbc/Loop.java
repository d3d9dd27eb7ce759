package dev.keepalive.jdbc;

import dev.keepalive.core.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongUnaryOperator;

/**
 * A background thread that runs one maintenance function of now ({@code step(nowNanos)} returns the
 * nanoseconds until it wants to run again, or -1 for "when woken") and sleeps in between. Waking is a
 * ReentrantLock and a Condition, never an intrinsic monitor, so virtual threads that wake it do not pin.
 */
final class Loop implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.jdbc");
    private static final long AFTER_CRASH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private final Ticker ticker;
    private final LongUnaryOperator step;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean signalled;
    private volatile boolean stopped;
    private Thread thread;

    Loop(String name, Ticker ticker, LongUnaryOperator step) {
        this.name = name;
        this.ticker = ticker;
        this.step = step;
    }

    void start() {
        thread = Thread.ofPlatform().name(name).daemon().start(this);
    }

    /** Makes the loop run its step now instead of at the time it asked for. */
    void wake() {
        lock.lock();
        try {
            signalled = true;
            woken.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Stops after the current step and waits up to {@code timeoutMillis} for the thread to end. */
    void stop(long timeoutMillis) {
        stopped = true;
        wake();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(Math.max(1, timeoutMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        while (!stopped) {
            long delay;
            try {
                delay = step.applyAsLong(ticker.nanoTime());
            } catch (RuntimeException | Error e) {
                // a bug in one step must not end maintenance for good: log it, and try again shortly
                if (LOG.isLoggable(System.Logger.Level.ERROR)) {
                    LOG.log(System.Logger.Level.ERROR, "pool_loop_failed loop=" + name, e);
                }
                delay = AFTER_CRASH_NANOS;
            }
            lock.lock();
            try {
                if (!signalled && !stopped && delay != 0) {
                    if (delay < 0) {
                        woken.await();
                    } else {
                        woken.awaitNanos(delay);
                    }
                }
                signalled = false;
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
