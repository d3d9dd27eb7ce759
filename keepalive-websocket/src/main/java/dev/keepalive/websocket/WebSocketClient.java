package dev.keepalive.websocket;

import dev.keepalive.core.Ticker;
import dev.keepalive.websocket.internal.ClientHandshake;
import dev.keepalive.websocket.internal.ClientTimers;
import dev.keepalive.websocket.internal.ClientTransport;
import dev.keepalive.websocket.internal.Meter;
import dev.keepalive.websocket.internal.Session;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * Opens client WebSocket connections ({@code ws://} and {@code wss://}) with the liveness rules of the
 * server: a ping every {@code pingInterval}, dead after {@code pongTimeout} without an answer. Each
 * connection uses two virtual threads (reader, writer); every client's timers share one wheel thread.
 * {@code wss://} uses {@link WebSocketOptions#sslContext()} (the JVM's default unless set), with SNI and
 * host name verification.
 *
 * <pre>{@code
 * WebSocketClient client = WebSocketClient.create(WebSocketOptions.defaults());
 * WebSocket ws = client.connect(URI.create("ws://localhost:8080/ws/echo"), listener);   // blocks
 * ReconnectingWebSocket live = client.reconnecting(uri, listener, hooks);               // returns at once
 * }</pre>
 */
public final class WebSocketClient implements AutoCloseable {
    private final WebSocketOptions options;
    private final ClientTimers timers;
    private final Meter meter = new Meter();

    private WebSocketClient(WebSocketOptions options, ClientTimers timers) {
        this.options = Objects.requireNonNull(options, "options");
        this.timers = timers;
    }

    /** A client on the system clock. */
    public static WebSocketClient create(WebSocketOptions options) {
        return new WebSocketClient(options, ClientTimers.system());
    }

    /** A client whose timeouts follow {@code ticker} (tests pass a {@link dev.keepalive.core.FakeTicker}). */
    public static WebSocketClient create(WebSocketOptions options, Ticker ticker) {
        return new WebSocketClient(options, ClientTimers.start(ticker));
    }

    public WebSocketOptions options() {
        return options;
    }

    Ticker ticker() {
        return timers.ticker();
    }

    ClientTimers timers() {
        return timers;
    }

    Meter meter() {
        return meter;
    }

    /**
     * Connects and completes the handshake within {@link WebSocketOptions#connectTimeout()}; the
     * listener's {@code onOpen} has run when this returns.
     *
     * @throws HandshakeException when the server refuses or answers wrongly
     * @throws IOException        when the connection fails or times out
     */
    public WebSocket connect(URI uri, WebSocketListener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        ClientHandshake.Opened opened = ClientHandshake.open(uri, options);
        ClientTransport transport = new ClientTransport(opened.socket(), timers);
        Session session = new Session(transport, options, listener, meter, true, opened.subprotocol());
        transport.start(session, opened.early());
        return session;
    }

    /**
     * A connection that comes back by itself: after any loss it reconnects with
     * {@link WebSocketOptions#reconnect()} (full jitter) until {@link ReconnectingWebSocket#close()}.
     * The first attempt starts at once, in the background.
     */
    public ReconnectingWebSocket reconnecting(URI uri, WebSocketListener listener, ReconnectListener hooks) {
        return ReconnectingWebSocket.start(this, uri, listener, hooks);
    }

    /** Counters over every connection this client opened. */
    public WebSocketStats stats() {
        return meter.snapshot();
    }

    /** Stops a private timer thread (one made for a non-system ticker); connections are left alone. */
    @Override
    public void close() {
        timers.close();
    }
}
