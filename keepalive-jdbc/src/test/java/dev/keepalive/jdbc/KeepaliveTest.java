package dev.keepalive.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.FakeTicker;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Keepalive, idle timeout and max lifetime as functions of now: a pool without threads, a fake ticker,
 * and {@code maintain(now)} called with numbers.
 */
class KeepaliveTest {
    private final StubDb db = new StubDb();
    private final FakeTicker ticker = new FakeTicker(1_000_000_000L);

    private KeepAlivePool pool(PoolOptions options) {
        KeepAlivePool pool = KeepAlivePool.manual(options, ticker);
        while (pool.fill(ticker.nanoTime()) == 0) {
            // opens until minimumIdle
        }
        pool.maintain(ticker.nanoTime());
        return pool;
    }

    private long maintainAfter(KeepAlivePool pool, long millis) {
        ticker.advanceMillis(millis);
        return pool.maintain(ticker.nanoTime());
    }

    private PoolOptions.Builder keepaliveOnly(int size, Duration keepalive) {
        return db.options().maximumPoolSize(size).keepaliveTime(keepalive).maxLifetime(Duration.ZERO);
    }

    @Test
    void validatesEachIdleConnectionOncePerKeepaliveTimeWithinItsJitter() {
        KeepAlivePool pool = pool(keepaliveOnly(3, Duration.ofSeconds(1)).build());
        assertEquals(3, db.connections.size());

        maintainAfter(pool, 899); // earliest jittered keepalive is 900 ms
        db.connections.forEach(c -> assertEquals(0, c.count("isValid"), c.proxy + " probed too early"));

        maintainAfter(pool, 211); // latest is 1100 ms, plus one 10 ms wheel tick
        db.connections.forEach(c -> assertEquals(1, c.count("isValid"), c.proxy + " probed once"));

        maintainAfter(pool, 1110);
        db.connections.forEach(c -> assertEquals(2, c.count("isValid"), c.proxy + " probed again one period later"));
        PoolStats s = pool.stats();
        assertEquals(6, s.keepalives());
        assertEquals(0, s.evicted());
        assertEquals(3, s.idle());
    }

    @Test
    void keepaliveTimeIsJitteredByTenPercentPerConnection() {
        KeepAlivePool pool = pool(keepaliveOnly(20, Duration.ofSeconds(10)).build());
        long[] periods = Arrays.stream(pool.bag.entries()).mapToLong(e -> e.keepaliveNanos).toArray();
        for (long p : periods) {
            assertTrue(p >= 9_000_000_000L && p <= 11_000_000_000L, "within ±10 %: " + p);
        }
        assertTrue(Arrays.stream(periods).distinct().count() > 10, "drawn per connection: " + Arrays.toString(periods));
    }

    @Test
    void neverProbesABorrowedConnectionAndCountsFromItsReturn() throws Exception {
        KeepAlivePool pool = pool(keepaliveOnly(2, Duration.ofSeconds(1)).build());
        Connection held = pool.getConnection();
        StubDb.Conn busy = db.behind(held);
        StubDb.Conn other = db.connections.stream().filter(c -> c != busy).findFirst().orElseThrow();

        maintainAfter(pool, 1200);
        assertEquals(0, busy.count("isValid"), "borrowed: not probed");
        assertEquals(1, other.count("isValid"));

        held.close(); // last use: now
        maintainAfter(pool, 800);
        assertEquals(0, busy.count("isValid"), "used 800 ms ago: not due yet");
        maintainAfter(pool, 1400);
        assertEquals(1, busy.count("isValid"), "due one keepalive time after its return");
    }

    @Test
    void closesAConnectionThatFailsItsKeepaliveAndTheConnectorReplacesIt() {
        KeepAlivePool pool = pool(keepaliveOnly(3, Duration.ofSeconds(1)).build());
        StubDb.Conn victim = db.connections.get(1);
        victim.dead = true;

        maintainAfter(pool, 1200);
        PoolStats s = pool.stats();
        assertEquals(1, s.keepaliveFailures());
        assertEquals(1, s.evicted(EvictionReason.KEEPALIVE_FAILED));
        assertEquals(2, s.total());
        assertTrue(victim.closed, "closed by the housekeeper");

        assertEquals(0, pool.fill(ticker.nanoTime()), "the connector opens a replacement");
        assertEquals(3, pool.stats().total());
        assertEquals(4, db.connections.size());
    }

    @Test
    void idleTimeoutClosesConnectionsAboveMinimumIdleOnly() throws Exception {
        KeepAlivePool pool = pool(db.options().maximumPoolSize(4).minimumIdle(1).idleTimeout(Duration.ofSeconds(10))
                .keepaliveTime(Duration.ZERO).maxLifetime(Duration.ZERO).build());
        for (int i = 0; i < 3; i++) {
            pool.openConnection(ticker.nanoTime());
        }
        pool.maintain(ticker.nanoTime());
        assertEquals(4, pool.stats().idle());

        maintainAfter(pool, 9_000);
        assertEquals(4, pool.stats().total(), "idle 9 s < 10 s");
        maintainAfter(pool, 1_100);
        PoolStats s = pool.stats();
        assertEquals(1, s.total(), "shrunk to minimumIdle");
        assertEquals(3, s.evicted(EvictionReason.IDLE_TIMEOUT));
        maintainAfter(pool, 60_000);
        assertEquals(1, pool.stats().total(), "never below minimumIdle");
    }

    @Test
    void maxLifetimeRetiresIdleConnectionsAndBorrowedOnesOnlyWhenReturned() throws Exception {
        KeepAlivePool pool = pool(db.options().maximumPoolSize(2).keepaliveTime(Duration.ZERO)
                .maxLifetime(Duration.ofSeconds(60)).build());
        for (PoolEntry e : pool.bag.entries()) {
            long life = e.retireAt - e.createdAt;
            assertTrue(life > 58_500_000_000L && life <= 60_000_000_000L, "max lifetime minus up to 2.5 %: " + life);
        }
        Connection held = pool.getConnection();
        StubDb.Conn busy = db.behind(held);

        maintainAfter(pool, 60_010);
        assertEquals(1, pool.stats().evicted(EvictionReason.MAX_LIFETIME), "the idle one retired");
        assertFalse(busy.closed, "never under its borrower");
        assertEquals(1, pool.stats().active());

        held.close();
        pool.maintain(ticker.nanoTime());
        assertEquals(2, pool.stats().evicted(EvictionReason.MAX_LIFETIME), "retired on return");
        assertTrue(busy.closed);
    }

    @Test
    void maintainReturnsTheDelayUntilTheNextConnectionIsDue() {
        KeepAlivePool pool = pool(keepaliveOnly(2, Duration.ofSeconds(1)).build());
        long delay = pool.maintain(ticker.nanoTime());
        assertTrue(delay > 800_000_000L && delay <= 1_110_000_000L, "next keepalive within 0.9..1.1 s: " + delay);

        KeepAlivePool idle = pool(keepaliveOnly(2, Duration.ZERO).build());
        assertEquals(-1, idle.maintain(ticker.nanoTime()), "nothing scheduled: sleep until woken");
    }
}
