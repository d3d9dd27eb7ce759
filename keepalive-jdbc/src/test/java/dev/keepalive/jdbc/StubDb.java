package dev.keepalive.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A fake database for unit tests: connections are dynamic proxies that record every call, can be
 * "killed" (then every call throws SQLState 08006 and isValid answers false), and throw chosen
 * SQLStates for SQL containing {@code raise <STATE>}. No sockets, no threads.
 */
final class StubDb {
    final List<Conn> connections = new CopyOnWriteArrayList<>();
    final AtomicInteger connects = new AtomicInteger();
    volatile SQLException connectFailure;

    /** One physical connection and what was done to it. */
    final class Conn implements InvocationHandler {
        final int id = connections.size() + 1;
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Connection proxy = (Connection) Proxy.newProxyInstance(StubDb.class.getClassLoader(),
                new Class<?>[] {Connection.class}, this);
        final AtomicInteger openStatements = new AtomicInteger();
        volatile boolean dead;
        volatile boolean closed;
        volatile boolean autoCommit = true;
        volatile boolean readOnly;
        volatile int isolation = Connection.TRANSACTION_READ_COMMITTED;
        volatile String schema = "public";
        volatile int networkTimeout;

        long count(String call) {
            return calls.stream().filter(c -> c.equals(call)).count();
        }

        @Override
        public Object invoke(Object p, java.lang.reflect.Method m, Object[] args) throws Throwable {
            String name = m.getName();
            calls.add(name);
            switch (name) {
                case "close" -> { closed = true; return null; }
                case "isClosed" -> { return closed; }
                case "abort" -> { closed = true; dead = true; return null; }
                case "isValid" -> { return !dead && !closed; }
                case "toString" -> { return "stub#" + id; }
                case "hashCode" -> { return System.identityHashCode(p); }
                case "equals" -> { return p == args[0]; }
                default -> { }
            }
            if (dead || closed) {
                throw new SQLException("stub#" + id + " is gone: " + name, "08006");
            }
            switch (name) {
                case "getAutoCommit": return autoCommit;
                case "setAutoCommit": autoCommit = (Boolean) args[0]; return null;
                case "isReadOnly": return readOnly;
                case "setReadOnly": readOnly = (Boolean) args[0]; return null;
                case "getTransactionIsolation": return isolation;
                case "setTransactionIsolation": isolation = (Integer) args[0]; return null;
                case "getSchema": return schema;
                case "setSchema": schema = (String) args[0]; return null;
                case "getNetworkTimeout": return networkTimeout;
                case "setNetworkTimeout": networkTimeout = (Integer) args[1]; return null;
                case "createStatement": return statement(Statement.class, null);
                case "prepareStatement": return statement(PreparedStatement.class, (String) args[0]);
                default: return defaultValue(m.getReturnType());
            }
        }

        private Object statement(Class<? extends Statement> type, String preparedSql) {
            openStatements.incrementAndGet();
            boolean[] closedFlag = new boolean[1];
            return Proxy.newProxyInstance(StubDb.class.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
                String name = m.getName();
                calls.add("statement." + name);
                if (name.equals("close")) {
                    if (!closedFlag[0]) {
                        closedFlag[0] = true;
                        openStatements.decrementAndGet();
                    }
                    return null;
                }
                if (name.equals("isClosed")) {
                    return closedFlag[0];
                }
                if (dead) {
                    throw new SQLException("stub#" + id + " is gone: statement." + name, "08006");
                }
                if (name.startsWith("execute")) {
                    String sql = preparedSql != null ? preparedSql : args != null && args.length > 0 ? (String) args[0] : "";
                    int raise = sql.indexOf("raise ");
                    if (raise >= 0) {
                        throw new SQLException("stub error for: " + sql, sql.substring(raise + 6).trim());
                    }
                    if (name.equals("executeQuery")) {
                        return resultSet();
                    }
                    return name.equals("execute") ? Boolean.FALSE : defaultValue(m.getReturnType());
                }
                return defaultValue(m.getReturnType());
            });
        }

        private ResultSet resultSet() {
            int[] row = {0};
            return (ResultSet) Proxy.newProxyInstance(StubDb.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                    (p, m, args) -> switch (m.getName()) {
                        case "next" -> ++row[0] == 1;
                        case "getInt" -> 1;
                        default -> defaultValue(m.getReturnType());
                    });
        }
    }

    static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }

    Conn open() throws SQLException {
        connects.incrementAndGet();
        SQLException f = connectFailure;
        if (f != null) {
            throw f;
        }
        Conn c = new Conn();
        connections.add(c);
        return c;
    }

    Conn conn(Connection raw) {
        for (Conn c : connections) {
            if (c.proxy == raw) {
                return c;
            }
        }
        throw new AssertionError("not a stub connection: " + raw);
    }

    /** The stub connection behind a pooled one. */
    Conn behind(Connection pooled) throws SQLException {
        return conn(pooled.unwrap(Connection.class));
    }

    long live() {
        return connections.stream().filter(c -> !c.closed).count();
    }

    DataSource dataSource() {
        return new DataSource() {
            @Override public Connection getConnection() throws SQLException { return open().proxy; }
            @Override public Connection getConnection(String u, String p) throws SQLException { return open().proxy; }
            @Override public PrintWriter getLogWriter() { return null; }
            @Override public void setLogWriter(PrintWriter out) { }
            @Override public void setLoginTimeout(int seconds) { }
            @Override public int getLoginTimeout() { return 0; }
            @Override public Logger getParentLogger() { return Logger.getLogger("stub"); }
            @Override public <T> T unwrap(Class<T> iface) { return null; }
            @Override public boolean isWrapperFor(Class<?> iface) { return false; }
            @Override public String toString() { return "StubDb"; }
        };
    }

    /** Options over this stub with test-sized timeouts; tests override what they exercise. */
    PoolOptions.Builder options() {
        return PoolOptions.builder().dataSource(dataSource()).poolName("stub").connectionTimeout(Duration.ofSeconds(2))
                .validationTimeout(Duration.ofMillis(500)).shutdownTimeout(Duration.ofMillis(200));
    }
}
