package dev.keepalive.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CounterTest {

    @Test
    void countsIncrementsAndAdds() {
        Counter counter = new Counter();
        assertEquals(0, counter.get());

        counter.increment();
        counter.add(41);
        counter.add(0);

        assertEquals(42, counter.get());
        assertEquals("42", counter.toString());
    }

    @Test
    void concurrentIncrementsFromSeveralThreadsGiveAnExactTotal() throws InterruptedException {
        Counter counter = new Counter();
        int threads = 8;
        int perThread = 100_000;

        Concurrently.run(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                counter.increment();
                counter.add(2);
            }
        });

        assertEquals(3L * threads * perThread, counter.get());
    }

    @Test
    void refusesToGoDown() {
        Counter counter = new Counter();
        counter.add(5);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> counter.add(-1));
        assertEquals("n must be >= 0: -1", e.getMessage());
        assertEquals(5, counter.get(), "a refused add leaves the count alone");
    }
}
