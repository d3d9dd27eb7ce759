package dev.keepalive.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a returned connection looks like to the next borrower, on a real (in-memory H2) database. */
class H2ResetTest {
    private KeepAlivePool pool;

    @BeforeEach
    void start() throws SQLException {
        pool = KeepAlivePool.start(PoolOptions.builder("jdbc:h2:mem:reset;DB_CLOSE_DELAY=-1").user("sa").password("")
                .poolName("h2").maximumPoolSize(1).initSql("CREATE TABLE IF NOT EXISTS t(id INT)").build());
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM t");
            st.execute("CREATE SCHEMA IF NOT EXISTS other");
        }
    }

    @AfterEach
    void stop() {
        pool.shutdown(Duration.ofSeconds(1));
    }

    private long rows() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void uncommittedWorkIsRolledBackOnReturn() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO t VALUES (1)");
        }
        assertEquals(0, rows(), "the next borrower does not see (or commit) the last one's transaction");
    }

    @Test
    void committedWorkStays() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO t VALUES (1)");
            c.commit();
        }
        assertEquals(1, rows());
    }

    @Test
    void changedSettingsAreBackToTheConnectionsOwnOnTheNextBorrow() throws SQLException {
        int isolation;
        String schema;
        try (Connection c = pool.getConnection()) {
            isolation = c.getTransactionIsolation();
            schema = c.getSchema();
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setSchema("OTHER");
            assertEquals("OTHER", c.getSchema());
        }
        try (Connection c = pool.getConnection()) {
            assertTrue(c.getAutoCommit());
            assertFalse(c.isReadOnly());
            assertEquals(isolation, c.getTransactionIsolation());
            assertEquals(schema, c.getSchema());
        }
        assertEquals(0, pool.stats().evicted(), "reset, not replaced");
        assertEquals(1, pool.stats().opened());
    }
}
