package dev.keepalive.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * The statements borrowers see. Executing marks the transaction dirty (so a return rolls back only
 * when there may be something to roll back), errors pass through {@link PooledConnection#fail}, result
 * sets come back wrapped, and closing untracks the statement so the pool closes only the ones left open.
 */
class ProxyStatement implements Statement {
    final PooledConnection conn;
    private final Statement st;
    private boolean closed;

    ProxyStatement(PooledConnection conn, Statement st) {
        this.conn = conn;
        this.st = st;
    }

    final SQLException fail(SQLException e) {
        return conn.fail(e);
    }

    final ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new ProxyResultSet(conn, this, rs);
    }

    @Override
    public final void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        conn.untrack(st);
        try {
            st.close();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override public final boolean isClosed() throws SQLException { return closed || st.isClosed(); }
    @Override public final Connection getConnection() { return conn; }
    @Override public final <T> T unwrap(Class<T> iface) throws SQLException { return iface.isInstance(st) ? iface.cast(st) : st.unwrap(iface); }
    @Override public final boolean isWrapperFor(Class<?> iface) throws SQLException { return iface.isInstance(st) || st.isWrapperFor(iface); }

    @Override public ResultSet executeQuery(String p0) throws SQLException { try { conn.txDirty = true; return wrap(st.executeQuery(p0)); } catch (SQLException e) { throw fail(e); } }
    @Override public int executeUpdate(String p0) throws SQLException { try { conn.txDirty = true; return st.executeUpdate(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public int getMaxFieldSize() throws SQLException { try { return st.getMaxFieldSize(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setMaxFieldSize(int p0) throws SQLException { try { st.setMaxFieldSize(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public int getMaxRows() throws SQLException { try { return st.getMaxRows(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setMaxRows(int p0) throws SQLException { try { st.setMaxRows(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void setEscapeProcessing(boolean p0) throws SQLException { try { st.setEscapeProcessing(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public int getQueryTimeout() throws SQLException { try { return st.getQueryTimeout(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setQueryTimeout(int p0) throws SQLException { try { st.setQueryTimeout(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void cancel() throws SQLException { try { st.cancel(); } catch (SQLException e) { throw fail(e); } }
    @Override public SQLWarning getWarnings() throws SQLException { try { return st.getWarnings(); } catch (SQLException e) { throw fail(e); } }
    @Override public void clearWarnings() throws SQLException { try { st.clearWarnings(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setCursorName(String p0) throws SQLException { try { st.setCursorName(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean execute(String p0) throws SQLException { try { conn.txDirty = true; return st.execute(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public ResultSet getResultSet() throws SQLException { try { return wrap(st.getResultSet()); } catch (SQLException e) { throw fail(e); } }
    @Override public int getUpdateCount() throws SQLException { try { return st.getUpdateCount(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean getMoreResults() throws SQLException { try { return st.getMoreResults(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setFetchDirection(int p0) throws SQLException { try { st.setFetchDirection(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public int getFetchDirection() throws SQLException { try { return st.getFetchDirection(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setFetchSize(int p0) throws SQLException { try { st.setFetchSize(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public int getFetchSize() throws SQLException { try { return st.getFetchSize(); } catch (SQLException e) { throw fail(e); } }
    @Override public int getResultSetConcurrency() throws SQLException { try { return st.getResultSetConcurrency(); } catch (SQLException e) { throw fail(e); } }
    @Override public int getResultSetType() throws SQLException { try { return st.getResultSetType(); } catch (SQLException e) { throw fail(e); } }
    @Override public void addBatch(String p0) throws SQLException { try { st.addBatch(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void clearBatch() throws SQLException { try { st.clearBatch(); } catch (SQLException e) { throw fail(e); } }
    @Override public int[] executeBatch() throws SQLException { try { conn.txDirty = true; return st.executeBatch(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean getMoreResults(int p0) throws SQLException { try { return st.getMoreResults(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public ResultSet getGeneratedKeys() throws SQLException { try { return wrap(st.getGeneratedKeys()); } catch (SQLException e) { throw fail(e); } }
    @Override public int executeUpdate(String p0, int p1) throws SQLException { try { conn.txDirty = true; return st.executeUpdate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public int executeUpdate(String p0, int[] p1) throws SQLException { try { conn.txDirty = true; return st.executeUpdate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public int executeUpdate(String p0, String[] p1) throws SQLException { try { conn.txDirty = true; return st.executeUpdate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean execute(String p0, int p1) throws SQLException { try { conn.txDirty = true; return st.execute(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean execute(String p0, int[] p1) throws SQLException { try { conn.txDirty = true; return st.execute(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean execute(String p0, String[] p1) throws SQLException { try { conn.txDirty = true; return st.execute(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public int getResultSetHoldability() throws SQLException { try { return st.getResultSetHoldability(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setPoolable(boolean p0) throws SQLException { try { st.setPoolable(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean isPoolable() throws SQLException { try { return st.isPoolable(); } catch (SQLException e) { throw fail(e); } }
    @Override public void closeOnCompletion() throws SQLException { try { st.closeOnCompletion(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean isCloseOnCompletion() throws SQLException { try { return st.isCloseOnCompletion(); } catch (SQLException e) { throw fail(e); } }
    @Override public long getLargeUpdateCount() throws SQLException { try { return st.getLargeUpdateCount(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setLargeMaxRows(long p0) throws SQLException { try { st.setLargeMaxRows(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public long getLargeMaxRows() throws SQLException { try { return st.getLargeMaxRows(); } catch (SQLException e) { throw fail(e); } }
    @Override public long[] executeLargeBatch() throws SQLException { try { conn.txDirty = true; return st.executeLargeBatch(); } catch (SQLException e) { throw fail(e); } }
    @Override public long executeLargeUpdate(String p0) throws SQLException { try { conn.txDirty = true; return st.executeLargeUpdate(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public long executeLargeUpdate(String p0, int p1) throws SQLException { try { conn.txDirty = true; return st.executeLargeUpdate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public long executeLargeUpdate(String p0, int[] p1) throws SQLException { try { conn.txDirty = true; return st.executeLargeUpdate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public long executeLargeUpdate(String p0, String[] p1) throws SQLException { try { conn.txDirty = true; return st.executeLargeUpdate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public String enquoteLiteral(String p0) throws SQLException { try { return st.enquoteLiteral(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public String enquoteIdentifier(String p0, boolean p1) throws SQLException { try { return st.enquoteIdentifier(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean isSimpleIdentifier(String p0) throws SQLException { try { return st.isSimpleIdentifier(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public String enquoteNCharLiteral(String p0) throws SQLException { try { return st.enquoteNCharLiteral(p0); } catch (SQLException e) { throw fail(e); } }
}
