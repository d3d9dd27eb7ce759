package dev.keepalive.jdbc;

import java.sql.SQLException;
import java.util.Set;

/**
 * Which SQL errors mean the connection itself is gone, so the pool must not hand it out again.
 *
 * <p>SQLState class 08 is "connection exception" in SQL:2016 and every driver uses it for broken
 * sockets. PostgreSQL also ends sessions with class 57 "operator intervention" codes: 57P01
 * admin_shutdown ({@code pg_terminate_backend}, fast shutdown), 57P02 crash_shutdown, 57P03
 * cannot_connect_now (starting up or shutting down) and 57P05 idle_session_timeout (PostgreSQL 14+).
 * 01002 is the SQL standard's "disconnect error" warning class; JZ0C0/JZ0C1 are jConnect's
 * "connection is closed" codes. A query timeout (57014) or a constraint violation is not fatal: the
 * connection is fine.
 */
final class Fatal {
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "57P05", "01002", "JZ0C0", "JZ0C1");

    private Fatal() {
    }

    /** Whether {@code e}, or an exception chained to it, says the connection is broken. */
    static boolean isFatal(SQLException e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 10; depth++) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || STATES.contains(state))) {
                    return true;
                }
                SQLException next = s.getNextException();
                t = next != null ? next : s.getCause();
            } else {
                t = t.getCause();
            }
        }
        return false;
    }
}
