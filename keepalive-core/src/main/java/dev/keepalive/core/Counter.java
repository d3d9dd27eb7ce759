package dev.keepalive.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * A monotonic, lock-free event count for stats. Backed by a {@link LongAdder}, so event loops that bump
 * the same counter do not contend on one cache line; reading sums the cells and is cheap enough for
 * stats endpoints, not for the hot path.
 */
public final class Counter {
    private final LongAdder adder = new LongAdder();

    public void increment() {
        adder.increment();
    }

    /**
     * Adds {@code n} events. Negative amounts are refused: a counter only goes up, so a rate computed
     * from two readings is never negative.
     */
    public void add(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        adder.add(n);
    }

    /** The count so far; concurrent increments may or may not be included. */
    public long get() {
        return adder.sum();
    }

    @Override
    public String toString() {
        return Long.toString(get());
    }
}
