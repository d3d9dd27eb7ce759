package dev.keepalive.cli.demo;

import dev.keepalive.cli.FaultProxyHandle;
import dev.keepalive.cli.Problems;
import dev.keepalive.cli.ServeCommand;
import dev.keepalive.jdbc.EvictionReason;
import dev.keepalive.jdbc.KeepAlivePool;
import dev.keepalive.jdbc.PoolOptions;
import dev.keepalive.jdbc.PoolStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JDBC pool: a real PostgreSQL, our {@link KeepAlivePool} through a fault proxy (4 connections, keepalive
 * 1 s, validation timeout 1 s, driver socket timeout 2 s), and a worker borrowing and running {@code select 1}
 * every 300 ms. A connection of our own, straight to the server, lists the pool's sessions from
 * {@code pg_stat_activity} and terminates them for the {@code kill} fault.
 *
 * <p>Detection: an eviction for a failed keepalive or validation or a broken connection, or a failed
 * {@code select 1}. Recovery: the next {@code select 1} that is answered.
 */
final class DbLayer implements Layer {
    static final String APPLICATION_NAME = "kal-demo";
    static final int POOL_SIZE = 4;
    static final Duration KEEPALIVE = Duration.ofSeconds(1);
    static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(1);
    static final int SOCKET_TIMEOUT_S = 2;
    private static final Set<EvictionReason> DEATHS = Set.of(EvictionReason.KEEPALIVE_FAILED,
            EvictionReason.VALIDATION_FAILED, EvictionReason.BROKEN);

    private final LayerState state;
    private final Timeline timeline;
    private final PostgresServer pg;
    private final FaultProxyHandle proxy;
    private final ProxyFaults faults;
    private final KeepAlivePool pool;
    private final Thread worker;
    private final Thread watcher;
    private final LongAdder failures = new LongAdder();
    private final LongAdder killed = new LongAdder();
    private final DoubleAdder windowMs = new DoubleAdder();
    private final LongAdder windowCount = new LongAdder();
    private final Map<EvictionReason, Long> lastEvictions = new EnumMap<>(EvictionReason.class); // tick thread only
    /** Sessions the proxy dropped: the server still holds them, nobody will ever use them again. */
    private final Set<Integer> orphans = ConcurrentHashMap.newKeySet();
    private volatile List<Map<String, Object>> sessions = List.of();
    private volatile double selectMs = Double.NaN;
    private volatile boolean running = true;
    private final String unavailableWhy;
    private Connection admin; // watcher thread and inject, under adminLock
    private final ReentrantLock adminLock = new ReentrantLock();

    private DbLayer(Timeline timeline, LayerState state, String why) {
        this.unavailableWhy = why;
        this.timeline = timeline;
        this.state = state;
        this.pg = null;
        this.proxy = null;
        this.faults = null;
        this.pool = null;
        this.worker = null;
        this.watcher = null;
    }

    private DbLayer(String host, Timeline timeline, PostgresServer pg) throws IOException {
        this.timeline = timeline;
        this.pg = pg;
        this.unavailableWhy = null;
        this.state = new LayerState("db", "JDBC pool keepalive", "pool " + POOL_SIZE + " · keepalive "
                + KEEPALIVE.toSeconds() + " s · validation timeout " + VALIDATION_TIMEOUT.toSeconds()
                + " s · validate after 500 ms idle · socket timeout " + SOCKET_TIMEOUT_S + " s", timeline);
        this.proxy = FaultProxyHandle.start(host, new InetSocketAddress("127.0.0.1", pg.port()));
        this.faults = new ProxyFaults(proxy, state,
                "a keepalive every 1 s on each idle connection (and a select 1 every 300 ms) kept every flow");
        PoolOptions options = PoolOptions.builder("jdbc:postgresql://" + ServeCommand.hostPort(host, proxy.port())
                        + "/postgres")
                .user("postgres").password("postgres")
                .property("ApplicationName", APPLICATION_NAME)
                .property("socketTimeout", String.valueOf(SOCKET_TIMEOUT_S))
                .property("connectTimeout", "2").property("loginTimeout", "2")
                .maximumPoolSize(POOL_SIZE).minimumIdle(POOL_SIZE)
                .connectionTimeout(Duration.ofSeconds(3)).validationTimeout(VALIDATION_TIMEOUT)
                .keepaliveTime(KEEPALIVE).validateAfterIdle(Duration.ofMillis(500))
                .shutdownTimeout(Duration.ofMillis(500)).poolName("demo").build();
        try {
            this.pool = KeepAlivePool.start(options);
        } catch (SQLException e) {
            proxy.close();
            throw new IOException("the pool cannot connect: " + Problems.oneLine(e), e);
        }
        for (EvictionReason r : EvictionReason.values()) {
            lastEvictions.put(r, 0L);
        }
        this.worker = Thread.ofVirtual().name("kal-demo-db").start(this::work);
        this.watcher = Thread.ofVirtual().name("kal-demo-db-watch").start(this::watch);
    }

    /** The db layer on a running PostgreSQL. */
    static DbLayer start(String host, Timeline timeline, PostgresServer pg) throws IOException {
        return new DbLayer(host, timeline, pg);
    }

    /** The db card without a database: status unavailable, faults refused. */
    static DbLayer unavailable(Timeline timeline, String why) {
        LayerState state = new LayerState("db", "JDBC pool keepalive", why, timeline);
        state.unavailable(why);
        return new DbLayer(timeline, state, why);
    }

    @Override
    public LayerState state() {
        return state;
    }

