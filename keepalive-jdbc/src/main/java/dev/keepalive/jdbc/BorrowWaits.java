package dev.keepalive.jdbc;

import dev.keepalive.core.Histogram;
import java.util.concurrent.atomic.LongAdder;

/**
 * The borrow-wait histogram. Most borrows find an idle connection at once; counting those in a striped
 * adder instead of the histogram's zero bucket keeps every borrower from incrementing the same atomic
 * cell. Borrows that had to wait (or validate) go into a {@link Histogram} with their real wait.
 */
final class BorrowWaits {
    private final LongAdder immediate = new LongAdder();
    private final Histogram waited = new Histogram();

    void immediate() {
        immediate.increment();
    }

    void waited(long nanos) {
        waited.record(Math.max(0, nanos));
    }

    long count() {
        return immediate.sum() + waited.count();
    }

    long max() {
        return waited.max();
    }

    /** As {@link Histogram#percentile}: immediate borrows count as 0 ns waits. */
    long percentile(double q) {
        if (!(q >= 0.0 && q <= 1.0)) {
            throw new IllegalArgumentException("q must be in 0.0..1.0: " + q);
        }
        long zero = immediate.sum();
        long slow = waited.count();
        long total = zero + slow;
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        if (rank <= zero || slow == 0) {
            return 0;
        }
        return waited.percentile(Math.min(1.0, (double) (rank - zero) / slow));
    }
}
