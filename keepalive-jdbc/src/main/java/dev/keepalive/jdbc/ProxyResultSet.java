package dev.keepalive.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * The result sets borrowers see: errors pass through {@link PooledConnection#fail} (so a socket that
 * breaks in {@code next()} is noticed), and {@link #getStatement()} answers the pooled statement, never
 * the driver's, so no path leads a borrower to the physical connection. One line per method on purpose:
 * all but {@code getStatement} are plain delegation.
 */
final class ProxyResultSet implements ResultSet {
    private final PooledConnection conn;
    private final Statement statement;
    private final ResultSet rs;

    ProxyResultSet(PooledConnection conn, Statement statement, ResultSet rs) {
        this.conn = conn;
        this.statement = statement;
        this.rs = rs;
    }

    private SQLException fail(SQLException e) {
        return conn.fail(e);
    }

    @Override public Statement getStatement() { return statement; }
    @Override public <T> T unwrap(Class<T> iface) throws SQLException { return iface.isInstance(rs) ? iface.cast(rs) : rs.unwrap(iface); }
    @Override public boolean isWrapperFor(Class<?> iface) throws SQLException { return iface.isInstance(rs) || rs.isWrapperFor(iface); }

    @Override public boolean next() throws SQLException { try { return rs.next(); } catch (SQLException e) { throw fail(e); } }
    @Override public void close() throws SQLException { try { rs.close(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean wasNull() throws SQLException { try { return rs.wasNull(); } catch (SQLException e) { throw fail(e); } }
    @Override public String getString(int p0) throws SQLException { try { return rs.getString(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean getBoolean(int p0) throws SQLException { try { return rs.getBoolean(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public byte getByte(int p0) throws SQLException { try { return rs.getByte(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public short getShort(int p0) throws SQLException { try { return rs.getShort(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public int getInt(int p0) throws SQLException { try { return rs.getInt(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public long getLong(int p0) throws SQLException { try { return rs.getLong(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public float getFloat(int p0) throws SQLException { try { return rs.getFloat(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public double getDouble(int p0) throws SQLException { try { return rs.getDouble(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public BigDecimal getBigDecimal(int p0, int p1) throws SQLException { try { return rs.getBigDecimal(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public byte[] getBytes(int p0) throws SQLException { try { return rs.getBytes(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Date getDate(int p0) throws SQLException { try { return rs.getDate(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Time getTime(int p0) throws SQLException { try { return rs.getTime(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Timestamp getTimestamp(int p0) throws SQLException { try { return rs.getTimestamp(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public InputStream getAsciiStream(int p0) throws SQLException { try { return rs.getAsciiStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public InputStream getUnicodeStream(int p0) throws SQLException { try { return rs.getUnicodeStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public InputStream getBinaryStream(int p0) throws SQLException { try { return rs.getBinaryStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public String getString(String p0) throws SQLException { try { return rs.getString(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean getBoolean(String p0) throws SQLException { try { return rs.getBoolean(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public byte getByte(String p0) throws SQLException { try { return rs.getByte(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public short getShort(String p0) throws SQLException { try { return rs.getShort(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public int getInt(String p0) throws SQLException { try { return rs.getInt(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public long getLong(String p0) throws SQLException { try { return rs.getLong(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public float getFloat(String p0) throws SQLException { try { return rs.getFloat(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public double getDouble(String p0) throws SQLException { try { return rs.getDouble(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public BigDecimal getBigDecimal(String p0, int p1) throws SQLException { try { return rs.getBigDecimal(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public byte[] getBytes(String p0) throws SQLException { try { return rs.getBytes(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Date getDate(String p0) throws SQLException { try { return rs.getDate(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Time getTime(String p0) throws SQLException { try { return rs.getTime(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Timestamp getTimestamp(String p0) throws SQLException { try { return rs.getTimestamp(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public InputStream getAsciiStream(String p0) throws SQLException { try { return rs.getAsciiStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public InputStream getUnicodeStream(String p0) throws SQLException { try { return rs.getUnicodeStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public InputStream getBinaryStream(String p0) throws SQLException { try { return rs.getBinaryStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public SQLWarning getWarnings() throws SQLException { try { return rs.getWarnings(); } catch (SQLException e) { throw fail(e); } }
    @Override public void clearWarnings() throws SQLException { try { rs.clearWarnings(); } catch (SQLException e) { throw fail(e); } }
    @Override public String getCursorName() throws SQLException { try { return rs.getCursorName(); } catch (SQLException e) { throw fail(e); } }
    @Override public ResultSetMetaData getMetaData() throws SQLException { try { return rs.getMetaData(); } catch (SQLException e) { throw fail(e); } }
    @Override public Object getObject(int p0) throws SQLException { try { return rs.getObject(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Object getObject(String p0) throws SQLException { try { return rs.getObject(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public int findColumn(String p0) throws SQLException { try { return rs.findColumn(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Reader getCharacterStream(int p0) throws SQLException { try { return rs.getCharacterStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Reader getCharacterStream(String p0) throws SQLException { try { return rs.getCharacterStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public BigDecimal getBigDecimal(int p0) throws SQLException { try { return rs.getBigDecimal(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public BigDecimal getBigDecimal(String p0) throws SQLException { try { return rs.getBigDecimal(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean isBeforeFirst() throws SQLException { try { return rs.isBeforeFirst(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean isAfterLast() throws SQLException { try { return rs.isAfterLast(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean isFirst() throws SQLException { try { return rs.isFirst(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean isLast() throws SQLException { try { return rs.isLast(); } catch (SQLException e) { throw fail(e); } }
    @Override public void beforeFirst() throws SQLException { try { rs.beforeFirst(); } catch (SQLException e) { throw fail(e); } }
    @Override public void afterLast() throws SQLException { try { rs.afterLast(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean first() throws SQLException { try { return rs.first(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean last() throws SQLException { try { return rs.last(); } catch (SQLException e) { throw fail(e); } }
    @Override public int getRow() throws SQLException { try { return rs.getRow(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean absolute(int p0) throws SQLException { try { return rs.absolute(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean relative(int p0) throws SQLException { try { return rs.relative(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean previous() throws SQLException { try { return rs.previous(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setFetchDirection(int p0) throws SQLException { try { rs.setFetchDirection(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public int getFetchDirection() throws SQLException { try { return rs.getFetchDirection(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setFetchSize(int p0) throws SQLException { try { rs.setFetchSize(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public int getFetchSize() throws SQLException { try { return rs.getFetchSize(); } catch (SQLException e) { throw fail(e); } }
    @Override public int getType() throws SQLException { try { return rs.getType(); } catch (SQLException e) { throw fail(e); } }
    @Override public int getConcurrency() throws SQLException { try { return rs.getConcurrency(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean rowUpdated() throws SQLException { try { return rs.rowUpdated(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean rowInserted() throws SQLException { try { return rs.rowInserted(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean rowDeleted() throws SQLException { try { return rs.rowDeleted(); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNull(int p0) throws SQLException { try { rs.updateNull(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBoolean(int p0, boolean p1) throws SQLException { try { rs.updateBoolean(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateByte(int p0, byte p1) throws SQLException { try { rs.updateByte(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateShort(int p0, short p1) throws SQLException { try { rs.updateShort(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateInt(int p0, int p1) throws SQLException { try { rs.updateInt(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateLong(int p0, long p1) throws SQLException { try { rs.updateLong(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateFloat(int p0, float p1) throws SQLException { try { rs.updateFloat(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateDouble(int p0, double p1) throws SQLException { try { rs.updateDouble(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBigDecimal(int p0, BigDecimal p1) throws SQLException { try { rs.updateBigDecimal(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateString(int p0, String p1) throws SQLException { try { rs.updateString(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBytes(int p0, byte[] p1) throws SQLException { try { rs.updateBytes(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateDate(int p0, Date p1) throws SQLException { try { rs.updateDate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateTime(int p0, Time p1) throws SQLException { try { rs.updateTime(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateTimestamp(int p0, Timestamp p1) throws SQLException { try { rs.updateTimestamp(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateAsciiStream(int p0, InputStream p1, int p2) throws SQLException { try { rs.updateAsciiStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBinaryStream(int p0, InputStream p1, int p2) throws SQLException { try { rs.updateBinaryStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateCharacterStream(int p0, Reader p1, int p2) throws SQLException { try { rs.updateCharacterStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateObject(int p0, Object p1, int p2) throws SQLException { try { rs.updateObject(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateObject(int p0, Object p1) throws SQLException { try { rs.updateObject(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNull(String p0) throws SQLException { try { rs.updateNull(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBoolean(String p0, boolean p1) throws SQLException { try { rs.updateBoolean(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateByte(String p0, byte p1) throws SQLException { try { rs.updateByte(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateShort(String p0, short p1) throws SQLException { try { rs.updateShort(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateInt(String p0, int p1) throws SQLException { try { rs.updateInt(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateLong(String p0, long p1) throws SQLException { try { rs.updateLong(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateFloat(String p0, float p1) throws SQLException { try { rs.updateFloat(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateDouble(String p0, double p1) throws SQLException { try { rs.updateDouble(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBigDecimal(String p0, BigDecimal p1) throws SQLException { try { rs.updateBigDecimal(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateString(String p0, String p1) throws SQLException { try { rs.updateString(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBytes(String p0, byte[] p1) throws SQLException { try { rs.updateBytes(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateDate(String p0, Date p1) throws SQLException { try { rs.updateDate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateTime(String p0, Time p1) throws SQLException { try { rs.updateTime(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateTimestamp(String p0, Timestamp p1) throws SQLException { try { rs.updateTimestamp(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateAsciiStream(String p0, InputStream p1, int p2) throws SQLException { try { rs.updateAsciiStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBinaryStream(String p0, InputStream p1, int p2) throws SQLException { try { rs.updateBinaryStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateCharacterStream(String p0, Reader p1, int p2) throws SQLException { try { rs.updateCharacterStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateObject(String p0, Object p1, int p2) throws SQLException { try { rs.updateObject(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateObject(String p0, Object p1) throws SQLException { try { rs.updateObject(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void insertRow() throws SQLException { try { rs.insertRow(); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateRow() throws SQLException { try { rs.updateRow(); } catch (SQLException e) { throw fail(e); } }
    @Override public void deleteRow() throws SQLException { try { rs.deleteRow(); } catch (SQLException e) { throw fail(e); } }
    @Override public void refreshRow() throws SQLException { try { rs.refreshRow(); } catch (SQLException e) { throw fail(e); } }
    @Override public void cancelRowUpdates() throws SQLException { try { rs.cancelRowUpdates(); } catch (SQLException e) { throw fail(e); } }
    @Override public void moveToInsertRow() throws SQLException { try { rs.moveToInsertRow(); } catch (SQLException e) { throw fail(e); } }
    @Override public void moveToCurrentRow() throws SQLException { try { rs.moveToCurrentRow(); } catch (SQLException e) { throw fail(e); } }
    @Override public Object getObject(int p0, Map<String, Class<?>> p1) throws SQLException { try { return rs.getObject(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Ref getRef(int p0) throws SQLException { try { return rs.getRef(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Blob getBlob(int p0) throws SQLException { try { return rs.getBlob(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Clob getClob(int p0) throws SQLException { try { return rs.getClob(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Array getArray(int p0) throws SQLException { try { return rs.getArray(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Object getObject(String p0, Map<String, Class<?>> p1) throws SQLException { try { return rs.getObject(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Ref getRef(String p0) throws SQLException { try { return rs.getRef(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Blob getBlob(String p0) throws SQLException { try { return rs.getBlob(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Clob getClob(String p0) throws SQLException { try { return rs.getClob(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Array getArray(String p0) throws SQLException { try { return rs.getArray(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Date getDate(int p0, Calendar p1) throws SQLException { try { return rs.getDate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Date getDate(String p0, Calendar p1) throws SQLException { try { return rs.getDate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Time getTime(int p0, Calendar p1) throws SQLException { try { return rs.getTime(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Time getTime(String p0, Calendar p1) throws SQLException { try { return rs.getTime(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Timestamp getTimestamp(int p0, Calendar p1) throws SQLException { try { return rs.getTimestamp(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Timestamp getTimestamp(String p0, Calendar p1) throws SQLException { try { return rs.getTimestamp(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public URL getURL(int p0) throws SQLException { try { return rs.getURL(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public URL getURL(String p0) throws SQLException { try { return rs.getURL(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateRef(int p0, Ref p1) throws SQLException { try { rs.updateRef(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateRef(String p0, Ref p1) throws SQLException { try { rs.updateRef(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBlob(int p0, Blob p1) throws SQLException { try { rs.updateBlob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBlob(String p0, Blob p1) throws SQLException { try { rs.updateBlob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateClob(int p0, Clob p1) throws SQLException { try { rs.updateClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateClob(String p0, Clob p1) throws SQLException { try { rs.updateClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateArray(int p0, Array p1) throws SQLException { try { rs.updateArray(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateArray(String p0, Array p1) throws SQLException { try { rs.updateArray(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public RowId getRowId(int p0) throws SQLException { try { return rs.getRowId(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public RowId getRowId(String p0) throws SQLException { try { return rs.getRowId(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateRowId(int p0, RowId p1) throws SQLException { try { rs.updateRowId(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateRowId(String p0, RowId p1) throws SQLException { try { rs.updateRowId(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public int getHoldability() throws SQLException { try { return rs.getHoldability(); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean isClosed() throws SQLException { try { return rs.isClosed(); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNString(int p0, String p1) throws SQLException { try { rs.updateNString(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNString(String p0, String p1) throws SQLException { try { rs.updateNString(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNClob(int p0, NClob p1) throws SQLException { try { rs.updateNClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNClob(String p0, NClob p1) throws SQLException { try { rs.updateNClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public NClob getNClob(int p0) throws SQLException { try { return rs.getNClob(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public NClob getNClob(String p0) throws SQLException { try { return rs.getNClob(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public SQLXML getSQLXML(int p0) throws SQLException { try { return rs.getSQLXML(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public SQLXML getSQLXML(String p0) throws SQLException { try { return rs.getSQLXML(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateSQLXML(int p0, SQLXML p1) throws SQLException { try { rs.updateSQLXML(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateSQLXML(String p0, SQLXML p1) throws SQLException { try { rs.updateSQLXML(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public String getNString(int p0) throws SQLException { try { return rs.getNString(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public String getNString(String p0) throws SQLException { try { return rs.getNString(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Reader getNCharacterStream(int p0) throws SQLException { try { return rs.getNCharacterStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Reader getNCharacterStream(String p0) throws SQLException { try { return rs.getNCharacterStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNCharacterStream(int p0, Reader p1, long p2) throws SQLException { try { rs.updateNCharacterStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNCharacterStream(String p0, Reader p1, long p2) throws SQLException { try { rs.updateNCharacterStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateAsciiStream(int p0, InputStream p1, long p2) throws SQLException { try { rs.updateAsciiStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBinaryStream(int p0, InputStream p1, long p2) throws SQLException { try { rs.updateBinaryStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateCharacterStream(int p0, Reader p1, long p2) throws SQLException { try { rs.updateCharacterStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateAsciiStream(String p0, InputStream p1, long p2) throws SQLException { try { rs.updateAsciiStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBinaryStream(String p0, InputStream p1, long p2) throws SQLException { try { rs.updateBinaryStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateCharacterStream(String p0, Reader p1, long p2) throws SQLException { try { rs.updateCharacterStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBlob(int p0, InputStream p1, long p2) throws SQLException { try { rs.updateBlob(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBlob(String p0, InputStream p1, long p2) throws SQLException { try { rs.updateBlob(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateClob(int p0, Reader p1, long p2) throws SQLException { try { rs.updateClob(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateClob(String p0, Reader p1, long p2) throws SQLException { try { rs.updateClob(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNClob(int p0, Reader p1, long p2) throws SQLException { try { rs.updateNClob(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNClob(String p0, Reader p1, long p2) throws SQLException { try { rs.updateNClob(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNCharacterStream(int p0, Reader p1) throws SQLException { try { rs.updateNCharacterStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNCharacterStream(String p0, Reader p1) throws SQLException { try { rs.updateNCharacterStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateAsciiStream(int p0, InputStream p1) throws SQLException { try { rs.updateAsciiStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBinaryStream(int p0, InputStream p1) throws SQLException { try { rs.updateBinaryStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateCharacterStream(int p0, Reader p1) throws SQLException { try { rs.updateCharacterStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateAsciiStream(String p0, InputStream p1) throws SQLException { try { rs.updateAsciiStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBinaryStream(String p0, InputStream p1) throws SQLException { try { rs.updateBinaryStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateCharacterStream(String p0, Reader p1) throws SQLException { try { rs.updateCharacterStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBlob(int p0, InputStream p1) throws SQLException { try { rs.updateBlob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateBlob(String p0, InputStream p1) throws SQLException { try { rs.updateBlob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateClob(int p0, Reader p1) throws SQLException { try { rs.updateClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateClob(String p0, Reader p1) throws SQLException { try { rs.updateClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNClob(int p0, Reader p1) throws SQLException { try { rs.updateNClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateNClob(String p0, Reader p1) throws SQLException { try { rs.updateNClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public <T> T getObject(int p0, Class<T> p1) throws SQLException { try { return rs.getObject(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public <T> T getObject(String p0, Class<T> p1) throws SQLException { try { return rs.getObject(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateObject(int p0, Object p1, SQLType p2, int p3) throws SQLException { try { rs.updateObject(p0, p1, p2, p3); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateObject(String p0, Object p1, SQLType p2, int p3) throws SQLException { try { rs.updateObject(p0, p1, p2, p3); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateObject(int p0, Object p1, SQLType p2) throws SQLException { try { rs.updateObject(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void updateObject(String p0, Object p1, SQLType p2) throws SQLException { try { rs.updateObject(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
}
