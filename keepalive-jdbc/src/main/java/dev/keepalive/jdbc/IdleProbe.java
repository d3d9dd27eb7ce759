package dev.keepalive.jdbc;

import dev.keepalive.core.Durations;
import dev.keepalive.core.Ticker;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how long a database, and everything between it and us (NAT, firewalls, proxies), lets an
 * idle connection live: the engine of {@code kal db}.
 *
 * <p>It opens one connection per step of a growing ladder (250 ms, 500 ms, 1 s, 2 s, 5 s ... up to
 * {@code maxIdle}), all at once, leaves each idle for its step and then validates it. The first step
 * whose connection is dead bounds the idle limit from above, the step before it from below, and the
 * run stops there, so it takes about as long as the limit itself. A control connection, used every
 * few hundred milliseconds meanwhile, tells an idle limit (the control lives on) from a lifetime limit
 * (the control dies too).
 *
 * <pre>
 *   OPEN ladder + control ──► WAITING ──step due──► VALIDATE ──alive──► WAITING (next step)
 *                                │                     └─dead──► DONE (limit between previous and this step)
 *                                └─every step alive up to maxIdle──► DONE (no limit up to maxIdle)
 * </pre>
 */
public final class IdleProbe {
    /** Opens a connection; the first call's failure (bad URL, bad password) ends the probe. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /** One rung of the ladder: a connection idle for {@code idle}, then found alive or not. */
    public record Step(Duration idle, boolean alive, String evidence) {
    }

    /**
     * What the probe found.
     *
     * @param product         database product and version, from the driver's metadata
     * @param maxIdle         the longest idle time tried
     * @param steps           validated steps in order, the last one dead if a limit was found
     * @param lastAlive       longest idle time a connection survived, or null if even the first died
     * @param firstDead       shortest idle time a connection did not survive, or null: no limit found
     * @param controlLifetime how long the busy control connection lived, if it died; else null
     * @param serverSettings  the server's own idle settings where it tells (PostgreSQL, MySQL)
     * @param elapsed         how long the probe ran
     */
    public record Result(String product, Duration maxIdle, List<Step> steps, Duration lastAlive, Duration firstDead,
            Duration controlLifetime, Map<String, String> serverSettings, Duration elapsed) {

        public Result {
            steps = List.copyOf(steps);
            serverSettings = Map.copyOf(serverSettings);
        }

        /**
         * A keepalive time that validates every idle connection well before the limit: half the longest
         * idle time that survived (so ±10 % jitter and a late timer stay under it), at most DESIGN.md's
         * 2 min. Null when even the shortest step died: no keepalive can help then.
         */
        public Duration safeKeepaliveTime() {
            Duration known = firstDead == null ? maxIdle : lastAlive;
            if (known == null) {
                return null;
            }
            Duration half = Duration.ofMillis(Math.max(10, known.toMillis() / 2));
            return half.compareTo(Duration.ofMinutes(2)) < 0 ? half : Duration.ofMinutes(2);
        }

        /**
         * A max lifetime: DESIGN.md's 30 min, unless the busy control connection died (a limit on age,
         * not idleness, that keepalive cannot lift): then 80 % of its life, at least 1 s.
         */
        public Duration safeMaxLifetime() {
            if (controlLifetime == null) {
                return Duration.ofMinutes(30);
            }
            return Duration.ofMillis(Math.max(1000, controlLifetime.toMillis() * 8 / 10));
        }
    }

    /** Told about progress as soon as it is known. */
    @FunctionalInterface
    public interface Listener {
        /** The first connection is open: the URL and the login work. */
        default void connected(String product) {
        }

        /** One step of the ladder was validated. */
        void step(Step step);
    }

    private static final long[] LADDER_MILLIS = {250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 60_000,
        120_000, 300_000, 600_000, 900_000, 1_200_000, 1_800_000, 2_700_000, 3_600_000, 7_200_000};

    private IdleProbe() {
    }

    /** The idle times tried for {@code maxIdle}: the fixed ladder below it, then {@code maxIdle} itself. */
    public static List<Duration> ladder(Duration maxIdle) {
        if (maxIdle == null || maxIdle.isNegative() || maxIdle.isZero() || maxIdle.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("maxIdle must be in (0s, 1d]: " + (maxIdle == null ? null : Durations.format(maxIdle)));
        }
        List<Duration> steps = new ArrayList<>();
        for (long ms : LADDER_MILLIS) {
            if (ms < maxIdle.toMillis()) {
                steps.add(Duration.ofMillis(ms));
            }
        }
        steps.add(maxIdle);
        return steps;
    }