    @Override
    public String inject(String kind) {
        if (pool == null) {
            throw new IllegalStateException("db is unavailable: " + unavailableWhy);
        }
        if (kind.equals("kill")) {
            state.injected(kind, "pg_terminate_backend on every session of the pool");
            int n = terminate();
            killed.add(n);
            return "terminated " + n + " backends";
        }
        if (kind.equals("drop")) {
            for (Map<String, Object> s : sessions) {
                orphans.add((Integer) s.get("pid"));
            }
        }
        return faults.inject(kind, timeline.ticker().nanoTime());
    }

    private int terminate() {
        adminLock.lock();
        try (Statement st = admin().createStatement();
             ResultSet rs = st.executeQuery("select count(*) from (select pg_terminate_backend(pid) from "
                     + "pg_stat_activity where application_name = '" + APPLICATION_NAME + "') t")) {
            rs.next();
            orphans.clear();
            return rs.getInt(1);
        } catch (SQLException e) {
            closeAdmin();
            throw new IllegalStateException("pg_terminate_backend failed: " + Problems.oneLine(e), e);
        } finally {
            adminLock.unlock();
        }
    }

    /** Caller holds adminLock. */
    private Connection admin() throws SQLException {
        if (admin == null || admin.isClosed()) {
            admin = pg.admin();
            admin.setNetworkTimeout(Runnable::run, 2_000);
        }
        return admin;
    }

    private void closeAdmin() {
        try {
            if (admin != null) {
                admin.close();
            }
        } catch (SQLException ignored) {
            // discarded anyway
        }
        admin = null;
    }

    private void work() {
        while (running) {
            long t0 = timeline.ticker().nanoTime();
            try (Connection c = pool.getConnection();
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select 1")) {
                rs.next();
                double ms = (timeline.ticker().nanoTime() - t0) / 1e6;
                selectMs = Double.isNaN(selectMs) ? ms : selectMs * 0.8 + ms * 0.2;
                windowMs.add(ms);
                windowCount.increment();
                state.recovered("select 1 answered in " + String.format(Locale.ROOT, "%.1f ms", ms)
                        + " on a live connection");
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                failures.increment();
                state.noticed("select 1 failed (SQLState " + e.getSQLState() + "): " + Problems.oneLine(e)
                        + "; the connection is evicted");
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                failures.increment();
                state.noticed("select 1 failed: " + Problems.oneLine(e));
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Lists the pool's sessions as the server sees them, every 500 ms. */
    private void watch() {
        while (running) {
            List<Map<String, Object>> list = new ArrayList<>();
            adminLock.lock();
            try (Statement st = admin().createStatement();
                 ResultSet rs = st.executeQuery("select pid, state, extract(epoch from now() - backend_start), "
                         + "client_port from pg_stat_activity where application_name = '" + APPLICATION_NAME
                         + "' order by backend_start")) {
                while (rs.next()) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("pid", rs.getInt(1));
                    s.put("state", rs.getString(2));
                    s.put("ageS", rs.getDouble(3));
                    s.put("port", rs.getInt(4));
                    list.add(s);
                }
                sessions = list;
            } catch (SQLException e) {
                closeAdmin();
            } finally {
                adminLock.unlock();
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void tick(long nowNanos) {
        if (pool == null) {
            return;
        }
        faults.tick(nowNanos);
        state.expire();
        PoolStats s = pool.stats();
        for (EvictionReason r : DEATHS) {
            long now = s.evictions().getOrDefault(r, 0L);
            long before = lastEvictions.put(r, now);
            if (now > before) {
                String what = r.name().toLowerCase(Locale.ROOT).replace('_', ' ');
                long n = now - before;
                if (!state.detect("pool evicted " + (n == 1 ? "a connection" : n + " connections") + ": " + what
                        + (r == EvictionReason.KEEPALIVE_FAILED ? " (idle keepalive validation, timeout 1 s)" : ""))) {
                    timeline.event("db", "warn", (n == 1 ? "connection" : n + " connections") + " evicted: " + what);
                }
            }
        }
    }

    @Override
    public void sample(long nowNanos) {
        long n = windowCount.sumThenReset();
        double sum = windowMs.sumThenReset();
        state.sample(n == 0 ? 0 : sum / n);
    }

    @Override
    public Map<String, Object> json(long nowNanos) {
        List<Map<String, Object>> conns = new ArrayList<>();
        Map<String, Object> counters = new LinkedHashMap<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (pool != null) {
            for (Map<String, Object> s : sessions) {
                int pid = (Integer) s.get("pid");
                boolean orphan = orphans.contains(pid);
                String st = orphan ? "dead" : "active".equals(s.get("state")) ? "active" : "idle";
                String detail = String.format(Locale.ROOT, "backend %.1f s old, client port %d", s.get("ageS"),
                        s.get("port")) + (orphan ? ", orphaned: its flow was dropped, the server still holds it" : "");
                conns.add(LayerState.connection("pid " + pid, st, detail));
            }
            orphans.retainAll(sessions.stream().map(s -> s.get("pid")).toList());
            PoolStats s = pool.stats();
            counters.put("borrows", s.borrows());
            counters.put("failures", failures.sum());
            counters.put("validations", s.validations());
            counters.put("keepalives", s.keepalives());
            counters.put("evictions", s.evicted());
            counters.put("backends killed", killed.sum());
            metrics.put("open connections", s.total());
            metrics.put("idle connections", s.idle());
            metrics.put("borrow wait ms", s.borrowWaitP50() == null ? null : s.borrowWaitP50().toNanos() / 1e6);
            metrics.put("select 1 ms", selectMs);
        }
        return state.json(conns, counters, metrics);
    }

    @Override
    public void close() {
        running = false;
        if (pool == null) {
            return;
        }
        worker.interrupt();
        watcher.interrupt();
        pool.close();
        proxy.close();
        adminLock.lock();
        try {
            closeAdmin();
        } finally {
            adminLock.unlock();
        }
    }
}
