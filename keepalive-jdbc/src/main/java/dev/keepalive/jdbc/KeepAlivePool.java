package dev.keepalive.jdbc;

import dev.keepalive.core.Ticker;
import dev.keepalive.jdbc.PoolEntry.State;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A JDBC connection pool that keeps idle connections alive and never hands out a dead one.
 *
 * <ul>
 *   <li><b>Keepalive</b>: every idle connection is validated once per keepalive time (±10 % jitter per
 *       connection), never while borrowed; one that fails is closed and replaced in the background.
 *   <li><b>Validation on borrow</b> after {@code validateAfterIdle} (500 ms) of idleness: a dead
 *       connection is replaced within the caller's {@code connectionTimeout}, invisibly.
 *   <li><b>Eviction on return</b> of connections that threw SQLState class 08 or PostgreSQL's 57P0x,
 *       and of connections past their (jittered) max lifetime; never under a borrower.
 *   <li><b>Clean returns</b>: open statements closed, uncommitted work rolled back, changed settings
 *       restored.
 * </ul>
 *
 * <pre>
 *   start() ──► RUNNING ──close()/shutdown(t)──► DRAINING ──all returned, or t passed──► CLOSED
 *      │          borrow / return / keepalive      no new borrows; idle closed;
 *      │                                           returns closed; after t the rest closed
 *      └─ first connection fails: SQLException, no pool
 * </pre>
 *
 * Two platform threads per pool: a connector (opens connections) and a housekeeper (keepalive, idle
 * timeout, lifetime, leak detection, closing evicted connections). Borrowing and returning take no
 * lock; waits are first come, first served.
 */
