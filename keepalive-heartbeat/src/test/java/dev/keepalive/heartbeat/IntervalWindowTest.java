package dev.keepalive.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntervalWindowTest {

    @Test
    void slidingMeanAndStdDevMatchTwoPassesOverTheLastSamples() {
        IntervalWindow w = new IntervalWindow(50);
        ArrayDeque<Long> last = new ArrayDeque<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 10_537; i++) {
            // seconds-scale values with millisecond spread: the case that loses precision with naive sums
            long x = 1_000_000_000L + random.nextLong(-50_000_000L, 50_000_001L) + (i > 5000 ? 400_000_000L : 0);
            w.add(x);
            last.addLast(x);
            if (last.size() > 50) {
                last.removeFirst();
            }
            if (i % 97 == 0 || i > 10_400) {
                ArrayList<Long> xs = new ArrayList<>(last);
                assertEquals(ReferenceNormal.mean(xs), w.mean(), 1e-3, "mean at " + i);
                assertEquals(ReferenceNormal.stdDev(xs), w.stdDev(), 1e-3, "std dev at " + i);
            }
        }
        assertEquals(50, w.count());
    }

    @Test
    void fewerThanTwoSamplesHaveNoSpread() {
        IntervalWindow w = new IntervalWindow(10);
        assertEquals(0.0, w.mean());
        assertEquals(0.0, w.stdDev());
        w.add(7);
        assertEquals(7.0, w.mean());
        assertEquals(0.0, w.stdDev());
    }
}
