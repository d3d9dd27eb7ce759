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
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/** {@link ProxyStatement} for prepared statements: the same tracking, one delegating line per method. */
class ProxyPreparedStatement extends ProxyStatement implements PreparedStatement {
    private final PreparedStatement ps;

    ProxyPreparedStatement(PooledConnection conn, PreparedStatement ps) {
        super(conn, ps);
        this.ps = ps;
    }

    @Override public ResultSet executeQuery() throws SQLException { try { conn.txDirty = true; return wrap(ps.executeQuery()); } catch (SQLException e) { throw fail(e); } }
    @Override public int executeUpdate() throws SQLException { try { conn.txDirty = true; return ps.executeUpdate(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNull(int p0, int p1) throws SQLException { try { ps.setNull(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBoolean(int p0, boolean p1) throws SQLException { try { ps.setBoolean(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setByte(int p0, byte p1) throws SQLException { try { ps.setByte(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setShort(int p0, short p1) throws SQLException { try { ps.setShort(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setInt(int p0, int p1) throws SQLException { try { ps.setInt(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setLong(int p0, long p1) throws SQLException { try { ps.setLong(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setFloat(int p0, float p1) throws SQLException { try { ps.setFloat(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setDouble(int p0, double p1) throws SQLException { try { ps.setDouble(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBigDecimal(int p0, BigDecimal p1) throws SQLException { try { ps.setBigDecimal(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setString(int p0, String p1) throws SQLException { try { ps.setString(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBytes(int p0, byte[] p1) throws SQLException { try { ps.setBytes(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setDate(int p0, Date p1) throws SQLException { try { ps.setDate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setTime(int p0, Time p1) throws SQLException { try { ps.setTime(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setTimestamp(int p0, Timestamp p1) throws SQLException { try { ps.setTimestamp(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setAsciiStream(int p0, InputStream p1, int p2) throws SQLException { try { ps.setAsciiStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setUnicodeStream(int p0, InputStream p1, int p2) throws SQLException { try { ps.setUnicodeStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBinaryStream(int p0, InputStream p1, int p2) throws SQLException { try { ps.setBinaryStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void clearParameters() throws SQLException { try { ps.clearParameters(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setObject(int p0, Object p1, int p2) throws SQLException { try { ps.setObject(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setObject(int p0, Object p1) throws SQLException { try { ps.setObject(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean execute() throws SQLException { try { conn.txDirty = true; return ps.execute(); } catch (SQLException e) { throw fail(e); } }
    @Override public void addBatch() throws SQLException { try { ps.addBatch(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setCharacterStream(int p0, Reader p1, int p2) throws SQLException { try { ps.setCharacterStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setRef(int p0, Ref p1) throws SQLException { try { ps.setRef(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBlob(int p0, Blob p1) throws SQLException { try { ps.setBlob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setClob(int p0, Clob p1) throws SQLException { try { ps.setClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setArray(int p0, Array p1) throws SQLException { try { ps.setArray(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public ResultSetMetaData getMetaData() throws SQLException { try { return ps.getMetaData(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setDate(int p0, Date p1, Calendar p2) throws SQLException { try { ps.setDate(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setTime(int p0, Time p1, Calendar p2) throws SQLException { try { ps.setTime(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setTimestamp(int p0, Timestamp p1, Calendar p2) throws SQLException { try { ps.setTimestamp(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNull(int p0, int p1, String p2) throws SQLException { try { ps.setNull(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setURL(int p0, URL p1) throws SQLException { try { ps.setURL(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public ParameterMetaData getParameterMetaData() throws SQLException { try { return ps.getParameterMetaData(); } catch (SQLException e) { throw fail(e); } }
    @Override public void setRowId(int p0, RowId p1) throws SQLException { try { ps.setRowId(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNString(int p0, String p1) throws SQLException { try { ps.setNString(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNCharacterStream(int p0, Reader p1, long p2) throws SQLException { try { ps.setNCharacterStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNClob(int p0, NClob p1) throws SQLException { try { ps.setNClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setClob(int p0, Reader p1, long p2) throws SQLException { try { ps.setClob(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBlob(int p0, InputStream p1, long p2) throws SQLException { try { ps.setBlob(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNClob(int p0, Reader p1, long p2) throws SQLException { try { ps.setNClob(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setSQLXML(int p0, SQLXML p1) throws SQLException { try { ps.setSQLXML(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setObject(int p0, Object p1, int p2, int p3) throws SQLException { try { ps.setObject(p0, p1, p2, p3); } catch (SQLException e) { throw fail(e); } }
    @Override public void setAsciiStream(int p0, InputStream p1, long p2) throws SQLException { try { ps.setAsciiStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBinaryStream(int p0, InputStream p1, long p2) throws SQLException { try { ps.setBinaryStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setCharacterStream(int p0, Reader p1, long p2) throws SQLException { try { ps.setCharacterStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setAsciiStream(int p0, InputStream p1) throws SQLException { try { ps.setAsciiStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBinaryStream(int p0, InputStream p1) throws SQLException { try { ps.setBinaryStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setCharacterStream(int p0, Reader p1) throws SQLException { try { ps.setCharacterStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNCharacterStream(int p0, Reader p1) throws SQLException { try { ps.setNCharacterStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setClob(int p0, Reader p1) throws SQLException { try { ps.setClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBlob(int p0, InputStream p1) throws SQLException { try { ps.setBlob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNClob(int p0, Reader p1) throws SQLException { try { ps.setNClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setObject(int p0, Object p1, SQLType p2, int p3) throws SQLException { try { ps.setObject(p0, p1, p2, p3); } catch (SQLException e) { throw fail(e); } }
    @Override public void setObject(int p0, Object p1, SQLType p2) throws SQLException { try { ps.setObject(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public long executeLargeUpdate() throws SQLException { try { conn.txDirty = true; return ps.executeLargeUpdate(); } catch (SQLException e) { throw fail(e); } }
}