    /** Runs the probe with the system clock. */
    public static Result run(ConnectionSource source, Duration maxIdle, Listener listener) throws SQLException {
        return run(source, maxIdle, listener, Ticker.system());
    }

    static Result run(ConnectionSource source, Duration maxIdle, Listener listener, Ticker ticker) throws SQLException {
        Objects.requireNonNull(source, "source");
        List<Duration> ladder = ladder(maxIdle);
        long t0 = ticker.nanoTime();
        Connection control = source.open(); // a bad URL or password ends it here, with the driver's words
        List<Connection> idle = new ArrayList<>();
        try {
            String product = product(control);
            if (listener != null) {
                listener.connected(product);
            }
            Map<String, String> settings = serverSettings(control, product);
            long[] since = new long[ladder.size()];
            for (int i = 0; i < ladder.size(); i++) {
                Connection c = source.open();
                idle.add(c);
                touch(c);
                since[i] = ticker.nanoTime();
            }
            // The control connection is used more often than the shortest step, so it is never idle long.
            long controlEvery = Math.max(50_000_000L, ladder.get(0).toNanos() / 3);
            long controlOpened = t0;
            long controlLastOk = ticker.nanoTime();
            Duration controlLifetime = null;
            List<Step> steps = new ArrayList<>();
            Duration lastAlive = null;
            Duration firstDead = null;
            int next = 0;
            while (next < ladder.size()) {
                long now = ticker.nanoTime();
                long due = since[next] + ladder.get(next).toNanos();
                if (now - due >= 0) {
                    String problem = check(idle.get(next));
                    Step step = new Step(ladder.get(next), problem == null, problem);
                    steps.add(step);
                    if (listener != null) {
                        listener.step(step);
                    }
                    if (problem != null) {
                        firstDead = ladder.get(next);
                        break;
                    }
                    lastAlive = ladder.get(next);
                    next++;
                    continue;
                }
                if (controlLifetime == null && now - controlLastOk >= controlEvery) {
                    if (check(control) == null) {
                        controlLastOk = ticker.nanoTime();
                    } else {
                        controlLifetime = Duration.ofNanos(now - controlOpened);
                    }
                }
                LockSupport.parkNanos(Math.min(due - now, controlEvery));
            }
            return new Result(product, maxIdle, steps, lastAlive, firstDead, controlLifetime, settings,
                    Duration.ofNanos(ticker.nanoTime() - t0));
        } finally {
            for (Connection c : idle) {
                closeQuietly(c);
            }
            closeQuietly(control);
        }
    }

    private static void touch(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        }
    }

    /** Null when the connection answers a query within 5 s, else what went wrong. */
    private static String check(Connection c) {
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(5);
            st.execute("SELECT 1");
            return null;
        } catch (SQLException e) {
            return "SQLState " + e.getSQLState() + ": " + Connector.oneLine(e);
        } catch (RuntimeException e) {
            return Connector.oneLine(e);
        }
    }

    private static String product(Connection c) {
        try {
            return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            return "unknown";
        }
    }

    /** The server's own idle settings, where it has and tells them; never fails the probe. */
    private static Map<String, String> serverSettings(Connection c, String product) {
        Map<String, String> settings = new LinkedHashMap<>();
        String p = product.toLowerCase(Locale.ROOT);
        List<String> names = p.startsWith("postgresql")
                ? List.of("idle_session_timeout", "idle_in_transaction_session_timeout", "tcp_keepalives_idle")
                : p.startsWith("mysql") || p.startsWith("mariadb") ? List.of("wait_timeout", "interactive_timeout") : List.of();
        for (String name : names) {
            String sql = p.startsWith("postgresql") ? "SHOW " + name : "SELECT @@" + name;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                if (rs.next()) {
                    settings.put(name, rs.getString(1));
                }
            } catch (SQLException e) {
                // not every server or user may read every setting; the measurement is what counts
            }
        }
        return settings;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // dead connections are what we are looking for; closing them may fail
        }
    }
}
