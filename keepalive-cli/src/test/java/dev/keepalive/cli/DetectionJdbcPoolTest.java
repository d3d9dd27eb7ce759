package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.cli.demo.PostgresServer;
import dev.keepalive.core.Await;
import dev.keepalive.core.RealTime;
import dev.keepalive.jdbc.EvictionReason;
import dev.keepalive.jdbc.KeepAlivePool;
import dev.keepalive.jdbc.PoolOptions;
import dev.keepalive.jdbc.PoolStats;
import java.net.InetSocketAddress;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Detection matrix (issue 7), JDBC pool row: pool → {@code kal proxy --idle-drop 2s} (a NAT that forgets
 * idle flows) → a real PostgreSQL. With keepalive 1 s (±10 %) every idle connection carries traffic before
 * the NAT forgets it; without, the idle connections die unseen and validation on borrow must find and
 * replace them. Both pools run side by side through their own proxy, so the idle gaps are paid once.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DetectionJdbcPoolTest {
    private static final Duration IDLE_DROP = Duration.ofSeconds(2);
    private static final int SIZE = 3;
    private static final List<Long> GAPS_MS = List.of(3_000L, 4_000L);

    private static PostgresServer pg;
    private static final List<AutoCloseable> toClose = new ArrayList<>();
    private static Run keepalive;
    private static Run control;

    /** What one pool went through. */
    private record Run(String app, Set<Integer> pidsBefore, Set<Integer> pidsSeen,
                       List<String> failures, List<Long> roundMs, PoolStats stats) {
    }

    @BeforeAll
    static void runBothPoolsThroughIdleDroppingProxies() throws Exception {
        pg = PostgresServer.start();
        CompletableFuture<Run> on = CompletableFuture.supplyAsync(() -> run("detect-keepalive", Duration.ofSeconds(1)),
                r -> Thread.ofVirtual().start(r));
        CompletableFuture<Run> off = CompletableFuture.supplyAsync(() -> run("detect-control", Duration.ZERO),
                r -> Thread.ofVirtual().start(r));
        keepalive = on.get(60, TimeUnit.SECONDS);
        control = off.get(60, TimeUnit.SECONDS);
        for (Run r : List.of(keepalive, control)) {
            System.out.println("detection-matrix: jdbc " + r.app() + ": borrows after idle gaps " + GAPS_MS + " ms: "
                    + r.failures().size() + " failures, time to borrow all " + SIZE + " per round " + r.roundMs()
                    + " ms, evictions " + r.stats().evictions() + ", keepalives " + r.stats().keepalives()
                    + ", validation failures " + r.stats().validationFailures() + ", borrow wait max "
                    + r.stats().borrowWaitMax().toMillis() + " ms, borrows ran on the first sessions only: "
                    + r.pidsBefore().containsAll(r.pidsSeen()));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static Run run(String app, Duration keepaliveTime) {
        try {
            FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", 0),
                    new InetSocketAddress("127.0.0.1", pg.port()), ProxyOptions.builder().idleDrop(IDLE_DROP).build());
            synchronized (toClose) {
                toClose.add(proxy);
            }
            try (KeepAlivePool pool = KeepAlivePool.start(PoolOptions.builder(PostgresServer.url(proxy.port()))
                    .user("postgres").password("postgres").poolName(app).property("ApplicationName", app)
                    .maximumPoolSize(SIZE).keepaliveTime(keepaliveTime).validationTimeout(Duration.ofSeconds(1))
                    .connectionTimeout(Duration.ofSeconds(10)).shutdownTimeout(Duration.ofMillis(500)).build())) {
                Await.value(app + " filled to " + SIZE + " idle", pool::stats, s -> s.idle() >= SIZE, Duration.ofSeconds(10));
                Set<Integer> before = backendPids(app);
                Set<Integer> seen = new HashSet<>();
                List<String> failures = new ArrayList<>();
                List<Long> roundMs = new ArrayList<>();
                for (long gap : GAPS_MS) {
                    RealTime.sleep(gap, "the pool idles past the proxy's idle-drop, with or without keepalive");
                    long t0 = System.nanoTime();
                    borrowAllAtOnce(pool, seen, failures);
                    roundMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                }
                return new Run(app, before, seen, failures, roundMs, pool.stats());
            }
        } catch (Exception e) {
            throw new IllegalStateException(app + ": " + e, e);
        }
    }

    /** Holds every connection of the pool at once (sequential borrows would reuse one warm connection). */
    private static void borrowAllAtOnce(KeepAlivePool pool, Set<Integer> pids, List<String> failures) {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < SIZE; i++) {
                Connection c = pool.getConnection();
                held.add(c);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
                    rs.next();
                    pids.add(rs.getInt(1));
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
    void keepaliveOneSecondBehindATwoSecondIdleDropLosesNoBorrowNoConnectionAndNoSession() {
        PoolStats s = keepalive.stats();
        assertEquals(List.of(), keepalive.failures(), "no failed borrow");
        assertEquals(0, s.evicted(), () -> "no eviction: " + s);
        assertEquals(SIZE, s.opened(), () -> "no connection replaced: " + s);
        assertEquals(0, s.keepaliveFailures(), () -> "no keepalive failed: " + s);
        assertEquals(0, s.validationFailures(), () -> "no validation failed: " + s);
        // 7 s of gaps at 1 s ± 10 %: several keepalive rounds of every connection
        assertTrue(s.keepalives() >= 4L * SIZE, () -> "the keepalive ran: " + s);
        assertEquals(SIZE, keepalive.pidsBefore().size());
        assertEquals(keepalive.pidsBefore(), keepalive.pidsSeen(), "every borrow ran on one of the first sessions");
        assertTrue(keepalive.roundMs().stream().allMatch(ms -> ms < 500), "no borrow waited: " + keepalive.roundMs());
    }

    @Test
    void controlWithoutKeepaliveTheNatKillsTheIdleConnectionsAndValidationOnBorrowReplacesThemAtACost() {
        PoolStats s = control.stats();
        assertEquals(List.of(), control.failures(), "borrows still succeed, thanks to validation on borrow");
        assertEquals(0, s.keepalives());
        // every connection idle across a gap was dead, found by validation on borrow: SIZE per gap at least. A
        // borrower tries the idle connections one after the other, each dead one costing the validation timeout,
        // so a refill opened meanwhile may itself sit idle past the idle-drop and die too.
        assertTrue(s.evicted(EvictionReason.VALIDATION_FAILED) >= (long) SIZE * GAPS_MS.size(), () -> "evictions: " + s);
        assertEquals(s.evicted(), s.evicted(EvictionReason.VALIDATION_FAILED), () -> "no other eviction: " + s);
        assertTrue(control.pidsSeen().stream().noneMatch(control.pidsBefore()::contains),
                "no borrow ran on a first session: all were replaced");
        // each dead connection costs its borrower the validation timeout (1 s) before a replacement
        assertTrue(s.borrowWaitMax().toMillis() >= 900, () -> "the validation timeout was paid: " + s);
        assertTrue(control.roundMs().stream().allMatch(ms -> ms >= 900), "every round paid it: " + control.roundMs());
    }
}
