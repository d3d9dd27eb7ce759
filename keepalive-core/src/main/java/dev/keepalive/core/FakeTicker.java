package dev.keepalive.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Ticker} that moves only when told to: tests advance it by exact amounts. Thread-safe. */
public final class FakeTicker implements Ticker {
    private final AtomicLong now;

    public FakeTicker() {
        this(0);
    }

    public FakeTicker(long startNanos) {
        this.now = new AtomicLong(startNanos);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    /** Moves time forward; a negative amount is refused because a monotonic clock never goes back. */
    public FakeTicker advance(Duration amount) {
        return advanceNanos(amount.toNanos());
    }

    public FakeTicker advanceNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("advance must be >= 0: " + nanos + " ns");
        }
        now.addAndGet(nanos);
        return this;
    }

    public FakeTicker advanceMillis(long millis) {
        return advanceNanos(millis * 1_000_000L);
    }
}
