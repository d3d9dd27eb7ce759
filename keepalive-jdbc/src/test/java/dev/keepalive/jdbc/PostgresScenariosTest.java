package dev.keepalive.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Await;
import dev.keepalive.core.RealTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The four scenarios of issue 6 on a real PostgreSQL 14 with the official driver. Idle periods are the
 * issue's (3 s against a 1 s {@code idle_session_timeout}); everything else is milliseconds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresScenariosTest {
    private static EmbeddedPg pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPg.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private static PoolOptions.Builder options(String app) {
        return PoolOptions.builder(pg.url()).user("postgres").password("postgres").poolName(app)
                .property("ApplicationName", app).connectionTimeout(Duration.ofSeconds(10))
                .validationTimeout(Duration.ofSeconds(2)).shutdownTimeout(Duration.ofSeconds(2));
    }

    /** idle_session_timeout is per session: the pool's init SQL sets it on every connection. */
    private static final String IDLE_1S = "SET idle_session_timeout = '1s'";

    private static void awaitOpen(KeepAlivePool pool, int n) {
        Await.value("the pool at " + n + " idle", pool::stats, s -> s.idle() >= n, Duration.ofSeconds(10));
    }

    private static int selectOne(KeepAlivePool pool) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("select 1");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Runs {@code n} borrows with a query each; returns the failures (they must be 0). */
    private static List<String> borrow(KeepAlivePool pool, int n) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                assertEquals(1, selectOne(pool));
            } catch (SQLException e) {
                failures.add("borrow " + i + ": SQLState " + e.getSQLState() + ": " + e.getMessage());
            }
        }
        return failures;
    }

    /**
     * Holds {@code n} connections at once and queries on each, so every connection of a pool of
     * {@code n} is borrowed (sequential borrows keep reusing one warm connection).
     */
    private static List<String> borrowAllAtOnce(KeepAlivePool pool, int n) {
        List<String> failures = new ArrayList<>();
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Connection c = pool.getConnection();
                held.add(c);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
                    rs.next();
                }
            }
        } catch (SQLException e) {
            failures.add("SQLState " + e.getSQLState() + ": " + e.getMessage());
        } finally {
            for (Connection c : held) {
                try {
                    c.close();
                } catch (SQLException e) {
                    failures.add("close: " + e.getMessage());
                }
            }
        }
        return failures;
    }

    private static Set<Integer> backendPids(String app) throws SQLException {
        Set<Integer> pids = new HashSet<>();
        try (Connection admin = pg.admin();
                PreparedStatement ps = admin.prepareStatement("select pid from pg_stat_activity where application_name = ?")) {
            ps.setString(1, app);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
        }
        return pids;
    }

    @Test
    @DisplayName("scenario 1: keepalive (400 ms) keeps a pool of 5 alive through 3 s idle against idle_session_timeout 1 s")
    void keepaliveKeepsIdleConnectionsAlivePastTheServersIdleSessionTimeout() throws Exception {
        try (KeepAlivePool pool = KeepAlivePool.start(options("scenario1").maximumPoolSize(5).initSql(IDLE_1S)
                .keepaliveTime(Duration.ofMillis(400)).build())) {
            awaitOpen(pool, 5);
            Set<Integer> before = backendPids("scenario1");
            assertEquals(5, before.size());

            RealTime.sleep(3000, "idle three times the server's idle_session_timeout: only keepalive saves them");
            List<String> failures = borrow(pool, 200);

            PoolStats s = pool.stats();
            assertEquals(List.of(), failures);
            assertEquals(0, s.evicted(), () -> "no connection replaced: " + s);
            assertEquals(5, s.opened(), () -> "no connection replaced: " + s);
            // 3 s / 440 ms at worst: at least 6 rounds of 5 probes
            assertTrue(s.keepalives() >= 30, () -> "keepalive ran: " + s);
            assertEquals(0, s.keepaliveFailures());
            assertEquals(before, backendPids("scenario1"), "the same 5 server sessions, still alive");
        }
    }

    @Test
    @DisplayName("scenario 2: keepalive off, 3 s idle kills all 5 sessions; validation on borrow replaces them unseen")
    void validationOnBorrowReplacesConnectionsTheServerClosedWhileIdle() throws Exception {
        try (KeepAlivePool pool = KeepAlivePool.start(options("scenario2").maximumPoolSize(5).initSql(IDLE_1S)
                .keepaliveTime(Duration.ZERO).build())) {
            awaitOpen(pool, 5);
            RealTime.sleep(3000, "idle three times the server's idle_session_timeout: it ends every session");
            assertEquals(Set.of(), backendPids("scenario2"), "the server ended every idle session");

            List<String> failures = borrow(pool, 200);

            PoolStats s = pool.stats();
            assertEquals(List.of(), failures);
            assertEquals(5, s.evicted(EvictionReason.VALIDATION_FAILED), () -> "every dead one evicted: " + s);
            assertEquals(5, s.validationFailures());
            assertEquals(200, s.borrows());
            assertEquals(0, s.keepalives());
        }
    }

    @Test
    @DisplayName("scenario 3: pg_terminate_backend on every pool session, then a server restart, while idle")
    void poolRecoversFromTerminatedBackendsAndAServerRestartWithoutErrorsForLaterBorrowers() throws Exception {
        try (KeepAlivePool pool = KeepAlivePool.start(options("scenario3").maximumPoolSize(5).build())) {
            awaitOpen(pool, 5);
            assertEquals(List.of(), borrow(pool, 20));
            RealTime.sleep(600, "idle longer than validateAfterIdle (500 ms): the next borrows validate");

            int terminated;
            try (Connection admin = pg.admin(); Statement st = admin.createStatement();
                    ResultSet rs = st.executeQuery("select count(*) from (select pg_terminate_backend(pid) from"
                            + " pg_stat_activity where application_name = 'scenario3') t")) {
                rs.next();
                terminated = rs.getInt(1);
            }
            assertEquals(5, terminated);
            assertEquals(List.of(), borrow(pool, 50), "no error after pg_terminate_backend");
            assertEquals(List.of(), borrowAllAtOnce(pool, 5), "no error with every connection in use");
            assertEquals(5, pool.stats().evicted(EvictionReason.VALIDATION_FAILED));

            awaitOpen(pool, 5);
            RealTime.sleep(600, "idle longer than validateAfterIdle (500 ms) again");
            pg.restart();
            assertEquals(List.of(), borrow(pool, 50), "no error after the server restarted");
            assertEquals(List.of(), borrowAllAtOnce(pool, 5), "no error with every connection in use");

            PoolStats s = pool.stats();
            assertEquals(10, s.evicted(EvictionReason.VALIDATION_FAILED), () -> "5 + 5 dead ones replaced: " + s);
            assertEquals(0, s.timeouts());
            assertEquals(130, s.borrows());
        }
    }

    @Test
    @DisplayName("kal db's probe finds idle_session_timeout 1s, and tells it from a lifetime limit")
    void idleProbeFindsTheServersIdleSessionTimeout() throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", "postgres");
        props.setProperty("options", "-c idle_session_timeout=1s");
        List<IdleProbe.Step> seen = new ArrayList<>();
        IdleProbe.Result r = IdleProbe.run(() -> java.sql.DriverManager.getConnection(pg.url(), props),
                Duration.ofSeconds(5), seen::add);

        assertEquals(r.steps(), seen, "each step reported as it was known");
        assertTrue(r.product().startsWith("PostgreSQL 14"), r.product());
        assertEquals("1s", r.serverSettings().get("idle_session_timeout"));
        assertTrue(r.lastAlive() != null && r.lastAlive().toMillis() >= 500 && r.lastAlive().toMillis() <= 1000, r::toString);
        assertTrue(r.firstDead() != null && r.firstDead().toMillis() >= 1000 && r.firstDead().toMillis() <= 2000, r::toString);
        assertEquals(null, r.controlLifetime(), "the busy connection lived on: an idle limit, not a lifetime limit");
        assertTrue(r.elapsed().toMillis() < 4000, "stopped at the first death, not at --max-idle: " + r.elapsed());
        assertEquals(Duration.ofMillis(r.lastAlive().toMillis() / 2), r.safeKeepaliveTime());
        assertEquals(Duration.ofMinutes(30), r.safeMaxLifetime());
    }

    @Test
    @DisplayName("scenario 4: 50 virtual threads x 1000 borrow/query/return on a pool of 10")
    void fiftyVirtualThreadsShareTenConnectionsWithoutDeadlockOrLeak() throws Exception {
        int threads = 50;
        int rounds = 1000;
        try (KeepAlivePool pool = KeepAlivePool.start(options("scenario4").maximumPoolSize(10).build())) {
            awaitOpen(pool, 10);
            AtomicInteger ok = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < threads; t++) {
                    futures.add(vts.submit(() -> {
                        for (int i = 0; i < rounds; i++) {
                            assertEquals(1, selectOne(pool));
                            ok.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(45, TimeUnit.SECONDS); // a deadlock fails here instead of hanging the build
                }
            }
            PoolStats s = pool.stats();
            assertEquals(threads * rounds, ok.get());
            assertEquals(threads * rounds, s.borrows(), s::toString);
            assertEquals(s.borrows(), s.returns(), "every borrow came back");
            assertEquals(0, s.active());
            assertEquals(0, s.waiting());
            assertEquals(10, s.total());
            assertEquals(10, s.idle() + s.probing());
            assertEquals(0, s.timeouts());
            assertEquals(s.opened(), s.total() + s.evicted(), "opened = open + evicted");
            assertEquals(10, backendPids("scenario4").size(), "no connection leaked on the server side");
        }
    }
}
