package dev.keepalive.jdbc;

import dev.keepalive.core.Backoff;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens the pool's physical connections, one at a time on the pool's connector thread: up to
 * {@code minimumIdle} idle ones, and one more whenever a borrower waits and the pool is below its
 * maximum. Borrowers never open connections themselves, so a slow or dead database costs them their
 * {@code connectionTimeout} and no more.
 *
 * <p>Failed attempts back off with full jitter ({@link Backoff}: 50 ms doubling up to 5 s, or half the
 * connection timeout if that is less) so a restarting database is not hammered; the last failure is
 * kept as the evidence in borrowers' timeout errors.
 */
final class Connector {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.jdbc");

    /** The last failed attempt to open a connection, for timeout messages. */
    record Failure(long atNanos, SQLException error) {
    }

    private final KeepAlivePool pool;
    private final PoolOptions options;
    private final Backoff.Attempts attempts;
    private final AtomicLong ids = new AtomicLong();
    private volatile Driver driver;
    private volatile Failure lastFailure;
    private long retryAt;
    private boolean retrying;

    Connector(KeepAlivePool pool, PoolOptions options) {
        this.pool = pool;
        this.options = options;
        Duration cap = options.connectionTimeout().dividedBy(2);
        cap = cap.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : cap;
        cap = cap.isZero() ? Duration.ofMillis(1) : cap;
        Duration base = cap.compareTo(Duration.ofMillis(50)) < 0 ? cap : Duration.ofMillis(50);
        this.attempts = Backoff.of(base, cap, Duration.ZERO).attempts();
    }

    Failure lastFailure() {
        return lastFailure;
    }

    /**
     * Opens one connection if the pool needs one and no backoff is running; returns the delay until it
     * wants to run again: 0 at once (it may need more), -1 when nothing is needed (wake it), else the
     * backoff left.
     */
    long fill(long nowNanos) {
        if (pool.isShut()) {
            return -1;
        }
        if (retrying && nowNanos - retryAt < 0) {
            return retryAt - nowNanos;
        }
        if (!pool.needsConnection()) {
            return -1;
        }
        try {
            pool.adopt(open(nowNanos));
            lastFailure = null;
            retrying = false;
            attempts.reset();
            return 0;
        } catch (SQLException e) {
            long delay = attempts.nextDelayNanos();
            retrying = true;
            retryAt = nowNanos + delay;
            return Math.max(1, delay);
        }
    }

    /** Opens, initialises and wraps one connection; the entry starts BORROWED by the caller. */
    PoolEntry open(long nowNanos) throws SQLException {
        Connection c;
        try {
            c = connect();
        } catch (SQLException e) {
            lastFailure = new Failure(nowNanos, e);
            pool.counters.openFailures.increment();
            if (LOG.isLoggable(System.Logger.Level.WARNING)) {
                LOG.log(System.Logger.Level.WARNING, "pool_connect_failed pool=" + options.poolName() + " target="
                        + target() + " sqlstate=" + e.getSQLState() + " error=" + oneLine(e));
            }
            throw e;
        }
        try {
            if (options.initSql() != null) {
                try (Statement s = c.createStatement()) {
                    s.execute(options.initSql());
                }
            }
            boolean autoCommit = c.getAutoCommit();
            boolean readOnly = c.isReadOnly();
            long now = pool.ticker().nanoTime();
            PoolEntry e = new PoolEntry(ids.incrementAndGet(), c, now, retireAt(now), keepaliveNanos(),
                    autoCommit, readOnly);
            pool.counters.opened.increment();
            return e;
        } catch (SQLException e) {
            lastFailure = new Failure(nowNanos, e);
            pool.counters.openFailures.increment();
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (LOG.isLoggable(System.Logger.Level.WARNING)) {
                LOG.log(System.Logger.Level.WARNING, "pool_connect_failed pool=" + options.poolName()
                        + " target=" + target() + " stage=init sqlstate=" + e.getSQLState() + " error=" + oneLine(e));
            }
            throw e;
        }
    }

    private Connection connect() throws SQLException {
        if (options.dataSource() != null) {
            return options.user() == null
                    ? options.dataSource().getConnection()
                    : options.dataSource().getConnection(options.user(), options.password());
        }
        Properties props = new Properties();
        props.putAll(options.properties());
        if (options.user() != null) {
            props.setProperty("user", options.user());
        }
        if (options.password() != null) {
            props.setProperty("password", options.password());
        }
        Connection c = driver().connect(options.jdbcUrl(), props);
        if (c == null) {
            throw new SQLException("driver " + driver().getClass().getName() + " does not accept " + options.jdbcUrl(),
                    "08001");
        }
        return c;
    }

    private Driver driver() throws SQLException {
        Driver d = driver;
        if (d != null) {
            return d;
        }
        String name = options.driverClassName();
        if (name == null) {
            d = DriverManager.getDriver(options.jdbcUrl()); // SQLState 08001 "No suitable driver"
        } else {
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                Class<?> type = Class.forName(name, true, loader != null ? loader : Connector.class.getClassLoader());
                d = (Driver) type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new SQLException("cannot load JDBC driver class '" + name + "': " + e, "08001", e);
            }
        }
        driver = d;
        return d;
    }

    /** Max lifetime minus up to 2.5 % jitter, so connections opened together do not retire together. */
    private long retireAt(long now) {
        long life = options.maxLifetime().toNanos();
        if (life == 0) {
            return PoolEntry.NEVER;
        }
        long jitter = ThreadLocalRandom.current().nextLong(life / 40 + 1);
        return now + life - jitter;
    }

    /** Keepalive time ±10 %, drawn once per connection (STYLE.md rule 5). */
    private long keepaliveNanos() {
        long k = options.keepaliveTime().toNanos();
        if (k == 0) {
            return 0;
        }
        long spread = k / 10;
        return k - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1);
    }

    String target() {
        return options.jdbcUrl() != null ? options.jdbcUrl() : String.valueOf(options.dataSource());
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        return (m == null || m.isBlank() ? t.getClass().getSimpleName() : m).strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
