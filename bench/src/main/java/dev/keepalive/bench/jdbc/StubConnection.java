package dev.keepalive.bench.jdbc;

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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/** A connection that does nothing, instantly: the pool is all that is measured. One line per method. */
class StubConnection implements Connection {
    private boolean autoCommit = true;
    private boolean closed;
    private int isolation = TRANSACTION_READ_COMMITTED;
    private int networkTimeout;

    @Override public Statement createStatement() throws SQLException { return new StubStatement(this); }
    @Override public PreparedStatement prepareStatement(String p0) throws SQLException { return new StubPreparedStatement(this); }
    @Override public CallableStatement prepareCall(String p0) throws SQLException { return null; }
    @Override public String nativeSQL(String p0) throws SQLException { return null; }
    @Override public void setAutoCommit(boolean p0) throws SQLException { autoCommit = p0; }
    @Override public boolean getAutoCommit() throws SQLException { return autoCommit; }
    @Override public void commit() throws SQLException { }
    @Override public void rollback() throws SQLException { }
    @Override public void close() throws SQLException { closed = true; }
    @Override public boolean isClosed() throws SQLException { return closed; }
    @Override public DatabaseMetaData getMetaData() throws SQLException { return null; }
    @Override public void setReadOnly(boolean p0) throws SQLException { }
    @Override public boolean isReadOnly() throws SQLException { return false; }
    @Override public void setCatalog(String p0) throws SQLException { }
    @Override public String getCatalog() throws SQLException { return null; }
    @Override public void setTransactionIsolation(int p0) throws SQLException { isolation = p0; }
    @Override public int getTransactionIsolation() throws SQLException { return isolation; }
    @Override public SQLWarning getWarnings() throws SQLException { return null; }
    @Override public void clearWarnings() throws SQLException { }
    @Override public Statement createStatement(int p0, int p1) throws SQLException { return new StubStatement(this); }
    @Override public PreparedStatement prepareStatement(String p0, int p1, int p2) throws SQLException { return new StubPreparedStatement(this); }
    @Override public CallableStatement prepareCall(String p0, int p1, int p2) throws SQLException { return null; }
    @Override public Map<String, Class<?>> getTypeMap() throws SQLException { return null; }
    @Override public void setTypeMap(Map<String, Class<?>> p0) throws SQLException { }
    @Override public void setHoldability(int p0) throws SQLException { }
    @Override public int getHoldability() throws SQLException { return 0; }
    @Override public Savepoint setSavepoint() throws SQLException { return null; }
    @Override public Savepoint setSavepoint(String p0) throws SQLException { return null; }
    @Override public void rollback(Savepoint p0) throws SQLException { }
    @Override public void releaseSavepoint(Savepoint p0) throws SQLException { }
    @Override public Statement createStatement(int p0, int p1, int p2) throws SQLException { return new StubStatement(this); }
    @Override public PreparedStatement prepareStatement(String p0, int p1, int p2, int p3) throws SQLException { return new StubPreparedStatement(this); }
    @Override public CallableStatement prepareCall(String p0, int p1, int p2, int p3) throws SQLException { return null; }
    @Override public PreparedStatement prepareStatement(String p0, int p1) throws SQLException { return new StubPreparedStatement(this); }
    @Override public PreparedStatement prepareStatement(String p0, int[] p1) throws SQLException { return new StubPreparedStatement(this); }
    @Override public PreparedStatement prepareStatement(String p0, String[] p1) throws SQLException { return new StubPreparedStatement(this); }
    @Override public Clob createClob() throws SQLException { return null; }
    @Override public Blob createBlob() throws SQLException { return null; }
    @Override public NClob createNClob() throws SQLException { return null; }
    @Override public SQLXML createSQLXML() throws SQLException { return null; }
    @Override public boolean isValid(int p0) throws SQLException { return !closed; }
    @Override public void setClientInfo(String p0, String p1) throws SQLClientInfoException { }
    @Override public void setClientInfo(Properties p0) throws SQLClientInfoException { }
    @Override public String getClientInfo(String p0) throws SQLException { return null; }
    @Override public Properties getClientInfo() throws SQLException { return null; }
    @Override public Array createArrayOf(String p0, Object[] p1) throws SQLException { return null; }
    @Override public Struct createStruct(String p0, Object[] p1) throws SQLException { return null; }
    @Override public void setSchema(String p0) throws SQLException { }
    @Override public String getSchema() throws SQLException { return null; }
    @Override public void abort(Executor p0) throws SQLException { }
    @Override public void setNetworkTimeout(Executor p0, int p1) throws SQLException { networkTimeout = p1; }
    @Override public int getNetworkTimeout() throws SQLException { return networkTimeout; }
    @Override public void beginRequest() throws SQLException { }
    @Override public void endRequest() throws SQLException { }
    @Override public boolean setShardingKeyIfValid(ShardingKey p0, ShardingKey p1, int p2) throws SQLException { return false; }
    @Override public boolean setShardingKeyIfValid(ShardingKey p0, int p1) throws SQLException { return false; }
    @Override public void setShardingKey(ShardingKey p0, ShardingKey p1) throws SQLException { }
    @Override public void setShardingKey(ShardingKey p0) throws SQLException { }

    @Override public <T> T unwrap(Class<T> iface) throws SQLException { if (iface.isInstance(this)) { return iface.cast(this); } throw new SQLException("not a " + iface); }
    @Override public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}
