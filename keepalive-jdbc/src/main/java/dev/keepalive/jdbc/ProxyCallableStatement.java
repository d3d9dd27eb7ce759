package dev.keepalive.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/** {@link ProxyStatement} for stored procedure calls: the same tracking, one delegating line per method. */
final class ProxyCallableStatement extends ProxyPreparedStatement implements CallableStatement {
    private final CallableStatement cs;

    ProxyCallableStatement(PooledConnection conn, CallableStatement cs) {
        super(conn, cs);
        this.cs = cs;
    }

    @Override public void registerOutParameter(int p0, int p1) throws SQLException { try { cs.registerOutParameter(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void registerOutParameter(int p0, int p1, int p2) throws SQLException { try { cs.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean wasNull() throws SQLException { try { return cs.wasNull(); } catch (SQLException e) { throw fail(e); } }
    @Override public String getString(int p0) throws SQLException { try { return cs.getString(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean getBoolean(int p0) throws SQLException { try { return cs.getBoolean(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public byte getByte(int p0) throws SQLException { try { return cs.getByte(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public short getShort(int p0) throws SQLException { try { return cs.getShort(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public int getInt(int p0) throws SQLException { try { return cs.getInt(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public long getLong(int p0) throws SQLException { try { return cs.getLong(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public float getFloat(int p0) throws SQLException { try { return cs.getFloat(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public double getDouble(int p0) throws SQLException { try { return cs.getDouble(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public BigDecimal getBigDecimal(int p0, int p1) throws SQLException { try { return cs.getBigDecimal(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public byte[] getBytes(int p0) throws SQLException { try { return cs.getBytes(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Date getDate(int p0) throws SQLException { try { return cs.getDate(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Time getTime(int p0) throws SQLException { try { return cs.getTime(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Timestamp getTimestamp(int p0) throws SQLException { try { return cs.getTimestamp(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Object getObject(int p0) throws SQLException { try { return cs.getObject(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public BigDecimal getBigDecimal(int p0) throws SQLException { try { return cs.getBigDecimal(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Object getObject(int p0, Map<String, Class<?>> p1) throws SQLException { try { return cs.getObject(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Ref getRef(int p0) throws SQLException { try { return cs.getRef(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Blob getBlob(int p0) throws SQLException { try { return cs.getBlob(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Clob getClob(int p0) throws SQLException { try { return cs.getClob(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Array getArray(int p0) throws SQLException { try { return cs.getArray(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Date getDate(int p0, Calendar p1) throws SQLException { try { return cs.getDate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Time getTime(int p0, Calendar p1) throws SQLException { try { return cs.getTime(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Timestamp getTimestamp(int p0, Calendar p1) throws SQLException { try { return cs.getTimestamp(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void registerOutParameter(int p0, int p1, String p2) throws SQLException { try { cs.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void registerOutParameter(String p0, int p1) throws SQLException { try { cs.registerOutParameter(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void registerOutParameter(String p0, int p1, int p2) throws SQLException { try { cs.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void registerOutParameter(String p0, int p1, String p2) throws SQLException { try { cs.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public URL getURL(int p0) throws SQLException { try { return cs.getURL(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void setURL(String p0, URL p1) throws SQLException { try { cs.setURL(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNull(String p0, int p1) throws SQLException { try { cs.setNull(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBoolean(String p0, boolean p1) throws SQLException { try { cs.setBoolean(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setByte(String p0, byte p1) throws SQLException { try { cs.setByte(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setShort(String p0, short p1) throws SQLException { try { cs.setShort(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setInt(String p0, int p1) throws SQLException { try { cs.setInt(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setLong(String p0, long p1) throws SQLException { try { cs.setLong(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setFloat(String p0, float p1) throws SQLException { try { cs.setFloat(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setDouble(String p0, double p1) throws SQLException { try { cs.setDouble(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBigDecimal(String p0, BigDecimal p1) throws SQLException { try { cs.setBigDecimal(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setString(String p0, String p1) throws SQLException { try { cs.setString(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBytes(String p0, byte[] p1) throws SQLException { try { cs.setBytes(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setDate(String p0, Date p1) throws SQLException { try { cs.setDate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setTime(String p0, Time p1) throws SQLException { try { cs.setTime(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setTimestamp(String p0, Timestamp p1) throws SQLException { try { cs.setTimestamp(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setAsciiStream(String p0, InputStream p1, int p2) throws SQLException { try { cs.setAsciiStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBinaryStream(String p0, InputStream p1, int p2) throws SQLException { try { cs.setBinaryStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setObject(String p0, Object p1, int p2, int p3) throws SQLException { try { cs.setObject(p0, p1, p2, p3); } catch (SQLException e) { throw fail(e); } }
    @Override public void setObject(String p0, Object p1, int p2) throws SQLException { try { cs.setObject(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setObject(String p0, Object p1) throws SQLException { try { cs.setObject(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setCharacterStream(String p0, Reader p1, int p2) throws SQLException { try { cs.setCharacterStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setDate(String p0, Date p1, Calendar p2) throws SQLException { try { cs.setDate(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setTime(String p0, Time p1, Calendar p2) throws SQLException { try { cs.setTime(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setTimestamp(String p0, Timestamp p1, Calendar p2) throws SQLException { try { cs.setTimestamp(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNull(String p0, int p1, String p2) throws SQLException { try { cs.setNull(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public String getString(String p0) throws SQLException { try { return cs.getString(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public boolean getBoolean(String p0) throws SQLException { try { return cs.getBoolean(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public byte getByte(String p0) throws SQLException { try { return cs.getByte(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public short getShort(String p0) throws SQLException { try { return cs.getShort(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public int getInt(String p0) throws SQLException { try { return cs.getInt(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public long getLong(String p0) throws SQLException { try { return cs.getLong(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public float getFloat(String p0) throws SQLException { try { return cs.getFloat(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public double getDouble(String p0) throws SQLException { try { return cs.getDouble(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public byte[] getBytes(String p0) throws SQLException { try { return cs.getBytes(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Date getDate(String p0) throws SQLException { try { return cs.getDate(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Time getTime(String p0) throws SQLException { try { return cs.getTime(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Timestamp getTimestamp(String p0) throws SQLException { try { return cs.getTimestamp(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Object getObject(String p0) throws SQLException { try { return cs.getObject(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public BigDecimal getBigDecimal(String p0) throws SQLException { try { return cs.getBigDecimal(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Object getObject(String p0, Map<String, Class<?>> p1) throws SQLException { try { return cs.getObject(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Ref getRef(String p0) throws SQLException { try { return cs.getRef(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Blob getBlob(String p0) throws SQLException { try { return cs.getBlob(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Clob getClob(String p0) throws SQLException { try { return cs.getClob(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Array getArray(String p0) throws SQLException { try { return cs.getArray(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Date getDate(String p0, Calendar p1) throws SQLException { try { return cs.getDate(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Time getTime(String p0, Calendar p1) throws SQLException { try { return cs.getTime(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public Timestamp getTimestamp(String p0, Calendar p1) throws SQLException { try { return cs.getTimestamp(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public URL getURL(String p0) throws SQLException { try { return cs.getURL(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public RowId getRowId(int p0) throws SQLException { try { return cs.getRowId(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public RowId getRowId(String p0) throws SQLException { try { return cs.getRowId(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void setRowId(String p0, RowId p1) throws SQLException { try { cs.setRowId(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNString(String p0, String p1) throws SQLException { try { cs.setNString(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNCharacterStream(String p0, Reader p1, long p2) throws SQLException { try { cs.setNCharacterStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNClob(String p0, NClob p1) throws SQLException { try { cs.setNClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setClob(String p0, Reader p1, long p2) throws SQLException { try { cs.setClob(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBlob(String p0, InputStream p1, long p2) throws SQLException { try { cs.setBlob(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNClob(String p0, Reader p1, long p2) throws SQLException { try { cs.setNClob(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public NClob getNClob(int p0) throws SQLException { try { return cs.getNClob(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public NClob getNClob(String p0) throws SQLException { try { return cs.getNClob(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void setSQLXML(String p0, SQLXML p1) throws SQLException { try { cs.setSQLXML(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public SQLXML getSQLXML(int p0) throws SQLException { try { return cs.getSQLXML(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public SQLXML getSQLXML(String p0) throws SQLException { try { return cs.getSQLXML(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public String getNString(int p0) throws SQLException { try { return cs.getNString(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public String getNString(String p0) throws SQLException { try { return cs.getNString(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Reader getNCharacterStream(int p0) throws SQLException { try { return cs.getNCharacterStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Reader getNCharacterStream(String p0) throws SQLException { try { return cs.getNCharacterStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Reader getCharacterStream(int p0) throws SQLException { try { return cs.getCharacterStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public Reader getCharacterStream(String p0) throws SQLException { try { return cs.getCharacterStream(p0); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBlob(String p0, Blob p1) throws SQLException { try { cs.setBlob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setClob(String p0, Clob p1) throws SQLException { try { cs.setClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setAsciiStream(String p0, InputStream p1, long p2) throws SQLException { try { cs.setAsciiStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBinaryStream(String p0, InputStream p1, long p2) throws SQLException { try { cs.setBinaryStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setCharacterStream(String p0, Reader p1, long p2) throws SQLException { try { cs.setCharacterStream(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void setAsciiStream(String p0, InputStream p1) throws SQLException { try { cs.setAsciiStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBinaryStream(String p0, InputStream p1) throws SQLException { try { cs.setBinaryStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setCharacterStream(String p0, Reader p1) throws SQLException { try { cs.setCharacterStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNCharacterStream(String p0, Reader p1) throws SQLException { try { cs.setNCharacterStream(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setClob(String p0, Reader p1) throws SQLException { try { cs.setClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setBlob(String p0, InputStream p1) throws SQLException { try { cs.setBlob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setNClob(String p0, Reader p1) throws SQLException { try { cs.setNClob(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public <T> T getObject(int p0, Class<T> p1) throws SQLException { try { return cs.getObject(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public <T> T getObject(String p0, Class<T> p1) throws SQLException { try { return cs.getObject(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void setObject(String p0, Object p1, SQLType p2, int p3) throws SQLException { try { cs.setObject(p0, p1, p2, p3); } catch (SQLException e) { throw fail(e); } }
    @Override public void setObject(String p0, Object p1, SQLType p2) throws SQLException { try { cs.setObject(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void registerOutParameter(int p0, SQLType p1) throws SQLException { try { cs.registerOutParameter(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void registerOutParameter(int p0, SQLType p1, int p2) throws SQLException { try { cs.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void registerOutParameter(int p0, SQLType p1, String p2) throws SQLException { try { cs.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void registerOutParameter(String p0, SQLType p1) throws SQLException { try { cs.registerOutParameter(p0, p1); } catch (SQLException e) { throw fail(e); } }
    @Override public void registerOutParameter(String p0, SQLType p1, int p2) throws SQLException { try { cs.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
    @Override public void registerOutParameter(String p0, SQLType p1, String p2) throws SQLException { try { cs.registerOutParameter(p0, p1, p2); } catch (SQLException e) { throw fail(e); } }
}
