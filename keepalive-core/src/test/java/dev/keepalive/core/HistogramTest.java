package dev.keepalive.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HistogramTest {
    private static final double[] QUANTILES = {0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1.0};

    @Test
    void bucketsTileTheWholeLongRangeWithoutGapsOrOverlap() {
        int last = Histogram.bucketOf(Long.MAX_VALUE);
        assertEquals(0, Histogram.lowerBound(0));
        assertEquals(Long.MAX_VALUE, Histogram.upperBound(last));
        for (int i = 0; i <= last; i++) {
            long lower = Histogram.lowerBound(i);
            long upper = Histogram.upperBound(i);
            assertEquals(i, Histogram.bucketOf(lower), "lower bound of bucket " + i);
            assertEquals(i, Histogram.bucketOf(upper), "upper bound of bucket " + i);
            if (i < last) {
                assertEquals(upper + 1, Histogram.lowerBound(i + 1), "bucket " + i + " meets the next");
            }
            // the log-linear promise: a bucket is at most 1/8 of its values wide (exact below 16)
            long width = upper - lower + 1;
            assertTrue(lower < 16 ? width == 1 : width <= lower / Histogram.SUB_BUCKETS,
                    "bucket " + i + " [" + lower + ", " + upper + "]");
        }
    }

    @Test
    void emptyHistogramReportsZeros() {
        Histogram h = new Histogram();
        assertEquals(0, h.count());
        assertEquals(0.0, h.mean());
        assertEquals(0, h.max());
        assertEquals(0, h.percentile(0.99));
    }

    @Test
    void smallValuesAreExact() {
        Histogram h = new Histogram();
        for (long v = 0; v < 16; v++) {
            h.record(v);
        }
        assertEquals(0, h.percentile(0.0));
        assertEquals(7, h.percentile(0.5));
        assertEquals(15, h.percentile(1.0));
        assertEquals(7.5, h.mean());
    }

    @Test
    void countMeanAndMaxAreExact() {
        Histogram h = new Histogram();
        h.record(1_000);
        h.record(3_000);
        h.record(123_456_789);

        assertEquals(3, h.count());
        assertEquals((1_000 + 3_000 + 123_456_789) / 3.0, h.mean(), 1e-6);
        assertEquals(123_456_789, h.max());
        assertEquals(123_456_789, h.percentile(1.0), "the top percentile is capped at the exact max");
    }

    @Test
    void percentilesAreWithinOneBucketAboveTheExactValue() {
        // latencies spread over six decades, 100 ns .. 100 ms
        SplittableRandom random = new SplittableRandom(11);
        Histogram h = new Histogram();
        long[] values = new long[50_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.pow(10, 2 + 6 * random.nextDouble());
            h.record(values[i]);
        }
        Arrays.sort(values);

        for (double q : QUANTILES) {
            long exact = values[(int) Math.max(0, Math.ceil(q * values.length) - 1)];
            long estimate = h.percentile(q);
            long bucketTop = Histogram.upperBound(Histogram.bucketOf(exact));
            assertTrue(estimate >= exact && estimate <= bucketTop,
                    "q " + q + ": estimate " + estimate + " outside [" + exact + ", " + bucketTop + "]");
            assertTrue(estimate - exact <= exact / 8, "q " + q + ": error over 12.5 %");
        }
    }

    @Test
    void recordsTheWholeNonNegativeRange() {
        Histogram h = new Histogram();
        h.record(0);
        h.record(Long.MAX_VALUE);

        assertEquals(0, h.percentile(0.5));
        assertEquals(Long.MAX_VALUE, h.percentile(1.0));
        assertEquals(Long.MAX_VALUE, h.max());
    }

    @Test
    void concurrentRecordsFromSeveralThreadsAreAllCounted() throws InterruptedException {
        Histogram h = new Histogram();
        int threads = 8;
        int perThread = 50_000;

        // Interleaved and falling: together the threads record 1 .. threads*perThread once each, all racing
        // to raise the maximum at the start; nothing later would repair a lost update of it.
        Concurrently.run(threads, t -> {
            for (int i = perThread - 1; i >= 0; i--) {
                h.record((long) i * threads + t + 1);
            }
        });

        long n = (long) threads * perThread;
        assertEquals(n, h.count());
        assertEquals((n + 1) / 2.0, h.mean(), 1e-9);
        assertEquals(n, h.max());
        assertEquals(n, h.percentile(1.0));
        long median = h.percentile(0.5);
        assertTrue(median >= n / 2 && median <= Histogram.upperBound(Histogram.bucketOf(n / 2)), "median " + median);
    }

    @Test
    void rejectsNegativeValuesAndQuantilesOutsideZeroToOne() {
        Histogram h = new Histogram();

        IllegalArgumentException value = assertThrows(IllegalArgumentException.class, () -> h.record(-1));
        assertEquals("value must be >= 0: -1", value.getMessage());
        assertEquals(0, h.count());
        IllegalArgumentException q = assertThrows(IllegalArgumentException.class, () -> h.percentile(1.5));
        assertEquals("q must be in 0.0..1.0: 1.5", q.getMessage());
        assertThrows(IllegalArgumentException.class, () -> h.percentile(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> h.percentile(-0.1));
    }
}
