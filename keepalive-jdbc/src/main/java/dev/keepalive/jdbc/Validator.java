package dev.keepalive.jdbc;

import dev.keepalive.core.Ticker;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.Executor;

/** Is this connection alive? One answer for the keepalive and for validation on borrow. */
final class Validator {
    private static final Executor DIRECT = Runnable::run;

    private final String testQuery;
    private final Ticker ticker;
    private volatile boolean networkTimeoutSupported = true;

    Validator(String testQuery, Ticker ticker) {
        this.testQuery = testQuery;
        this.ticker = ticker;
    }

    /**
     * Validates a connection the caller holds (BORROWED or PROBING) within {@code timeoutNanos}: with
     * {@link Connection#isValid} or the test query, under a network timeout so a black-holed socket
     * cannot hang the caller. Returns null when alive, else the evidence.
     */
    String validate(PoolEntry e, long timeoutNanos) {
        Connection c = e.raw;
        long t0 = ticker.nanoTime();
        int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
        int seconds = Math.max(1, (ms + 999) / 1000); // isValid and query timeouts take whole seconds
        int previous = -1;
        try {
            if (networkTimeoutSupported) {
                try {
                    previous = c.getNetworkTimeout();
                    c.setNetworkTimeout(DIRECT, ms);
                } catch (SQLFeatureNotSupportedException | UnsupportedOperationException | AbstractMethodError x) {
                    networkTimeoutSupported = false;
                    previous = -1;
                }
            }
            if (testQuery == null) {
                if (!c.isValid(seconds)) {
                    return "isValid(" + seconds + ") returned false after " + Housekeeper.ms(ticker.nanoTime() - t0);
                }
            } else {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(seconds);
                    s.execute(testQuery);
                }
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
            return null;
        } catch (SQLException | RuntimeException x) {
            String state = x instanceof SQLException s ? " SQLState " + s.getSQLState() : "";
            return "validation failed after " + Housekeeper.ms(ticker.nanoTime() - t0) + state + ": " + Connector.oneLine(x);
        } finally {
            if (previous >= 0) {
                try {
                    c.setNetworkTimeout(DIRECT, previous);
                } catch (SQLException | RuntimeException ignored) {
                    // a connection that cannot take its timeout back fails its next validation instead
                }
            }
        }
    }
}
