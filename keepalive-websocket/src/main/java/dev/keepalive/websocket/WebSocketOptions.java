package dev.keepalive.websocket;

import dev.keepalive.core.Backoff;
import dev.keepalive.core.Durations;
import dev.keepalive.core.TcpKeepAlive;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Settings of WebSocket connections, server and client side alike (DESIGN.md, WebSocket). Built with
 * {@link #builder()}; every value is checked when built and a refusal names the option, the value and
 * the allowed range.
 *
 * <p>Detection time of a dead peer: at most {@code pingInterval + pongTimeout} (pings go out every
 * {@code pingInterval} minus up to 10 % jitter chosen per connection).
 *
 * @param pingInterval      period of the liveness ping (8-byte timestamp payload, RFC 6455 §5.5.2).
 *                          Default 30 s: under the 60 s idle timeout of common proxies. 0 disables pings
 *                          and with them dead-peer detection.
 * @param pongTimeout       how long an answer to a ping may take; no inbound frame at all within it and
 *                          the peer is declared dead: close 1006 locally, abort TCP. Default 10 s; &gt; 0.
 * @param idleTimeout       close (1001) when no data message went either way for this long; pings do
 *                          not count. Default 0 = off; when set it must exceed pingInterval + pongTimeout,
 *                          or it would cut connections that liveness still vouches for.
 * @param closeTimeout      how long to wait for the peer's close frame (or, on a client, for the
 *                          server's FIN) before aborting. Default 5 s; &gt; 0.
 * @param connectTimeout    client only: TCP connect plus the opening handshake. Default 10 s; &gt; 0.
 * @param maxFrameSize      largest frame payload accepted (1009 beyond it) and sent (longer messages
 *                          go out fragmented). Default 64 KiB; 125 .. maxMessageSize.
 * @param maxMessageSize    largest reassembled message accepted (1009 beyond it). Default 1 MiB;
 *                          maxFrameSize .. 1 GiB.
 * @param maxPingsPerSecond pings a peer may send per second, sustained (bursts of two seconds' worth
 *                          pass); more is a ping flood and closes with 1008. Default 10; 0 = no limit.
 * @param subprotocols      server: the subprotocols it speaks (the first one the client offers wins,
 *                          RFC 6455 §4.2.2); client: the ones it offers, in order of preference.
 *                          Default none.
 * @param appHeartbeats     server only: answer {@code {"kal":"ping",...}} text messages from
 *                          {@code kal-ws.js} with {@code {"kal":"pong",...}} instead of passing them on
 *                          (browsers cannot send pings). Default true.
 * @param reconnect         client only: delays between reconnect attempts. Default
 *                          {@link Backoff#DEFAULT} (500 ms base, 30 s cap, full jitter, reset after 10 s up).
 * @param tcpKeepAlive      client only: TCP keepalive on the socket, a backstop under the pings.
 *                          Default {@link TcpKeepAlive#LONG_LIVED} (60 s / 10 s / 5); null = OS default.
 *                          It applies under TLS too: it is set on the TCP socket that {@code wss://} wraps.
 * @param sslContext        client only: TLS context for {@code wss://} URLs, e.g. one that trusts a private
 *                          CA or presents a client certificate. Default null = {@link SSLContext#getDefault()}
 *                          (the JVM's trust store). Whatever the context, SNI is sent for host names and the
 *                          host name is verified against the certificate (HTTPS rules, RFC 2818 §3.1); the
 *                          TLS handshake counts against {@code connectTimeout}.
 */
public record WebSocketOptions(
        Duration pingInterval,
        Duration pongTimeout,
        Duration idleTimeout,
        Duration closeTimeout,
        Duration connectTimeout,
        int maxFrameSize,
        int maxMessageSize,
        int maxPingsPerSecond,
        List<String> subprotocols,
        boolean appHeartbeats,
        Backoff reconnect,
        TcpKeepAlive tcpKeepAlive,
        SSLContext sslContext) {

    private static final int MAX_MESSAGE_LIMIT = 1 << 30;
    private static final Duration MAX_DURATION = Duration.ofDays(365);

    public WebSocketOptions {
        nonNegative("pingInterval", pingInterval);
        positive("pongTimeout", pongTimeout);
        nonNegative("idleTimeout", idleTimeout);
        positive("closeTimeout", closeTimeout);
        positive("connectTimeout", connectTimeout);
        if (!idleTimeout.isZero()) {
            Duration detection = pingInterval.plus(pongTimeout);
            if (idleTimeout.compareTo(detection) <= 0) {
                throw new IllegalArgumentException("idleTimeout must be 0 (off) or > pingInterval + pongTimeout ("
                        + Durations.format(detection) + "): " + Durations.format(idleTimeout));
            }
        }
        if (maxMessageSize < 125 || maxMessageSize > MAX_MESSAGE_LIMIT) {
            throw new IllegalArgumentException("maxMessageSize must be in 125.." + MAX_MESSAGE_LIMIT + ": "
                    + maxMessageSize);
        }
        if (maxFrameSize < 125 || maxFrameSize > maxMessageSize) {
            throw new IllegalArgumentException("maxFrameSize must be in 125..maxMessageSize (" + maxMessageSize
                    + "): " + maxFrameSize);
        }
        if (maxPingsPerSecond < 0 || maxPingsPerSecond > 1_000_000) {
            throw new IllegalArgumentException("maxPingsPerSecond must be in 0..1000000: " + maxPingsPerSecond);
        }
        Objects.requireNonNull(subprotocols, "subprotocols");
        subprotocols = List.copyOf(subprotocols);
        for (String p : subprotocols) {
            if (!isToken(p)) {
                throw new IllegalArgumentException("subprotocols must be HTTP tokens (RFC 9110 §5.6.2): '" + p + "'");
            }
        }
        Objects.requireNonNull(reconnect, "reconnect");
    }

    /** The defaults of DESIGN.md. */
    public static WebSocketOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().pingInterval(pingInterval).pongTimeout(pongTimeout).idleTimeout(idleTimeout)
                .closeTimeout(closeTimeout).connectTimeout(connectTimeout).maxFrameSize(maxFrameSize)
                .maxMessageSize(maxMessageSize).maxPingsPerSecond(maxPingsPerSecond).subprotocols(subprotocols)
                .appHeartbeats(appHeartbeats).reconnect(reconnect).tcpKeepAlive(tcpKeepAlive).sslContext(sslContext);
    }

    /** Worst case from a peer's death to our verdict: {@code pingInterval + pongTimeout} (0 when pings are off). */
    public Duration detectionTime() {
        return pingInterval.isZero() ? Duration.ZERO : pingInterval.plus(pongTimeout);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0: " + Durations.format(d));
        }
        atMostAYear(name, d);
    }

    private static void nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0: " + Durations.format(d));
        }
        atMostAYear(name, d);
    }

    private static void atMostAYear(String name, Duration d) {
        if (d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(name + " must be <= 365d: " + Durations.format(d));
        }
    }

    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Builder with the defaults of DESIGN.md. */
    public static final class Builder {
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration pongTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ZERO;
        private Duration closeTimeout = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxFrameSize = 64 * 1024;
        private int maxMessageSize = 1024 * 1024;
        private int maxPingsPerSecond = 10;
        private List<String> subprotocols = List.of();
        private boolean appHeartbeats = true;
        private Backoff reconnect = Backoff.DEFAULT;
        private TcpKeepAlive tcpKeepAlive = TcpKeepAlive.LONG_LIVED;
        private SSLContext sslContext;

        private Builder() {
        }

        public Builder pingInterval(Duration v) { pingInterval = v; return this; }
        public Builder pongTimeout(Duration v) { pongTimeout = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder closeTimeout(Duration v) { closeTimeout = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder maxFrameSize(int v) { maxFrameSize = v; return this; }
        public Builder maxMessageSize(int v) { maxMessageSize = v; return this; }
        public Builder maxPingsPerSecond(int v) { maxPingsPerSecond = v; return this; }
        public Builder subprotocols(List<String> v) { subprotocols = v; return this; }
        public Builder subprotocols(String... v) { subprotocols = List.of(v); return this; }
        public Builder appHeartbeats(boolean v) { appHeartbeats = v; return this; }
        public Builder reconnect(Backoff v) { reconnect = v; return this; }
        public Builder tcpKeepAlive(TcpKeepAlive v) { tcpKeepAlive = v; return this; }
        public Builder sslContext(SSLContext v) { sslContext = v; return this; }

        public WebSocketOptions build() {
            return new WebSocketOptions(pingInterval, pongTimeout, idleTimeout, closeTimeout, connectTimeout,
                    maxFrameSize, maxMessageSize, maxPingsPerSecond, subprotocols, appHeartbeats, reconnect,
                    tcpKeepAlive, sslContext);
        }
    }
}
