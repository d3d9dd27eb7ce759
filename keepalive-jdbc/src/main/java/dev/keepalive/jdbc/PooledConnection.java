package dev.keepalive.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * What {@link KeepAlivePool#getConnection()} hands out: one object per borrow around the pool's physical
 * connection. It remembers what the borrower changed and left open, and whether the connection threw a
 * fatal error, so that {@link #close()} can clean up and return it, or have it evicted:
 * <ul>
 *   <li>statements still open are closed (their result sets with them);
 *   <li>a transaction that may hold work (auto-commit off and a statement executed since the last
 *       commit or rollback) is rolled back;
 *   <li>auto-commit, read-only, isolation, catalog, schema and network timeout, if changed, are set
 *       back to what the connection had when it was opened;
 *   <li>SQLState class 08 and the fatal codes of {@link Fatal} evict the connection instead.
 * </ul>
 * After close every method but {@code close}, {@code isClosed} and {@code isValid} throws 08003.
 * Like a driver's connection, one borrower uses it at a time; it is not for concurrent use.
 */
final class PooledConnection implements Connection {
    private static final int AUTO_COMMIT = 1;
    private static final int READ_ONLY = 2;
    private static final int ISOLATION = 4;
    private static final int CATALOG = 8;
    private static final int SCHEMA = 16;
    private static final int NETWORK_TIMEOUT = 32;

    private final KeepAlivePool pool;
    private final PoolEntry entry;
    private final Connection raw;
    private boolean closed;
    private int dirty;
    private boolean autoCommit;
    /** A statement ran since the last commit or rollback; package-private for the statement proxies. */
    boolean txDirty;
    private SQLException brokenBy;

    PooledConnection(KeepAlivePool pool, PoolEntry entry) {
        this.pool = pool;
        this.entry = entry;
        this.raw = entry.raw;
        this.autoCommit = entry.initialAutoCommit;
    }

    private Connection raw() throws SQLException {
        if (closed) {
            throw new SQLException("connection is closed: it went back to pool '" + pool.name() + "'", "08003");
        }
        return raw;
    }

    /** Notes a fatal error (the connection is evicted when returned) and gives {@code e} back to throw. */
    SQLException fail(SQLException e) {
        if (brokenBy == null && !closed && Fatal.isFatal(e)) {
            brokenBy = e;
        }
        return e;
    }

    private <S extends Statement> S track(S raw) {
        PoolEntry e = entry;
        if (e.openCount == e.openStatements.length) {
            e.openStatements = Arrays.copyOf(e.openStatements, e.openCount * 2);
        }
        e.openStatements[e.openCount++] = raw;
        return raw;
    }

    void untrack(Statement raw) {
        PoolEntry e = entry;
        Statement[] open = e.openStatements;
        // newest first: statements are usually closed in the reverse order they were made
        for (int i = e.openCount - 1; i >= 0; i--) {
            if (open[i] == raw) {
                int n = --e.openCount;
                System.arraycopy(open, i + 1, open, i, n - i);
                open[n] = null;
                return;
            }
        }
    }

    private void closeStatements() {
        PoolEntry e = entry;
        Statement[] open = e.openStatements;
        for (int i = e.openCount - 1; i >= 0; i--) {
            try {
                open[i].close();
            } catch (SQLException x) {
                fail(x); // a fatal error here still evicts the connection
            } catch (RuntimeException x) {
                // a driver bug in close must not keep the connection from going back
            }
            open[i] = null;
        }
        e.openCount = 0;
    }

    /** Cleans up and gives the connection back to the pool, or has it evicted. Idempotent. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        if (entry.openCount > 0) {
            closeStatements();
        }
        closed = true;
        if (brokenBy != null) {
            pool.giveBack(entry, EvictionReason.BROKEN, "SQLState " + brokenBy.getSQLState() + ": " + brokenBy.getMessage());
            return;
        }
        try {
            reset();
        } catch (SQLException e) {
            boolean fatal = Fatal.isFatal(e);
            pool.giveBack(entry, fatal ? EvictionReason.BROKEN : EvictionReason.RESET_FAILED,
                    "SQLState " + e.getSQLState() + " while resetting: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            pool.giveBack(entry, EvictionReason.RESET_FAILED, "driver bug while resetting: " + e);
            return;
        }
        pool.giveBack(entry, null, null);
    }

    private void reset() throws SQLException {
        if (txDirty && !autoCommit) {
            raw.rollback();
        }
        if (dirty != 0) {
            restoreSettings();
        }
        // warnings belong to this borrow; cleared locally by drivers, no round trip
        raw.clearWarnings();
    }

    private void restoreSettings() throws SQLException {
        if ((dirty & AUTO_COMMIT) != 0 && autoCommit != entry.initialAutoCommit) {
            raw.setAutoCommit(entry.initialAutoCommit);
        }
        if ((dirty & READ_ONLY) != 0) {
            raw.setReadOnly(entry.initialReadOnly);
        }
        if ((dirty & ISOLATION) != 0) {
            raw.setTransactionIsolation(entry.initialIsolation);
        }
        if ((dirty & CATALOG) != 0) {
            raw.setCatalog(entry.initialCatalog);
        }
        if ((dirty & SCHEMA) != 0) {
            raw.setSchema(entry.initialSchema);
        }
        if ((dirty & NETWORK_TIMEOUT) != 0) {
            raw.setNetworkTimeout(Runnable::run, entry.initialNetworkTimeout);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isValid(int timeoutSeconds) throws SQLException {
        return !closed && raw.isValid(timeoutSeconds);
    }

    /** Kills the physical connection (JDBC 4.1): it is evicted, not returned. */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            raw.abort(executor);
        } finally {
            pool.giveBack(entry, EvictionReason.BROKEN, "aborted by its borrower");
        }
    }

    // Every statement is wrapped, and the driver's own is tracked so a return can close it.
    @Override public Statement createStatement() throws SQLException { try { return new ProxyStatement(this, track(raw().createStatement())); } catch (SQLException e) { throw fail(e); } }
    @Override public Statement createStatement(int type, int concurrency) throws SQLException { try { return new ProxyStatement(this, track(raw().createStatement(type, concurrency))); } catch (SQLException e) { throw fail(e); } }
    @Override public Statement createStatement(int type, int concurrency, int holdability) throws SQLException { try { return new ProxyStatement(this, track(raw().createStatement(type, concurrency, holdability))); } catch (SQLException e) { throw fail(e); } }
    @Override public PreparedStatement prepareStatement(String sql) throws SQLException { try { return new ProxyPreparedStatement(this, track(raw().prepareStatement(sql))); } catch (SQLException e) { throw fail(e); } }
    @Override public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException { try { return new ProxyPreparedStatement(this, track(raw().prepareStatement(sql, type, concurrency))); } catch (SQLException e) { throw fail(e); } }
    @Override public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException { try { return new ProxyPreparedStatement(this, track(raw().prepareStatement(sql, type, concurrency, holdability))); } catch (SQLException e) { throw fail(e); } }
    @Override public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException { try { return new ProxyPreparedStatement(this, track(raw().prepareStatement(sql, autoGeneratedKeys))); } catch (SQLException e) { throw fail(e); } }
    @Override public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException { try { return new ProxyPreparedStatement(this, track(raw().prepareStatement(sql, columnIndexes))); } catch (SQLException e) { throw fail(e); } }
    @Override public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException { try { return new ProxyPreparedStatement(this, track(raw().prepareStatement(sql, columnNames))); } catch (SQLException e) { throw fail(e); } }
    @Override public CallableStatement prepareCall(String sql) throws SQLException { try { return new ProxyCallableStatement(this, track(raw().prepareCall(sql))); } catch (SQLException e) { throw fail(e); } }
    @Override public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException { try { return new ProxyCallableStatement(this, track(raw().prepareCall(sql, type, concurrency))); } catch (SQLException e) { throw fail(e); } }
    @Override public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException { try { return new ProxyCallableStatement(this, track(raw().prepareCall(sql, type, concurrency, holdability))); } catch (SQLException e) { throw fail(e); } }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        try { return new ProxyDatabaseMetaData(this, raw().getMetaData()); } catch (SQLException e) { throw fail(e); }
    }

    @Override
    public void setAutoCommit(boolean on) throws SQLException {
        try {
            raw().setAutoCommit(on);
        } catch (SQLException e) {
            throw fail(e);
        }
        if (on && !autoCommit) {
            txDirty = false; // switching auto-commit on commits the open transaction (JDBC 4.3 §10.1.1)
        }
        autoCommit = on;
        dirty |= AUTO_COMMIT;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        raw();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        try { raw().commit(); } catch (SQLException e) { throw fail(e); }
        txDirty = false;
    }

    @Override
    public void rollback() throws SQLException {
        try { raw().rollback(); } catch (SQLException e) { throw fail(e); }
        txDirty = false;
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        try { raw().setReadOnly(readOnly); } catch (SQLException e) { throw fail(e); }
        dirty |= READ_ONLY;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        try {
            Connection c = raw();
            if (!entry.isolationKnown) {
                entry.initialIsolation = c.getTransactionIsolation();
                entry.isolationKnown = true;
            }
            c.setTransactionIsolation(level);
        } catch (SQLException e) {
            throw fail(e);
        }
        dirty |= ISOLATION;
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        try {
            Connection c = raw();
            if (!entry.catalogKnown) {
                entry.initialCatalog = c.getCatalog();
                entry.catalogKnown = true;
            }
            c.setCatalog(catalog);
        } catch (SQLException e) {
            throw fail(e);
        }
        dirty |= CATALOG;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        try {
            Connection c = raw();
            if (!entry.schemaKnown) {
                entry.initialSchema = c.getSchema();
                entry.schemaKnown = true;
            }
            c.setSchema(schema);
        } catch (SQLException e) {
            throw fail(e);
        }
        dirty |= SCHEMA;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        try {
            Connection c = raw();
            if (!entry.networkTimeoutKnown) {
                entry.initialNetworkTimeout = c.getNetworkTimeout();
                entry.networkTimeoutKnown = true;
            }
            c.setNetworkTimeout(executor, milliseconds);
        } catch (SQLException e) {
            throw fail(e);
        }
        dirty |= NETWORK_TIMEOUT;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("connection is closed: it went back to pool '" + pool.name() + "'", "08003", null);
        }
        try { raw.setClientInfo(name, value); } catch (SQLClientInfoException e) { fail(e); throw e; }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("connection is closed: it went back to pool '" + pool.name() + "'", "08003", null);
        }
        try { raw.setClientInfo(properties); } catch (SQLClientInfoException e) { fail(e); throw e; }
    }

    /** Unwraps to the driver's connection too: the caller then owns what it does with it. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        Connection c = raw();
        return iface.isInstance(c) ? iface.cast(c) : c.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        Connection c = raw();
        return iface.isInstance(c) || c.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "PooledConnection[pool=" + pool.name() + ", " + entry + (closed ? ", returned" : "") + "]";
    }

    // Plain delegation, one line each.
    @Override public String nativeSQL(String p0) throws SQLException { try { return raw().nativeSQL(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean isReadOnly() throws SQLException { try { return raw().isReadOnly(); } catch (SQLException e) { throw fail(e); } }
    @Override public String getCatalog() throws SQLException { try { return raw().getCatalog(); } catch (SQLException e) { throw fail(e); } }
    @Override public int getTransactionIsolation() throws SQLException { try { return raw().getTransactionIsolation(); } catch (SQLException e) { throw fail(e); } }
    @Override public SQLWarning getWarnings() throws SQLException { try { return raw().getWarnings(); } catch (SQLException e) { throw fail(e); } }
    @Override public void clearWarnings() throws SQLException { try { raw().clearWarnings(); } catch (SQLException e) { throw fail(e); } }
    @Override public Map<String, Class<?>> getTypeMap() throws SQLException { try { return raw().getTypeMap(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setTypeMap(Map<String, Class<?>> p0) throws SQLException { try { raw().setTypeMap(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void setHoldability(int p0) throws SQLException { try { raw().setHoldability(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public int getHoldability() throws SQLException { try { return raw().getHoldability(); } catch (SQLException e) { throw fail(e); } }
    @Override public Savepoint setSavepoint() throws SQLException { try { return raw().setSavepoint(); } catch (SQLException e) { throw fail(e); } }
    @Override public Savepoint setSavepoint(String p0) throws SQLException { try { return raw().setSavepoint(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void rollback(Savepoint p0) throws SQLException { try { raw().rollback(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void releaseSavepoint(Savepoint p0) throws SQLException { try { raw().releaseSavepoint(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Clob createClob() throws SQLException { try { return raw().createClob(); } catch (SQLException e) { throw fail(e); } }
    @Override public Blob createBlob() throws SQLException { try { return raw().createBlob(); } catch (SQLException e) { throw fail(e); } }
    @Override public NClob createNClob() throws SQLException { try { return raw().createNClob(); } catch (SQLException e) { throw fail(e); } }
    @Override public SQLXML createSQLXML() throws SQLException { try { return raw().createSQLXML(); } catch (SQLException e) { throw fail(e); } }
    @Override public String getClientInfo(String p0) throws SQLException { try { return raw().getClientInfo(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Properties getClientInfo() throws SQLException { try { return raw().getClientInfo(); } catch (SQLException e) { throw fail(e); } }
    @Override public Array createArrayOf(String p0, Object[] p1) throws SQLException { try { return raw().createArrayOf(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Struct createStruct(String p0, Object[] p1) throws SQLException { try { return raw().createStruct(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public String getSchema() throws SQLException { try { return raw().getSchema(); } catch (SQLException e) { throw fail(e); } }
    @Override public int getNetworkTimeout() throws SQLException { try { return raw().getNetworkTimeout(); } catch (SQLException e) { throw fail(e); } }
    @Override public void beginRequest() throws SQLException { try { raw().beginRequest(); } catch (SQLException e) { throw fail(e); } }
    @Override public void endRequest() throws SQLException { try { raw().endRequest(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean setShardingKeyIfValid(ShardingKey p0, ShardingKey p1, int p2) throws SQLException { try { return raw().setShardingKeyIfValid(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean setShardingKeyIfValid(ShardingKey p0, int p1) throws SQLException { try { return raw().setShardingKeyIfValid(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setShardingKey(ShardingKey p0, ShardingKey p1) throws SQLException { try { raw().setShardingKey(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setShardingKey(ShardingKey p0) throws SQLException { try { raw().setShardingKey(p0); } catch (SQLException e) { throw fail(e); } }
}