public final class KeepAlivePool implements DataSource, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.jdbc");

    private final PoolOptions options;
    private final Ticker ticker;
    final ConnectionBag bag = new ConnectionBag();
    final Counters counters = new Counters();
    private final BorrowWaits waits = new BorrowWaits();
    private final Connector connector;
    private final Housekeeper housekeeper;
    final Validator validator;
    private final Loop connectorLoop;
    private final Loop housekeeperLoop;
    private final long connectionTimeoutNanos;
    private final long validationTimeoutNanos;
    private final long validateAfterIdleNanos;
    private final long leakNanos;
    private volatile boolean shut;
    private volatile PrintWriter logWriter;

    private KeepAlivePool(PoolOptions options, Ticker ticker, boolean threads) {
        this.options = options;
        this.ticker = ticker;
        this.connectionTimeoutNanos = options.connectionTimeout().toNanos();
        this.validationTimeoutNanos = options.validationTimeout().toNanos();
        this.validateAfterIdleNanos = options.validateAfterIdle().toNanos();
        this.leakNanos = options.leakDetectionThreshold().toNanos();
        this.connector = new Connector(this, options);
        this.validator = new Validator(options.testQuery(), ticker);
        this.housekeeper = new Housekeeper(this, options, ticker.nanoTime());
        String prefix = "kal-pool-" + options.poolName();
        this.connectorLoop = threads ? new Loop(prefix + "-connector", ticker, connector::fill) : null;
        this.housekeeperLoop = threads ? new Loop(prefix + "-housekeeper", ticker, housekeeper::maintain) : null;
    }

    /**
     * Opens the first connection (so a wrong URL, password or driver fails here, with the driver's
     * error) and starts filling the pool in the background.
     */
    public static KeepAlivePool start(PoolOptions options) throws SQLException {
        return start(options, Ticker.system());
    }

    /** As {@link #start(PoolOptions)} with a {@link Ticker} for all timing decisions. */
    public static KeepAlivePool start(PoolOptions options, Ticker ticker) throws SQLException {
        KeepAlivePool pool = new KeepAlivePool(options, ticker, true);
        try {
            pool.adopt(pool.connector.open(ticker.nanoTime()));
        } catch (SQLException e) {
            throw new SQLException("pool '" + options.poolName() + "' cannot open a connection to "
                    + pool.connector.target() + ": " + Connector.oneLine(e), e.getSQLState(), e.getErrorCode(), e);
        }
        pool.connectorLoop.start();
        pool.housekeeperLoop.start();
        if (LOG.isLoggable(System.Logger.Level.INFO)) {
            LOG.log(System.Logger.Level.INFO, "pool_start pool=" + options.poolName() + " " + options);
        }
        return pool;
    }

    /** A pool with no threads and no connection yet: tests drive {@link #fill} and {@link #maintain}. */
    static KeepAlivePool manual(PoolOptions options, Ticker ticker) {
        return new KeepAlivePool(options, ticker, false);
    }

    /**
     * A connection from the pool, alive: idle ones are validated first when they sat longer than
     * {@code validateAfterIdle}, and dead ones replaced, all within {@code connectionTimeout}.
     *
     * @throws SQLTransientConnectionException after {@code connectionTimeout}, saying how many
     *         connections were in use and waiting, and the last connection error if there was one
     */
    @Override
    public Connection getConnection() throws SQLException {
        if (shut) {
            throw closedError();
        }
        long start = ticker.nanoTime();
        PoolEntry e = bag.tryBorrow();
        if (e != null && validateAfterIdleNanos > 0 && start - e.lastAccess < validateAfterIdleNanos) {
            waits.immediate();
            return lend(e, start);
        }
        return borrowSlowly(e, start);
    }

    private Connection borrowSlowly(PoolEntry e, long start) throws SQLException {
        long deadline = start + connectionTimeoutNanos;
        for (;;) {
            if (e == null) {
                if (shut) {
                    throw closedError();
                }
                try {
                    e = bag.await(deadline, ticker, this::wakeConnectorIfRoom);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for a connection from pool '" + name() + "'", x);
                } catch (ConnectionBag.ShutException x) {
                    throw closedError();
                }
                if (e == null) {
                    counters.timeouts.increment();
                    throw timeoutError(start);
                }
            }
            long now = ticker.nanoTime();
            if (validateAfterIdleNanos == 0 || now - e.lastAccess >= validateAfterIdleNanos) {
                counters.validations.increment();
                String problem = validator.validate(e, Math.max(1_000_000L, Math.min(validationTimeoutNanos, deadline - now)));
                if (problem != null) {
                    counters.validationFailures.increment();
                    e.close();
                    evict(e, EvictionReason.VALIDATION_FAILED, problem + " (idle for " + Housekeeper.ms(now - e.lastAccess) + ")");
                    e = null;
                    continue;
                }
                e.lastAccess = ticker.nanoTime();
            }
            now = ticker.nanoTime();
            waits.waited(now - start);
            return lend(e, now);
        }
    }

    /** After a borrower queued: the connector may open one more (it counts waiters as demand). */
    private void wakeConnectorIfRoom() {
        if (connectorLoop != null && bag.size() < options.maximumPoolSize()) {
            connectorLoop.wake();
        }
    }

    private Connection lend(PoolEntry e, long now) {
        if (leakNanos > 0) {
            e.borrowedAt = now;
            e.borrowedBy = new Throwable("connection #" + e.id + " borrowed by " + Thread.currentThread());
            e.leakReported = false;
            long seq = ++e.borrowSeq;
            housekeeper.watch(e, seq, now);
        }
        return new PooledConnection(this, e);
    }

    /** Called once per borrow by {@link PooledConnection}: back to the pool, or evicted for {@code reason}. */
    void giveBack(PoolEntry e, EvictionReason reason, String evidence) {
        counters.returns.increment();
        long now = ticker.nanoTime();
        if (e.leakReported && LOG.isLoggable(System.Logger.Level.INFO)) {
            LOG.log(System.Logger.Level.INFO, "pool_leak_returned pool=" + name() + " connection=#" + e.id
                    + " borrowed_for=" + Housekeeper.ms(now - e.borrowedAt));
        }
        if (reason == null) {
            if (e.retired(now)) {
                reason = EvictionReason.MAX_LIFETIME;
                evidence = "open for " + Housekeeper.ms(now - e.createdAt);
            } else if (shut) {
                reason = EvictionReason.SHUTDOWN;
                evidence = "returned while the pool shuts down";
            } else {
                e.lastAccess = now;
                bag.release(e, State.BORROWED);
                return;
            }
        }
        e.close();
        evict(e, reason, evidence);
    }

    /** Removes an entry its caller has marked CLOSED, counts and logs why, and has it closed and replaced. */
    void evict(PoolEntry e, EvictionReason reason, String evidence) {
        if (!bag.remove(e)) {
            return;
        }
        counters.evictions.increment(reason);
        System.Logger.Level level = switch (reason) {
            case KEEPALIVE_FAILED, VALIDATION_FAILED, BROKEN, RESET_FAILED -> System.Logger.Level.INFO;
            default -> System.Logger.Level.DEBUG;
        };
        if (LOG.isLoggable(level)) {
            LOG.log(level, "pool_evict pool=" + name() + " connection=#" + e.id + " reason=" + reason
                    + " age=" + Housekeeper.ms(ticker.nanoTime() - e.createdAt) + " evidence=" + evidence);
        }
        housekeeper.retire(e);
        if (housekeeperLoop != null) {
            housekeeperLoop.wake();
        }
        if (connectorLoop != null && !shut) {
            connectorLoop.wake();
        }
    }

    /** A new connection from the connector: into the bag (or straight to a waiter), and onto the wheel. */
    void adopt(PoolEntry e) {
        if (shut) {
            e.close();
            Housekeeper.closeQuietly(e);
            return;
        }
        bag.add(e);
        housekeeper.adopted(e);
        if (housekeeperLoop != null) {
            housekeeperLoop.wake();
        }
    }

    /** Whether the connector should open another connection now. */
    boolean needsConnection() {
        int total = bag.size();
        return !shut && total < options.maximumPoolSize()
                && (bag.count(State.IDLE) < options.minimumIdle() || bag.waiting() > 0);
    }

    private SQLException timeoutError(long start) {
        long waited = (ticker.nanoTime() - start) / 1_000_000;
        int total = bag.size();
        int idle = bag.count(State.IDLE);
        Connector.Failure f = connector.lastFailure();
        if (f != null) {
            return new SQLTransientConnectionException("pool '" + name() + "' has no connection after " + waited + " ms: "
                    + total + "/" + options.maximumPoolSize() + " open, " + bag.waiting() + " waiting; last attempt to connect failed "
                    + Housekeeper.ms(ticker.nanoTime() - f.atNanos()) + " ago: " + Connector.oneLine(f.error()),
                    f.error().getSQLState(), f.error());
        }
        return new SQLTransientConnectionException("pool '" + name() + "' exhausted: " + (total - idle) + "/"
                + options.maximumPoolSize() + " in use, " + bag.waiting() + " waiting, waited " + waited + " ms");
    }

    private SQLException closedError() {
        return new SQLException("pool '" + name() + "' is closed", "08003");
    }

    /** A snapshot of the gauges and counters. */
    public PoolStats stats() {
        int total = bag.size();
        int idle = bag.count(State.IDLE);
        int probing = bag.count(State.PROBING);
        return new PoolStats(name(), total, Math.max(0, total - idle - probing), idle, probing, bag.waiting(),
                waits.count(), counters.returns.sum(), counters.timeouts.sum(),
                Duration.ofNanos(waits.percentile(0.5)), Duration.ofNanos(waits.percentile(0.99)),
                Duration.ofNanos(waits.max()), counters.validations.sum(), counters.validationFailures.sum(),
                counters.keepalives.sum(), counters.keepaliveFailures.sum(), counters.opened.sum(),
                counters.openFailures.sum(), counters.leaks.sum(), counters.evictions.snapshot());
    }

    public PoolOptions options() {
        return options;
    }

    String name() {
        return options.poolName();
    }

    Ticker ticker() {
        return ticker;
    }

    boolean isShut() {
        return shut;
    }

    /** Test hook: one run of the connector. */
    long fill(long nowNanos) {
        return connector.fill(nowNanos);
    }

    /** Test hook: opens one connection now, whatever the pool needs. */
    void openConnection(long nowNanos) throws SQLException {
        adopt(connector.open(nowNanos));
    }

    /** Test hook: one run of the housekeeper. */
    long maintain(long nowNanos) {
        return housekeeper.maintain(nowNanos);
    }

    /** Shuts down, waiting up to {@code shutdownTimeout} for borrowed connections. */
    @Override
    public void close() {
        shutdown(options.shutdownTimeout());
    }

    /**
     * Refuses new borrows (waiting ones fail at once), closes idle connections and closes borrowed
     * ones as they come back. After {@code timeout} the rest are closed under their borrowers.
     * Returns whether every borrowed connection came back in time. Idempotent.
     */
    public boolean shutdown(Duration timeout) {
        if (shut) {
            return bag.size() == 0;
        }
        shut = true;
        bag.shut();
        if (connectorLoop != null) {
            connectorLoop.stop(timeout.toMillis());
        }
        long deadline = ticker.nanoTime() + timeout.toNanos();
        boolean drained = true;
        for (;;) {
            for (PoolEntry e : bag.entries()) {
                if (e.compareAndSet(State.IDLE, State.CLOSED)) {
                    evict(e, EvictionReason.SHUTDOWN, "idle at shutdown");
                }
            }
            if (bag.size() == 0) {
                break;
            }
            if (ticker.nanoTime() - deadline >= 0) {
                for (PoolEntry e : bag.entries()) {
                    if (e.close() != State.CLOSED) {
                        drained = false;
                        evict(e, EvictionReason.SHUTDOWN, "still borrowed after the shutdown timeout");
                    }
                }
                break;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                deadline = ticker.nanoTime(); // close the rest now
            }
        }
        if (housekeeperLoop != null) {
            housekeeperLoop.stop(timeout.toMillis() + 1000);
        }
        housekeeper.closeRetired();
        if (LOG.isLoggable(System.Logger.Level.INFO)) {
            LOG.log(System.Logger.Level.INFO, "pool_shutdown pool=" + name() + " drained=" + drained + " stats=" + stats());
        }
        return drained;
    }

    /** Not supported: a pool's connections all use the credentials of its {@link PoolOptions}. */
    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("pool '" + name() + "' connects as its configured user only");
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** Kept for the DataSource contract; the pool logs through System.Logger "dev.keepalive.jdbc". */
    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    /** Not supported: the pool's wait is {@code connectionTimeout}, fixed in {@link PoolOptions}. */
    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("pool options are immutable: set connectionTimeout in PoolOptions");
    }

    /** {@code connectionTimeout} in whole seconds, rounded up. */
    @Override
    public int getLoginTimeout() {
        return (int) Math.min(Integer.MAX_VALUE, (connectionTimeoutNanos + 999_999_999L) / 1_000_000_000L);
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("dev.keepalive.jdbc");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (options.dataSource() != null && iface.isInstance(options.dataSource())) {
            return iface.cast(options.dataSource());
        }
        throw new SQLException("pool '" + name() + "' does not wrap a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || (options.dataSource() != null && iface.isInstance(options.dataSource()));
    }

    @Override
    public String toString() {
        return "KeepAlivePool[" + name() + "]";
    }
}
