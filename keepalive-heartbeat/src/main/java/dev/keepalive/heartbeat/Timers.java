package dev.keepalive.heartbeat;

import dev.keepalive.core.TimerWheel;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One timer wheel and the lock that guards it and everything its tasks touch. A node has exactly one:
 * the monitor's per-peer checks and the senders' per-peer sends are timers on it, and one thread (the
 * node's loop, or a test with a fake ticker) drives it through {@link #advance}. Other threads only
 * schedule or read under {@link #lock}.
 */
final class Timers {
    final ReentrantLock lock = new ReentrantLock();
    private final TimerWheel wheel;
    private long now;

    Timers(Duration tick, long nowNanos) {
        // 1024 buckets: one turn is 10 s at the default 10 ms tick, past most heartbeat deadlines
        this.wheel = new TimerWheel(tick, 1024, nowNanos);
        this.now = nowNanos;
    }

    /** The time of the current (or last) {@link #advance}: what a firing task should take as now. */
    long now() {
        return now;
    }

    /** Caller holds {@link #lock}. */
    void schedule(TimerWheel.Timer timer, long deadlineNanos) {
        wheel.schedule(timer, deadlineNanos);
    }

    /** Caller holds {@link #lock}. */
    boolean cancel(TimerWheel.Timer timer) {
        return wheel.cancel(timer);
    }

    /**
     * Fires every due timer (their tasks run on this thread, under the lock) and returns how long the
     * driver may sleep before the next one can be due, or {@code -1} when none is scheduled.
     */
    long advance(long nowNanos) {
        lock.lock();
        try {
            if (nowNanos - now > 0) {
                now = nowNanos;
            }
            wheel.advance(now);
            return wheel.nanosUntilNextTick(now);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return wheel.size();
        } finally {
            lock.unlock();
        }
    }
}
