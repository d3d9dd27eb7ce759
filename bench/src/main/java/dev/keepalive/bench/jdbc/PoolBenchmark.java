package dev.keepalive.bench.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keepalive.jdbc.KeepAlivePool;
import dev.keepalive.jdbc.PoolOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HikariCP's two classic cycles, our pool and HikariCP 6 side by side, over {@link StubDriver}:
 * <ul>
 *   <li>{@code connectionCycle}: {@code getConnection()} then {@code close()};
 *   <li>{@code statementCycle}: {@code getConnection()}, {@code prepareStatement}, {@code execute},
 *       close both.
 * </ul>
 * Both pools run with their defaults (keepalive 2 min, max lifetime 30 min, validation after 500 ms
 * idle) and a fixed size of {@code size}. The thread count ({@code -t}, platform threads) comes from
 * bench/jdbc-pool.sh; {@link VirtualPoolBenchmark} runs the same cycles on virtual threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PoolBenchmark {
    static final String SQL = "INSERT INTO test (column) VALUES (?)";

    @Param({"keepalive", "hikari"})
    public String pool;

    @Param({"32"})
    public int size;

    private DataSource dataSource;
    private AutoCloseable closer;

    @Setup(Level.Trial)
    public void start() throws Exception {
        dataSource = open(pool, size);
        closer = (AutoCloseable) dataSource;
    }

    /** Starts pool {@code name} ("keepalive" or "hikari") of {@code size} connections, filled. */
    static DataSource open(String name, int size) throws Exception {
        DataSource dataSource;
        switch (name) {
            case "keepalive" -> {
                KeepAlivePool p = KeepAlivePool.start(PoolOptions.builder(StubDriver.URL)
                        .driverClassName(StubDriver.class.getName()).maximumPoolSize(size).poolName("keepalive").build());
                dataSource = p;
            }
            case "hikari" -> {
                HikariConfig c = new HikariConfig();
                c.setJdbcUrl(StubDriver.URL);
                c.setDriverClassName(StubDriver.class.getName());
                c.setMaximumPoolSize(size);
                c.setMinimumIdle(size);
                c.setPoolName("hikari");
                HikariDataSource h = new HikariDataSource(c);
                dataSource = h;
            }
            default -> throw new IllegalArgumentException("pool must be keepalive or hikari: " + name);
        }
        // both fill to `size` in the background; start measuring from full pools
        for (int i = 0; i < 400 && total(dataSource) < size; i++) {
            Thread.sleep(5);
        }
        return dataSource;
    }

    private static int total(DataSource dataSource) throws SQLException {
        if (dataSource instanceof KeepAlivePool p) {
            return p.stats().total();
        }
        return ((HikariDataSource) dataSource).getHikariPoolMXBean().getTotalConnections();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        closer.close();
    }

    @Benchmark
    public Connection connectionCycle() throws SQLException {
        return connectionCycle(dataSource);
    }

    @Benchmark
    public boolean statementCycle() throws SQLException {
        return statementCycle(dataSource);
    }

    static Connection connectionCycle(DataSource dataSource) throws SQLException {
        Connection c = dataSource.getConnection();
        c.close();
        return c;
    }

    static boolean statementCycle(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            return ps.execute();
        }
    }
}
