package dev.keepalive.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnumCounterTest {

    @Test
    void snapshotListsEveryKeyInDeclarationOrderIncludingZeros() {
        EnumCounter<CloseReason> closes = new EnumCounter<>(CloseReason.class);
        closes.increment(CloseReason.IDLE_TIMEOUT);
        closes.add(CloseReason.PEER_DEAD, 3);

        Map<CloseReason, Long> snapshot = closes.snapshot();

        assertInstanceOf(EnumMap.class, snapshot);
        assertEquals(List.of(CloseReason.values()), List.copyOf(snapshot.keySet()));
        for (CloseReason reason : CloseReason.values()) {
            long expected = switch (reason) {
                case IDLE_TIMEOUT -> 1;
                case PEER_DEAD -> 3;
                default -> 0;
            };
            assertEquals(expected, snapshot.get(reason), reason.name());
            assertEquals(expected, closes.get(reason), reason.name());
        }
        assertEquals(4, closes.total());
    }

    @Test
    void snapshotIsACopyThatLaterIncrementsDoNotChange() {
        EnumCounter<Liveness> counter = new EnumCounter<>(Liveness.class);
        Map<Liveness, Long> before = counter.snapshot();

        counter.increment(Liveness.DEAD);

        assertEquals(0L, before.get(Liveness.DEAD));
        assertEquals(1L, counter.snapshot().get(Liveness.DEAD));
    }

    @Test
    void concurrentIncrementsFromSeveralThreadsGiveExactPerKeyTotals() throws InterruptedException {
        EnumCounter<CloseReason> closes = new EnumCounter<>(CloseReason.class);
        CloseReason[] reasons = CloseReason.values();
        int threads = 8;
        int perThread = 50_000;

        // every thread spreads its increments over all keys, so threads collide on each key
        Concurrently.run(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                closes.increment(reasons[(i + t) % reasons.length]);
            }
        });

        long total = (long) threads * perThread;
        assertEquals(total, closes.total());
        long sumOfKeys = 0;
        for (CloseReason reason : reasons) {
            long expected = 0;
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    if ((i + t) % reasons.length == reason.ordinal()) {
                        expected++;
                    }
                }
            }
            assertEquals(expected, closes.get(reason), reason.name());
            sumOfKeys += closes.snapshot().get(reason);
        }
        assertEquals(total, sumOfKeys);
    }

    @Test
    void refusesNegativeAmounts() {
        EnumCounter<Liveness> counter = new EnumCounter<>(Liveness.class);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> counter.add(Liveness.ALIVE, -2));
        assertEquals("n must be >= 0: -2", e.getMessage());
        assertEquals(0, counter.total());
    }
}
