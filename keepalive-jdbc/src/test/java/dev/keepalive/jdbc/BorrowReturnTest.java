package dev.keepalive.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Await;
import dev.keepalive.core.RealTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Borrowing and returning over the stub database, with the pool's real threads and clock. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BorrowReturnTest {
    private final StubDb db = new StubDb();
    private KeepAlivePool pool;

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.shutdown(Duration.ofMillis(100));
        }
    }

    private KeepAlivePool start(PoolOptions.Builder options) throws SQLException {
        pool = KeepAlivePool.start(options.build());
        return pool;
    }

    private void awaitIdle(int n) {
        Await.value(n + " idle connections", pool::stats, s -> s.idle() >= n, Duration.ofSeconds(5));
    }

    @Test
    void replacesConnectionsThatDiedWhileIdleWithoutTheBorrowerNoticing() throws Exception {
        start(db.options().maximumPoolSize(2).validateAfterIdle(Duration.ofMillis(20)).keepaliveTime(Duration.ZERO));
        awaitIdle(2);
        db.connections.forEach(c -> c.dead = true);
        RealTime.sleep(30, "idle past validateAfterIdle (20 ms): the next borrows validate");

        try (Connection a = pool.getConnection(); Connection b = pool.getConnection(); Statement st = a.createStatement()) {
            st.execute("select 1");
            assertFalse(db.behind(a).dead, "a live one");
            assertFalse(db.behind(b).dead, "and another live one");
        }
        PoolStats s = pool.stats();
        assertEquals(2, s.evicted(EvictionReason.VALIDATION_FAILED), s::toString);
        assertEquals(2, s.validationFailures());
        assertEquals(0, s.timeouts());
    }

    @Test
    void doesNotValidateAConnectionUsedWithinValidateAfterIdle() throws Exception {
        start(db.options().maximumPoolSize(1).keepaliveTime(Duration.ZERO));
        awaitIdle(1);
        pool.getConnection().close(); // may validate: the connection is new but not "used"
        long before = db.connections.get(0).count("isValid");
        for (int i = 0; i < 100; i++) {
            pool.getConnection().close();
        }
        assertEquals(before, db.connections.get(0).count("isValid"), "used less than 500 ms ago");
    }

    @ParameterizedTest
    @CsvSource({"08006, true", "08S01, true", "57P01, true", "57P02, true", "57P03, true", "57P05, true",
            "23505, false", "57014, false", "42601, false"})
    void evictsOnReturnOnlyConnectionsThatThrewAFatalSqlState(String state, boolean evicted) throws Exception {
        start(db.options().maximumPoolSize(1).keepaliveTime(Duration.ZERO));
        awaitIdle(1);
        StubDb.Conn first;
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("raise " + state)) {
            first = db.behind(c);
            SQLException e = assertThrows(SQLException.class, ps::execute);
            assertEquals(state, e.getSQLState(), "the driver's error reaches the caller unchanged");
        }
        assertEquals(evicted ? 1 : 0, pool.stats().evicted(EvictionReason.BROKEN));
        try (Connection c = pool.getConnection()) {
            if (evicted) {
                assertNotSame(first, db.behind(c), "a fresh connection");
            } else {
                assertSame(first, db.behind(c), "the same connection, still fine");
            }
        }
    }

    @Test
    void timeoutErrorSaysHowManyAreInUseAndWaiting() throws Exception {
        start(db.options().maximumPoolSize(1));
        try (Connection held = pool.getConnection()) {
            long t0 = System.nanoTime();
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, pool::getConnection);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(waited >= 2000 && waited < 3000, "waited connectionTimeout: " + waited);
            assertTrue(e.getMessage().matches("pool 'stub' exhausted: 1/1 in use, 0 waiting, waited 2\\d\\d\\d ms"),
                    e.getMessage());
            assertEquals(1, pool.stats().timeouts());
        }
    }

    @Test
    void timeoutErrorCarriesTheLastConnectFailure() throws Exception {
        start(db.options().maximumPoolSize(2).minimumIdle(0).connectionTimeout(Duration.ofMillis(300))
                .validationTimeout(Duration.ofMillis(100)));
        db.connectFailure = new SQLException("FATAL: password authentication failed for user \"app\"", "28P01");
        try (Connection held = pool.getConnection()) {
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, pool::getConnection);
            assertTrue(e.getMessage().startsWith("pool 'stub' has no connection after "), e.getMessage());
            assertTrue(e.getMessage().contains("1/2 open, 0 waiting; last attempt to connect failed "), e.getMessage());
            assertTrue(e.getMessage().endsWith("ago: FATAL: password authentication failed for user \"app\""), e.getMessage());
            assertEquals("28P01", e.getSQLState());
            assertSame(db.connectFailure, e.getCause());
        }
    }

    @Test
    void startFailsFastWithTheDriversError() {
        db.connectFailure = new SQLException("FATAL: database \"nope\" does not exist", "3D000");
        SQLException e = assertThrows(SQLException.class, () -> start(db.options()));
        assertEquals("pool 'stub' cannot open a connection to StubDb: FATAL: database \"nope\" does not exist", e.getMessage());
        assertEquals("3D000", e.getSQLState());
        pool = null;
    }

    @Test
    void waitersAreServedFirstComeFirstServed() throws Exception {
        start(db.options().maximumPoolSize(1));
        List<Integer> order = new CopyOnWriteArrayList<>();
        Connection held = pool.getConnection();
        CountDownLatch done = new CountDownLatch(3);
        for (int i = 1; i <= 3; i++) {
            int n = i;
            Thread.ofVirtual().start(() -> {
                try (Connection c = pool.getConnection()) {
                    order.add(n);
                } catch (SQLException e) {
                    order.add(-n);
                } finally {
                    done.countDown();
                }
            });
            // queue them in a known order
            Await.value(i + " borrowers waiting", pool::stats, s -> s.waiting() >= n, Duration.ofSeconds(5));
        }
        held.close();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(1, 2, 3), order);
    }

    @Test
    void shutdownWaitsForBorrowedConnectionsAndRefusesNewBorrows() throws Exception {
        start(db.options().maximumPoolSize(2));
        awaitIdle(2);
        Connection held = pool.getConnection();
        Thread closer = Thread.ofPlatform().start(() -> pool.shutdown(Duration.ofSeconds(5)));
        Await.until("the pool shut", pool::isShut, Duration.ofSeconds(5));
        SQLException e = assertThrows(SQLException.class, pool::getConnection);
        assertEquals("pool 'stub' is closed", e.getMessage());
        RealTime.sleep(20, "time to close the idle one, and to close the borrowed one too if shutdown were wrong");
        assertEquals(1, db.live(), "the idle one is closed, the borrowed one not yet");
        held.close();
        closer.join(5000);
        assertEquals(0, db.live());
        assertEquals(2, pool.stats().evicted(EvictionReason.SHUTDOWN));
    }

    @Test
    void shutdownClosesConnectionsStillBorrowedAfterItsTimeout() throws Exception {
        start(db.options().maximumPoolSize(1));
        Connection held = pool.getConnection();
        assertFalse(pool.shutdown(Duration.ofMillis(50)), "not drained");
        assertEquals(0, db.live());
        held.close(); // late return: nothing to do, nothing thrown
        assertEquals(1, pool.stats().returns());
    }

    @Test
    void reportsALeakWithTheBorrowersStack() throws Exception {
        Logger logger = Logger.getLogger("dev.keepalive.jdbc");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override public void publish(LogRecord r) { records.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.setUseParentHandlers(false); // the expected stack trace stays out of the build log
        logger.addHandler(handler);
        try {
            start(db.options().maximumPoolSize(1).leakDetectionThreshold(Duration.ofMillis(50)));
            try (Connection c = pool.getConnection()) {
                RealTime.sleep(200, "held past the 50 ms leak threshold, then returned");
            }
            LogRecord leak = records.stream().filter(r -> r.getMessage().startsWith("pool_leak ")).findFirst().orElseThrow();
            assertTrue(leak.getMessage().matches("pool_leak pool=stub connection=#1 borrowed_for=\\d+ ms threshold=50 ms .*"),
                    leak.getMessage());
            long borrowedFor = Long.parseLong(leak.getMessage().replaceAll(".*borrowed_for=(\\d+) ms.*", "$1"));
            assertTrue(borrowedFor >= 50 && borrowedFor < 100, "reported soon after the threshold: " + borrowedFor);
            assertTrue(List.of(leak.getThrown().getStackTrace()).stream()
                    .anyMatch(f -> f.getMethodName().equals("reportsALeakWithTheBorrowersStack")), "the borrower's stack");
            assertTrue(records.stream().anyMatch(r -> r.getMessage().startsWith("pool_leak_returned pool=stub connection=#1")));
            assertEquals(1, pool.stats().leaks());
        } finally {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(true);
            logger.setLevel(before);
        }
    }

    @Test
    void returnClosesStatementsRollsBackAndRestoresSettings() throws Exception {
        start(db.options().maximumPoolSize(1));
        StubDb.Conn stub;
        try (Connection c = pool.getConnection()) {
            stub = db.behind(c);
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setSchema("other");
            c.setNetworkTimeout(Runnable::run, 1234);
            c.createStatement().execute("insert 1");
            c.prepareStatement("select 1");
            assertEquals(2, stub.openStatements.get());
        }
        assertEquals(0, stub.openStatements.get(), "statements left open are closed");
        assertEquals(1, stub.count("rollback"), "uncommitted work rolled back");
        assertTrue(stub.autoCommit);
        assertFalse(stub.readOnly);
        assertEquals(Connection.TRANSACTION_READ_COMMITTED, stub.isolation);
        assertEquals("public", stub.schema);
        assertEquals(0, stub.networkTimeout);
        assertEquals(0, pool.stats().evicted());
    }

    @Test
    void returnDoesNoRoundTripsForAConnectionThatChangedNothing() throws Exception {
        start(db.options().maximumPoolSize(1));
        StubDb.Conn stub;
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            stub = db.behind(c);
            st.execute("select 1");
            stub.calls.clear();
        }
        assertEquals(List.of("statement.close", "clearWarnings"), stub.calls, "no rollback, no resets");
    }

    @Test
    void aReturnedConnectionRefusesUseAndLeadsNowhereButThePool() throws Exception {
        start(db.options().maximumPoolSize(1));
        Connection c = pool.getConnection();
        Statement st = c.createStatement();
        assertSame(c, st.getConnection(), "statements lead back to the pooled connection");
        assertSame(c, c.getMetaData().getConnection());
        assertSame(st, st.executeQuery("select 1").getStatement());
        c.close();
        c.close(); // idempotent
        assertTrue(c.isClosed());
        assertFalse(c.isValid(1));
        SQLException e = assertThrows(SQLException.class, c::createStatement);
        assertEquals("08003", e.getSQLState());
        assertEquals(1, pool.stats().returns());
        assertInstanceOf(KeepAlivePool.class, pool.unwrap(javax.sql.DataSource.class));
    }
}
