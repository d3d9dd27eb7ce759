package dev.keepalive.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Await;
import dev.keepalive.core.Ticker;
import dev.keepalive.jdbc.PoolEntry.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConnectionBagTest {
    private final ConnectionBag bag = new ConnectionBag();
    private final Ticker ticker = Ticker.system();
    private long ids;

    private PoolEntry entry() {
        PoolEntry e = new PoolEntry(++ids, null, 0, PoolEntry.NEVER, 0, true, false);
        bag.add(e);
        return e;
    }

    @Test
    void borrowsEachIdleEntryOnceThenNothing() {
        PoolEntry a = entry();
        PoolEntry b = entry();
        PoolEntry first = bag.tryBorrow();
        PoolEntry second = bag.tryBorrow();
        assertEquals(java.util.Set.of(a, b), java.util.Set.of(first, second));
        assertNull(bag.tryBorrow());
        assertEquals(State.BORROWED, a.state());
    }

    @Test
    void aThreadGetsBackTheEntryItReturnedLast() {
        entry();
        entry();
        entry();
        PoolEntry e = bag.tryBorrow();
        bag.release(e, State.BORROWED);
        for (int i = 0; i < 10; i++) {
            PoolEntry again = bag.tryBorrow();
            assertSame(e, again, "warm connection reused");
            bag.release(again, State.BORROWED);
        }
    }

    @Test
    void awaitTimesOutWithNull() throws Exception {
        entry();
        bag.tryBorrow();
        long t0 = System.nanoTime();
        assertNull(bag.await(ticker.nanoTime() + 50_000_000L, ticker, () -> { }));
        assertTrue(System.nanoTime() - t0 >= 50_000_000L);
        assertEquals(0, bag.waiting());
    }

    @Test
    void aReturnIsOfferedToTheWaiter() throws Exception {
        PoolEntry e = entry();
        assertSame(e, bag.tryBorrow());
        Future<PoolEntry> waiter;
        try (ExecutorService ex = Executors.newSingleThreadExecutor()) {
            waiter = ex.submit(() -> bag.await(ticker.nanoTime() + 5_000_000_000L, ticker, () -> { }));
            Await.until("a waiter in the bag", () -> bag.waiting() > 0, Duration.ofSeconds(5));
            bag.release(e, State.BORROWED);
            assertSame(e, waiter.get());
        }
        assertEquals(State.BORROWED, e.state());
    }

    @Test
    void waitersAreOfferedConnectionsInArrivalOrder() throws Exception {
        PoolEntry e = entry();
        assertSame(e, bag.tryBorrow());
        List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    PoolEntry got = bag.await(ticker.nanoTime() + 5_000_000_000L, ticker, () -> { });
                    order.add(n);
                    bag.release(got, State.BORROWED);
                } catch (Exception x) {
                    order.add(-n);
                }
            }));
            Await.until(i + " waiters in the bag", () -> bag.waiting() >= n, Duration.ofSeconds(5));
        }
        bag.release(e, State.BORROWED);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(1, 2, 3, 4, 5), order);
    }

    @Test
    void aWaiterThatLosesTheOfferedEntryKeepsItsPlaceAndGetsTheNext() throws Exception {
        PoolEntry e = entry();
        assertSame(e, bag.tryBorrow());
        try (ExecutorService ex = Executors.newSingleThreadExecutor()) {
            Future<PoolEntry> waiter = ex.submit(() -> bag.await(ticker.nanoTime() + 5_000_000_000L, ticker, () -> { }));
            Await.until("a waiter in the bag", () -> bag.waiting() > 0, Duration.ofSeconds(5));
            for (int i = 0; i < 100; i++) { // a running borrower takes it back before the waiter runs, often
                bag.release(e, State.BORROWED);
                PoolEntry again = bag.tryBorrow();
                if (again == null) {
                    break; // the waiter won this one
                }
                assertSame(e, again);
            }
            if (!waiter.isDone()) {
                bag.release(e, State.BORROWED);
            }
            assertSame(e, waiter.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void shutWakesWaitersWithShutException() throws Exception {
        entry();
        bag.tryBorrow();
        try (ExecutorService ex = Executors.newSingleThreadExecutor()) {
            Future<PoolEntry> waiter = ex.submit(() -> bag.await(ticker.nanoTime() + 5_000_000_000L, ticker, () -> { }));
            Await.until("a waiter in the bag", () -> bag.waiting() > 0, Duration.ofSeconds(5));
            bag.shut();
            Exception e = assertThrows(Exception.class, waiter::get);
            assertTrue(e.getCause() instanceof ConnectionBag.ShutException, e.toString());
        }
        assertThrows(ConnectionBag.ShutException.class, () -> bag.await(ticker.nanoTime() + 1_000_000L, ticker, () -> { }));
    }

    @Test
    void underContentionNoEntryIsEverHeldTwiceAndNoneIsLost() throws Exception {
        for (int i = 0; i < 4; i++) {
            entry();
        }
        Map<PoolEntry, AtomicInteger> holders = new ConcurrentHashMap<>();
        AtomicLong cycles = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 32; t++) {
                futures.add(ex.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        PoolEntry e = bag.tryBorrow();
                        if (e == null) {
                            e = bag.await(ticker.nanoTime() + 5_000_000_000L, ticker, () -> { });
                        }
                        assertEquals(1, holders.computeIfAbsent(e, k -> new AtomicInteger()).incrementAndGet(), "held twice");
                        if ((i & 7) == 0) {
                            Thread.yield();
                        }
                        holders.get(e).decrementAndGet();
                        bag.release(e, State.BORROWED);
                        cycles.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertEquals(64_000, cycles.get());
        assertEquals(4, bag.count(State.IDLE), "all back");
        assertEquals(0, bag.waiting());
    }
}
