package dev.keepalive.cli.demo;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of {@code kal demo}. Immutable; build with {@link #builder()}; a bad value is refused with the
 * option's name, the value and the allowed range.
 *
 * @param host     address of the page server. Default {@code 127.0.0.1}; not blank. The layers always run
 *                 on loopback.
 * @param port     TCP port of the page server; 0 picks a free one. Default 8080; range 0..65535.
 * @param database run the {@code db} layer on an embedded PostgreSQL. Default true; false (or a PostgreSQL
 *                 that cannot start) leaves the db card {@code unavailable}.
 * @param progress receives the start-up progress lines. Default {@code System.out::println}.
 */
public record DemoOptions(String host, int port, boolean database, Consumer<String> progress) {

    public DemoOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank: '" + host + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535: " + port);
        }
        Objects.requireNonNull(progress, "progress");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder holding the defaults documented on {@link DemoOptions}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private boolean database = true;
        private Consumer<String> progress = System.out::println;

        private Builder() {
        }

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder database(boolean v) { database = v; return this; }
        public Builder progress(Consumer<String> v) { progress = v; return this; }

        public DemoOptions build() {
            return new DemoOptions(host, port, database, progress);
        }
    }
}
