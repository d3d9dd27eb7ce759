package dev.keepalive.jdbc;

import dev.keepalive.core.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Settings of a {@link KeepAlivePool}. Immutable; build with {@link #builder()}. Every value is checked
 * when built, and a bad one is refused with the option's name, the value and the allowed range. Defaults
 * are those of DESIGN.md (HikariCP's, with keepalive on).
 *
 * @param jdbcUrl                where to connect, e.g. {@code jdbc:postgresql://db:5432/app}; exactly one
 *                               of {@code jdbcUrl} and {@code dataSource} is set.
 * @param driverClassName        JDBC driver class to load for {@code jdbcUrl}, or {@code null} to ask
 *                               {@link java.sql.DriverManager} for the driver that accepts the URL.
 * @param dataSource             a driver's own {@link DataSource} to take connections from, or {@code null}.
 * @param user                   user name, or {@code null} for none (or the URL's).
 * @param password               password, or {@code null}. Never printed by {@link #toString()}.
 * @param properties             extra driver properties (e.g. {@code ApplicationName}); empty by default.
 * @param maximumPoolSize        most connections open at once, borrowed or idle. Default 10; 1..10000.
 * @param minimumIdle            idle connections the pool keeps ready (refilled in the background).
 *                               Default: {@code maximumPoolSize} (a fixed-size pool); 0..maximumPoolSize.
 * @param connectionTimeout      longest a borrower waits in {@code getConnection()}, including the
 *                               validation and replacement of dead connections. Default 30 s; &gt; 0.
 * @param validationTimeout      longest one validation (keepalive, or on borrow) may take. Default 5 s;
 *                               &gt; 0 and &lt;= connectionTimeout.
 * @param keepaliveTime          an idle connection is validated this long after its last use, with
 *                               ±10 % jitter per connection, and never while borrowed. Default 2 min;
 *                               0 disables; else &gt;= 10 ms and shorter than maxLifetime.
 * @param validateAfterIdle      a connection idle at least this long is validated when borrowed.
 *                               Default 500 ms; 0 validates on every borrow.
 * @param idleTimeout            an idle connection above {@code minimumIdle} is closed after this long.
 *                               Default 10 min; 0 disables.
 * @param maxLifetime            a connection is retired this long after it opened, minus up to 2.5 %
 *                               jitter, when it is idle or returned, never under a borrower.
 *                               Default 30 min; 0 disables; else &gt;= 1 s.
 * @param leakDetectionThreshold a connection borrowed longer than this is reported with the borrower's
 *                               stack (event {@code pool_leak}). Default 0 (off).
 * @param testQuery              query that validates a connection, or {@code null} (default) for
 *                               {@link java.sql.Connection#isValid(int)}, which drivers answer cheaply.
 * @param initSql                SQL run once on every new connection, or {@code null}.
 * @param poolName               name in logs, errors and thread names. Default {@code pool}; not blank.
 * @param shutdownTimeout        {@link KeepAlivePool#close()} waits this long for borrowed connections
 *                               to come back before closing them under their borrowers. Default 30 s; &gt;= 0.
 */
public record PoolOptions(
        String jdbcUrl,
        String driverClassName,
        DataSource dataSource,
        String user,
        String password,
        Map<String, String> properties,
        int maximumPoolSize,
        int minimumIdle,
        Duration connectionTimeout,
        Duration validationTimeout,
        Duration keepaliveTime,
        Duration validateAfterIdle,
        Duration idleTimeout,
        Duration maxLifetime,
        Duration leakDetectionThreshold,
        String testQuery,
        String initSql,
        String poolName,
        Duration shutdownTimeout) {

    private static final Duration MIN_KEEPALIVE = Duration.ofMillis(10);
    private static final Duration MIN_LIFETIME = Duration.ofSeconds(1);
    // Deadlines are long nanoseconds: anything longer than a year is surely a typo.
    private static final Duration MAX = Duration.ofDays(365);

    public PoolOptions {
        if ((jdbcUrl == null) == (dataSource == null)) {
            throw new IllegalArgumentException("jdbcUrl must be set when dataSource is not, and not both: jdbcUrl="
                    + jdbcUrl + ", dataSource=" + dataSource);
        }
        if (jdbcUrl != null && jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("jdbcUrl must not be blank: '" + jdbcUrl + "'");
        }
        properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
        range("maximumPoolSize", maximumPoolSize, 1, 10_000);
        range("minimumIdle", minimumIdle, 0, maximumPoolSize);
        positive("connectionTimeout", connectionTimeout);
        positive("validationTimeout", validationTimeout);
        if (validationTimeout.compareTo(connectionTimeout) > 0) {
            throw new IllegalArgumentException("validationTimeout must be <= connectionTimeout ("
                    + Durations.format(connectionTimeout) + "): " + Durations.format(validationTimeout));
        }
        disabledOrAtLeast("keepaliveTime", keepaliveTime, MIN_KEEPALIVE);
        nonNegative("validateAfterIdle", validateAfterIdle);
        nonNegative("idleTimeout", idleTimeout);
        disabledOrAtLeast("maxLifetime", maxLifetime, MIN_LIFETIME);
        if (!keepaliveTime.isZero() && !maxLifetime.isZero() && keepaliveTime.compareTo(maxLifetime) >= 0) {
            throw new IllegalArgumentException("keepaliveTime must be shorter than maxLifetime ("
                    + Durations.format(maxLifetime) + "): " + Durations.format(keepaliveTime));
        }
        nonNegative("leakDetectionThreshold", leakDetectionThreshold);
        nonNegative("shutdownTimeout", shutdownTimeout);
        if (poolName == null || poolName.isBlank()) {
            throw new IllegalArgumentException("poolName must not be blank: '" + poolName + "'");
        }
        if (testQuery != null && testQuery.isBlank()) {
            throw new IllegalArgumentException("testQuery must be null (use isValid) or a query: '" + testQuery + "'");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder for {@code jdbcUrl} with every other option at its default. */
    public static Builder builder(String jdbcUrl) {
        return new Builder().jdbcUrl(jdbcUrl);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.jdbcUrl = jdbcUrl;
        b.driverClassName = driverClassName;
        b.dataSource = dataSource;
        b.user = user;
        b.password = password;
        b.properties = new TreeMap<>(properties);
        b.maximumPoolSize = maximumPoolSize;
        b.minimumIdle = minimumIdle;
        b.connectionTimeout = connectionTimeout;
        b.validationTimeout = validationTimeout;
        b.keepaliveTime = keepaliveTime;
        b.validateAfterIdle = validateAfterIdle;
        b.idleTimeout = idleTimeout;
        b.maxLifetime = maxLifetime;
        b.leakDetectionThreshold = leakDetectionThreshold;
        b.testQuery = testQuery;
        b.initSql = initSql;
        b.poolName = poolName;
        b.shutdownTimeout = shutdownTimeout;
        return b;
    }

    /** Whether idle connections are validated in the background. */
    public boolean keepaliveEnabled() {
        return !keepaliveTime.isZero();
    }

    /** The settings without the password, for logs. */
    @Override
    public String toString() {
        return "PoolOptions[poolName=" + poolName + ", " + (jdbcUrl != null ? "jdbcUrl=" + jdbcUrl : "dataSource=" + dataSource)
                + ", user=" + user + ", maximumPoolSize=" + maximumPoolSize + ", minimumIdle=" + minimumIdle
                + ", connectionTimeout=" + Durations.format(connectionTimeout)
                + ", validationTimeout=" + Durations.format(validationTimeout)
                + ", keepaliveTime=" + Durations.format(keepaliveTime)
                + ", validateAfterIdle=" + Durations.format(validateAfterIdle)
                + ", idleTimeout=" + Durations.format(idleTimeout)
                + ", maxLifetime=" + Durations.format(maxLifetime)
                + ", leakDetectionThreshold=" + Durations.format(leakDetectionThreshold)
                + ", testQuery=" + testQuery + ", initSql=" + initSql
                + ", shutdownTimeout=" + Durations.format(shutdownTimeout) + "]";
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ": " + value);
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(name + " must be in (0s, 365d]: " + text(d));
        }
    }

    private static void nonNegative(String name, Duration d) {
        if (d == null || d.isNegative() || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(name + " must be in [0s, 365d]: " + text(d));
        }
    }

    private static void disabledOrAtLeast(String name, Duration d, Duration min) {
        if (d == null || d.isNegative() || (!d.isZero() && d.compareTo(min) < 0) || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(name + " must be 0 (off) or in [" + Durations.format(min)
                    + ", 365d]: " + text(d));
        }
    }

    private static String text(Duration d) {
        return d == null ? "null" : Durations.format(d);
    }

    /** Mutable builder holding the defaults documented on {@link PoolOptions}. */
    public static final class Builder {
        private String jdbcUrl;
        private String driverClassName;
        private DataSource dataSource;
        private String user;
        private String password;
        private Map<String, String> properties = new TreeMap<>();
        private int maximumPoolSize = 10;
        private Integer minimumIdle; // null: same as maximumPoolSize
        private Duration connectionTimeout = Duration.ofSeconds(30);
        private Duration validationTimeout = Duration.ofSeconds(5);
        private Duration keepaliveTime = Duration.ofMinutes(2);
        private Duration validateAfterIdle = Duration.ofMillis(500);
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration maxLifetime = Duration.ofMinutes(30);
        private Duration leakDetectionThreshold = Duration.ZERO;
        private String testQuery;
        private String initSql;
        private String poolName = "pool";
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder jdbcUrl(String v) { jdbcUrl = v; return this; }
        public Builder driverClassName(String v) { driverClassName = v; return this; }
        public Builder dataSource(DataSource v) { dataSource = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder password(String v) { password = v; return this; }
        public Builder properties(Map<String, String> v) { properties = new TreeMap<>(v); return this; }
        public Builder property(String name, String value) { properties.put(name, value); return this; }
        public Builder maximumPoolSize(int v) { maximumPoolSize = v; return this; }
        public Builder minimumIdle(int v) { minimumIdle = v; return this; }
        public Builder connectionTimeout(Duration v) { connectionTimeout = v; return this; }
        public Builder validationTimeout(Duration v) { validationTimeout = v; return this; }
        public Builder keepaliveTime(Duration v) { keepaliveTime = v; return this; }
        public Builder validateAfterIdle(Duration v) { validateAfterIdle = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder maxLifetime(Duration v) { maxLifetime = v; return this; }
        public Builder leakDetectionThreshold(Duration v) { leakDetectionThreshold = v; return this; }
        public Builder testQuery(String v) { testQuery = v; return this; }
        public Builder initSql(String v) { initSql = v; return this; }
        public Builder poolName(String v) { poolName = v; return this; }
        public Builder shutdownTimeout(Duration v) { shutdownTimeout = v; return this; }

        public PoolOptions build() {
            return new PoolOptions(jdbcUrl, driverClassName, dataSource, user, password, properties,
                    maximumPoolSize, minimumIdle == null ? maximumPoolSize : minimumIdle, connectionTimeout,
                    validationTimeout, keepaliveTime, validateAfterIdle, idleTimeout, maxLifetime,
                    leakDetectionThreshold, testQuery, initSql, poolName, shutdownTimeout);
        }
    }
}
