package dev.keepalive.core;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free log-linear histogram of non-negative {@code long} values (latencies in nanoseconds, sizes
 * in bytes). Recording is a few atomic adds and never allocates, so event loops can record every request.
 *
 * <p>Buckets: values 0..15 each have their own bucket; above that, every power-of-two range
 * [2^e, 2^(e+1)) is split into {@value #SUB_BUCKETS} equal sub-buckets. A bucket is therefore at most
 * 1/8 of its lower bound wide, and a percentile is exact to within one bucket width (12.5 % relative
 * error) whatever the scale: 1 µs and 10 s are measured with the same relative precision in 488 buckets
 * (about 4 KiB), with no range to configure.
 *
 * <p>Readings taken while other threads record are not an atomic snapshot: {@link #count()} and the
 * percentiles may disagree by the values recorded in between. That is fine for stats.
 */
public final class Histogram {
    private static final int SUB_BITS = 3;
    /** Linear sub-buckets per power of two. */
    public static final int SUB_BUCKETS = 1 << SUB_BITS;
    // values below 2 × SUB_BUCKETS map to themselves; each exponent from SUB_BITS to 62 adds SUB_BUCKETS
    private static final int BUCKETS = bucketOf(Long.MAX_VALUE) + 1;

    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();
    private final AtomicLong max = new AtomicLong();

    /** Records one value &gt;= 0. Lock-free and allocation-free. */
    public void record(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("value must be >= 0: " + value);
        }
        buckets.incrementAndGet(bucketOf(value));
        count.increment();
        sum.add(value);
        long current;
        // read before CAS: once the maximum is established almost every record skips the write
        while (value > (current = max.get()) && !max.compareAndSet(current, value)) {
            Thread.onSpinWait();
        }
    }

    /** Number of values recorded. */
    public long count() {
        return count.sum();
    }

    /**
     * Exact mean of the recorded values, or 0 when empty. The running sum is a long: it overflows only
     * after about 292 years' worth of nanoseconds.
     */
    public double mean() {
        long n = count.sum();
        return n == 0 ? 0.0 : (double) sum.sum() / n;
    }

    /** Exact largest value recorded, or 0 when empty. */
    public long max() {
        return max.get();
    }

    /**
     * The value at quantile {@code q} (0.5 = median, 0.99 = p99): the upper end of the bucket holding the
     * {@code ceil(q × count)}-th smallest value, capped at {@link #max()}. The true value is at most one
     * bucket width lower, never higher, so latency percentiles err on the pessimistic side. 0 when empty.
     *
     * @param q in 0.0 .. 1.0
     */
    public long percentile(double q) {
        if (!(q >= 0.0 && q <= 1.0)) { // also refuses NaN
            throw new IllegalArgumentException("q must be in 0.0..1.0: " + q);
        }
        // Total from the buckets themselves, so the walk below is consistent with the counts it reads.
        long[] counts = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = buckets.get(i);
            total += counts[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        long highest = max.get();
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), highest);
            }
        }
        return highest;
    }

    /** The bucket index of {@code value} &gt;= 0. */
    static int bucketOf(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int exponent = Long.SIZE - 1 - Long.numberOfLeadingZeros(value);
        int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return ((exponent - SUB_BITS + 1) << SUB_BITS) + sub;
    }

    /** The smallest value that lands in bucket {@code index}. */
    static long lowerBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = (index >> SUB_BITS) + SUB_BITS - 1;
        long sub = index & (SUB_BUCKETS - 1);
        return (SUB_BUCKETS + sub) << (exponent - SUB_BITS);
    }

    /** The largest value that lands in bucket {@code index}. */
    static long upperBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = (index >> SUB_BITS) + SUB_BITS - 1;
        return lowerBound(index) + (1L << (exponent - SUB_BITS)) - 1;
    }

    @Override
    public String toString() {
        return "count=" + count() + " mean=" + mean() + " p50=" + percentile(0.5) + " p99=" + percentile(0.99)
                + " max=" + max();
    }
}
