package dev.keepalive.http;

import dev.keepalive.core.Checks;
import dev.keepalive.core.TcpKeepAlive;
import dev.keepalive.core.Ticker;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Settings of an {@link HttpClient}. Immutable; build with {@link #builder()}; every value is checked
 * when built and refused with the option's name, the value and the allowed range.
 *
 * @param maxConnectionsPerRoute connections open to one route (scheme, host, port), busy or idle.
 *                               Default 64; >= 1.
 * @param maxIdlePerRoute        idle connections kept per route; more are closed when returned.
 *                               Default 16; 0 disables reuse.
 * @param idleTtl                how long an idle connection may wait for reuse. Default 50 s; > 0. Capped
 *                               per connection at the server's {@code Keep-Alive: timeout} minus 1 s, so
 *                               the client always drops a connection before the server does.
 * @param connectTimeout         TCP (and TLS) connect deadline. Default 10 s; > 0.
 * @param readTimeout            longest wait for any response bytes. Default 30 s; > 0.
 * @param acquireTimeout         longest wait for a connection when the route is at its limit. Default
 *                               30 s; >= 0 (0 fails at once).
 * @param idleCheckInterval      how often idle connections are checked for a FIN or RST from the server,
 *                               so they leave the pool when the server closes them. Default 1 s; > 0.
 * @param retryIdempotent        retry once, on a fresh connection, when a reused connection fails
 *                               before any response byte, for idempotent requests. Default true.
 * @param tcpKeepAlive           TCP keepalive on client sockets, or null for the OS default (off).
 * @param sslContext             TLS context for https; null means {@link SSLContext#getDefault()}.
 * @param ticker                 the clock for every timeout. Default {@link Ticker#system()}.
 */
public record ClientOptions(
        int maxConnectionsPerRoute,
        int maxIdlePerRoute,
        Duration idleTtl,
        Duration connectTimeout,
        Duration readTimeout,
        Duration acquireTimeout,
        Duration idleCheckInterval,
        boolean retryIdempotent,
        TcpKeepAlive tcpKeepAlive,
        SSLContext sslContext,
        Ticker ticker) {

    public ClientOptions {
        if (maxConnectionsPerRoute < 1) {
            throw new IllegalArgumentException("maxConnectionsPerRoute must be >= 1: " + maxConnectionsPerRoute);
        }
        if (maxIdlePerRoute < 0 || maxIdlePerRoute > maxConnectionsPerRoute) {
            throw new IllegalArgumentException("maxIdlePerRoute must be in 0.." + maxConnectionsPerRoute
                    + " (maxConnectionsPerRoute): " + maxIdlePerRoute);
        }
        Checks.positive("idleTtl", idleTtl);
        Checks.positive("connectTimeout", connectTimeout);
        Checks.positive("readTimeout", readTimeout);
        if (acquireTimeout == null || acquireTimeout.isNegative()) {
            throw new IllegalArgumentException("acquireTimeout must be >= 0: " + acquireTimeout);
        }
        Checks.positive("idleCheckInterval", idleCheckInterval);
        if (ticker == null) {
            throw new IllegalArgumentException("ticker must not be null");
        }
    }

    public static ClientOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder holding the defaults documented on {@link ClientOptions}. */
    public static final class Builder {
        private int maxConnectionsPerRoute = 64;
        private int maxIdlePerRoute = 16;
        private Duration idleTtl = Duration.ofSeconds(50);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private Duration idleCheckInterval = Duration.ofSeconds(1);
        private boolean retryIdempotent = true;
        private TcpKeepAlive tcpKeepAlive;
        private SSLContext sslContext;
        private Ticker ticker = Ticker.system();

        private Builder() {
        }

        public Builder maxConnectionsPerRoute(int v) { maxConnectionsPerRoute = v; return this; }
        public Builder maxIdlePerRoute(int v) { maxIdlePerRoute = v; return this; }
        public Builder idleTtl(Duration v) { idleTtl = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder readTimeout(Duration v) { readTimeout = v; return this; }
        public Builder acquireTimeout(Duration v) { acquireTimeout = v; return this; }
        public Builder idleCheckInterval(Duration v) { idleCheckInterval = v; return this; }
        public Builder retryIdempotent(boolean v) { retryIdempotent = v; return this; }
        public Builder tcpKeepAlive(TcpKeepAlive v) { tcpKeepAlive = v; return this; }
        public Builder sslContext(SSLContext v) { sslContext = v; return this; }
        public Builder ticker(Ticker v) { ticker = v; return this; }

        public ClientOptions build() {
            return new ClientOptions(maxConnectionsPerRoute, maxIdlePerRoute, idleTtl, connectTimeout, readTimeout,
                    acquireTimeout, idleCheckInterval, retryIdempotent, tcpKeepAlive, sslContext, ticker);
        }
    }
}
