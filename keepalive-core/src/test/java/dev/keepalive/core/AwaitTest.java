package dev.keepalive.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsTheFirstAcceptedValueAsSoonAsAnotherThreadProducesIt() throws Exception {
        AtomicInteger value = new AtomicInteger();
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 1; i <= 5; i++) {
                value.set(i);
            }
        });
        long start = System.nanoTime();
        assertEquals(5, Await.value("five", value::get, v -> v == 5, Duration.ofSeconds(5)));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1_000, "returned as soon as it held");
        producer.join();
    }

    @Test
    void timeoutFailsNamingWhatWasAwaitedAndTheLastValueSeen() {
        AtomicInteger looks = new AtomicInteger();
        long start = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.value("the counter at 100", looks::incrementAndGet, v -> v >= 1_000_000, Duration.ofMillis(50)));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMs >= 50 && tookMs < 1_000, "gave up at the 50 ms timeout, took " + tookMs);
        assertTrue(e.getMessage().matches("waited \\d+ ms for the counter at 100 \\(timeout 50 ms\\); last seen: \\d+"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("last seen: " + looks.get()), e.getMessage() + " vs " + looks.get());
        assertTrue(looks.get() > 10, "polled more than a few times in 50 ms: " + looks.get());
    }

    @Test
    void untilFailsNamingTheCondition() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until("the pool shut", () -> false, Duration.ofMillis(10)));
        assertTrue(e.getMessage().startsWith("waited ") && e.getMessage().contains(" ms for the pool shut (timeout 10 ms)"),
                e.getMessage());
    }

    @Test
    void withinAndLatestReportInsteadOfFailing() {
        assertFalse(Await.within(() -> false, Duration.ofMillis(10)));
        assertTrue(Await.within(() -> true, Duration.ofMillis(10)));
        AtomicInteger n = new AtomicInteger();
        int last = Await.latest(n::incrementAndGet, v -> false, Duration.ofMillis(10));
        assertEquals(n.get(), last, "the last value seen, not a later one");
    }

    @Test
    void whatTheProbeThrowsEndsTheWait() {
        IOException e = assertThrows(IOException.class, () -> Await.until("a port", () -> {
            throw new IOException("nginx exited");
        }, Duration.ofSeconds(5)));
        assertEquals("nginx exited", e.getMessage());
    }

    @Test
    void rejectsANonPositiveTimeoutNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Await.until("x", () -> true, Duration.ZERO));
        assertEquals("timeout must be > 0: PT0S", e.getMessage());
    }

    @Test
    void realTimeSleepLastsAtLeastItsDurationAndAnInterruptSaysWhy() throws Exception {
        long start = System.nanoTime();
        RealTime.sleep(30, "a test of the wait itself");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));

        Thread.currentThread().interrupt();
        InterruptedException e = assertThrows(InterruptedException.class,
                () -> RealTime.sleep(Duration.ofSeconds(5), "the proxy's idle-drop fires"));
        assertEquals("interrupted 5000 ms real-time wait: the proxy's idle-drop fires", e.getMessage());
        assertFalse(Thread.currentThread().isInterrupted(), "cleared, as Thread.sleep does");
    }
}
