package dev.keepalive.http;

import dev.keepalive.core.Checks;
import dev.keepalive.core.TcpKeepAlive;
import java.time.Duration;

/**
 * Settings of an {@link HttpServer}. Immutable; build with {@link #builder()}. Every value is checked
 * when built, and a bad one is refused with the option's name, the value and the allowed range.
 *
 * @param host                     address to bind. Default {@code 127.0.0.1}.
 * @param port                     TCP port; 0 picks a free one. Default 8080. Range 0..65535.
 * @param idleTimeout              how long a persistent connection may sit with no request in flight
 *                                 before the server closes it. Default 75 s; must be > 0. Above 75 % of
 *                                 {@code maxConnections} it shrinks linearly toward 1 s (adaptive).
 * @param keepAliveHeader          send {@code Keep-Alive: timeout=<s>, max=<remaining>} on persistent
 *                                 responses. Default true.
 * @param maxRequestsPerConnection requests served on one connection; the last response says
 *                                 {@code Connection: close}. Default 1000; 0 means no limit.
 * @param maxConnectionAge         age after which a connection closes at its next response boundary.
 *                                 Default 1 h; zero means no limit.
 * @param headerTimeout            deadline for a whole request head, from its first byte (or from the
 *                                 end of the previous response); 408 when missed. Default 20 s; > 0.
 * @param maxHeadSize              largest request head (request line + headers), bytes; 431 above it.
 *                                 Default 16 KiB. Range 1 KiB..1 MiB.
 * @param maxBodySize              largest request body, bytes; 413 above it. Default 10 MiB; >= 0.
 * @param maxDrainSize             unread request body the server reads and discards to keep the
 *                                 connection; more than this and it closes instead. Default 64 KiB.
 * @param maxConnections           open connections; at the limit the oldest idle connection is closed
 *                                 to admit a new one, else accepting pauses. Default 10 000; >= 1.
 * @param maxConnectionsPerIp      open connections per client address; 0 means no cap. Default 0.
 * @param tcpKeepAlive             TCP keepalive applied to accepted sockets, or {@code null} for the
 *                                 OS default (off). Default null.
 * @param eventLoops               NIO event-loop threads. Default: the number of processors; >= 1.
 * @param drainTimeout             graceful shutdown waits this long for in-flight requests, then
 *                                 force-closes. Default 30 s; >= 0.
 * @param lingerTimeout            after a final response with {@code Connection: close}, how long the
 *                                 server keeps reading (and discarding) before closing, so the client
 *                                 reads the response instead of an RST. Default 2 s; >= 0.
 * @param backlog                  accept queue length. Default 1024; >= 1.
 */
public record ServerOptions(
        String host,
        int port,
        Duration idleTimeout,
        boolean keepAliveHeader,
        int maxRequestsPerConnection,
        Duration maxConnectionAge,
        Duration headerTimeout,
        int maxHeadSize,
        long maxBodySize,
        int maxDrainSize,
        int maxConnections,
        int maxConnectionsPerIp,
        TcpKeepAlive tcpKeepAlive,
        int eventLoops,
        Duration drainTimeout,
        Duration lingerTimeout,
        int backlog) {

    public ServerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty: '" + host + "'");
        }
        Checks.range("port", port, 0, 65_535);
        Checks.positive("idleTimeout", idleTimeout);
        Checks.range("maxRequestsPerConnection", maxRequestsPerConnection, 0, Integer.MAX_VALUE);
        Checks.nonNegative("maxConnectionAge", maxConnectionAge);
        Checks.positive("headerTimeout", headerTimeout);
        Checks.range("maxHeadSize", maxHeadSize, 1024, 1 << 20);
        if (maxBodySize < 0) {
            throw new IllegalArgumentException("maxBodySize must be >= 0: " + maxBodySize);
        }
        Checks.range("maxDrainSize", maxDrainSize, 0, 1 << 30);
        Checks.range("maxConnections", maxConnections, 1, Integer.MAX_VALUE);
        Checks.range("maxConnectionsPerIp", maxConnectionsPerIp, 0, Integer.MAX_VALUE);
        Checks.range("eventLoops", eventLoops, 1, 1024);
        Checks.nonNegative("drainTimeout", drainTimeout);
        Checks.nonNegative("lingerTimeout", lingerTimeout);
        Checks.range("backlog", backlog, 1, 65_535);
    }

    public static ServerOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.idleTimeout = idleTimeout;
        b.keepAliveHeader = keepAliveHeader;
        b.maxRequestsPerConnection = maxRequestsPerConnection;
        b.maxConnectionAge = maxConnectionAge;
        b.headerTimeout = headerTimeout;
        b.maxHeadSize = maxHeadSize;
        b.maxBodySize = maxBodySize;
        b.maxDrainSize = maxDrainSize;
        b.maxConnections = maxConnections;
        b.maxConnectionsPerIp = maxConnectionsPerIp;
        b.tcpKeepAlive = tcpKeepAlive;
        b.eventLoops = eventLoops;
        b.drainTimeout = drainTimeout;
        b.lingerTimeout = lingerTimeout;
        b.backlog = backlog;
        return b;
    }

    /** Mutable builder holding the defaults documented on {@link ServerOptions}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Duration idleTimeout = Duration.ofSeconds(75);
        private boolean keepAliveHeader = true;
        private int maxRequestsPerConnection = 1000;
        private Duration maxConnectionAge = Duration.ofHours(1);
        private Duration headerTimeout = Duration.ofSeconds(20);
        private int maxHeadSize = 16 * 1024;
        private long maxBodySize = 10L * 1024 * 1024;
        private int maxDrainSize = 64 * 1024;
        private int maxConnections = 10_000;
        private int maxConnectionsPerIp = 0;
        private TcpKeepAlive tcpKeepAlive = null;
        private int eventLoops = Runtime.getRuntime().availableProcessors();
        private Duration drainTimeout = Duration.ofSeconds(30);
        private Duration lingerTimeout = Duration.ofSeconds(2);
        private int backlog = 1024;

        private Builder() {
        }

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder keepAliveHeader(boolean v) { keepAliveHeader = v; return this; }
        public Builder maxRequestsPerConnection(int v) { maxRequestsPerConnection = v; return this; }
        public Builder maxConnectionAge(Duration v) { maxConnectionAge = v; return this; }
        public Builder headerTimeout(Duration v) { headerTimeout = v; return this; }
        public Builder maxHeadSize(int v) { maxHeadSize = v; return this; }
        public Builder maxBodySize(long v) { maxBodySize = v; return this; }
        public Builder maxDrainSize(int v) { maxDrainSize = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder maxConnectionsPerIp(int v) { maxConnectionsPerIp = v; return this; }
        public Builder tcpKeepAlive(TcpKeepAlive v) { tcpKeepAlive = v; return this; }
        public Builder eventLoops(int v) { eventLoops = v; return this; }
        public Builder drainTimeout(Duration v) { drainTimeout = v; return this; }
        public Builder lingerTimeout(Duration v) { lingerTimeout = v; return this; }
        public Builder backlog(int v) { backlog = v; return this; }

        public ServerOptions build() {
            return new ServerOptions(host, port, idleTimeout, keepAliveHeader, maxRequestsPerConnection,
                    maxConnectionAge, headerTimeout, maxHeadSize, maxBodySize, maxDrainSize, maxConnections,
                    maxConnectionsPerIp, tcpKeepAlive, eventLoops, drainTimeout, lingerTimeout, backlog);
        }
    }
}
