package dev.keepalive.websocket;

import dev.keepalive.core.Backoff;
import dev.keepalive.core.Liveness;
import dev.keepalive.core.TimerWheel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A client WebSocket that reconnects after every loss (peer closed, dead peer, network error, refused
 * connect) with full-jitter backoff ({@link Backoff}: base 500 ms, cap 30 s, the attempt count reset once
 * a connection stayed up 10 s), until {@link #close()}. Listener callbacks get this object, so an
 * application keeps one handle; {@link ReconnectListener#onConnectedAgain} is where it resubscribes.
 * Sends while disconnected are dropped and return false.
 *
 * <pre>
 *   CONNECTING --handshake ok--> OPEN --loss--> WAITING (backoff delay) --timer--> CONNECTING
 *       \--connect failed--> WAITING                                 any state --close()--> STOPPED
 * </pre>
 */
public final class ReconnectingWebSocket implements WebSocket, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.websocket");
    private final WebSocketClient client;
    private final URI uri;
    private final WebSocketListener listener;
    private final ReconnectListener hooks;
    private final Relay relay = new Relay();
    private final TimerWheel.Timer retryTimer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Backoff.Attempts attempts; // guarded by lock
    private boolean everConnected; // guarded by lock
    private int attemptsSinceLoss; // guarded by lock
    private long lostAt; // guarded by lock
    private volatile WebSocket current;
    private volatile boolean stopped;

    private ReconnectingWebSocket(WebSocketClient client, URI uri, WebSocketListener listener, ReconnectListener hooks) {
        this.client = client;
        this.uri = Objects.requireNonNull(uri, "uri");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.hooks = hooks == null ? ReconnectListener.NONE : hooks;
        this.attempts = client.options().reconnect().attempts();
        this.retryTimer = new TimerWheel.Timer(() -> Thread.ofVirtual().name("kal-ws-reconnect").start(this::attempt));
        this.lostAt = client.ticker().nanoTime();
    }

    static ReconnectingWebSocket start(WebSocketClient client, URI uri, WebSocketListener listener,
                                       ReconnectListener hooks) {
        ReconnectingWebSocket ws = new ReconnectingWebSocket(client, uri, listener, hooks);
        Thread.ofVirtual().name("kal-ws-reconnect").start(ws::attempt);
        return ws;
    }

    private void attempt() {
        if (stopped) {
            return;
        }
        lock.lock();
        try {
            attemptsSinceLoss++;
        } finally {
            lock.unlock();
        }
        try {
            client.connect(uri, relay);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage();
            retry(e.getClass().getSimpleName() + (m == null ? "" : ": " + m));
        }
    }

    private void retry(String cause) {
        long delay;
        int attempt;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            delay = attempts.nextDelayNanos();
            attempt = attempts.attempt();
        } finally {
            lock.unlock();
        }
        // scheduled before the hook runs: a hook that throws must not end the reconnecting
        client.timers().schedule(retryTimer, client.ticker().nanoTime() + delay);
        try {
            hooks.onRetry(attempt, Duration.ofNanos(delay), cause);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ws_reconnect_hook_failed uri=" + uri + " hook=onRetry", e);
        }
    }

    /** Passes the connection's events on with this object as the handle, and reconnects on close. */
    private final class Relay implements WebSocketListener {
        @Override
        public void onOpen(WebSocket ws) {
            boolean again;
            int tries;
            long down;
            lock.lock();
            try {
                long now = client.ticker().nanoTime();
                attempts.onConnected(now);
                again = everConnected;
                everConnected = true;
                tries = attemptsSinceLoss;
                down = now - lostAt;
                current = ws;
            } finally {
                lock.unlock();
            }
            if (stopped) {
                ws.close(CloseStatus.NORMAL, "");
                return;
            }
            listener.onOpen(ReconnectingWebSocket.this);
            if (again) {
                hooks.onConnectedAgain(ReconnectingWebSocket.this, tries, Duration.ofNanos(down));
            }
        }

        @Override
        public void onText(WebSocket ws, String text) {
            listener.onText(ReconnectingWebSocket.this, text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            listener.onBinary(ReconnectingWebSocket.this, data);
        }

        @Override
        public void onHeartbeat(WebSocket ws, Duration rtt) {
            listener.onHeartbeat(ReconnectingWebSocket.this, rtt);
        }

        @Override
        public void onClose(WebSocket ws, CloseStatus status) {
            lock.lock();
            try {
                long now = client.ticker().nanoTime();
                if (current == ws) {
                    current = null;
                }
                attempts.onDisconnected(now);
                lostAt = now;
                attemptsSinceLoss = 0;
            } finally {
                lock.unlock();
            }
            listener.onClose(ReconnectingWebSocket.this, status);
            if (!stopped) {
                retry(status.toString());
            }
        }
    }

    /** Stops reconnecting and closes the current connection with 1000. */
    @Override
    public void close() {
        stopped = true;
        client.timers().cancel(retryTimer);
        WebSocket ws = current;
        if (ws != null) {
            ws.close(CloseStatus.NORMAL, "");
        }
    }

    /** The connection of the moment, or null while reconnecting. */
    public WebSocket current() {
        return current;
    }

    private boolean dropped() {
        client.meter().countDropped();
        return false;
    }

    @Override
    public boolean sendText(String text) {
        WebSocket ws = current;
        return ws != null ? ws.sendText(text) : dropped();
    }

    @Override
    public boolean sendBinary(ByteBuffer data) {
        WebSocket ws = current;
        return ws != null ? ws.sendBinary(data) : dropped();
    }

    @Override
    public boolean sendText(String fragment, boolean last) {
        WebSocket ws = current;
        return ws != null ? ws.sendText(fragment, last) : dropped();
    }

    @Override
    public boolean sendBinary(ByteBuffer fragment, boolean last) {
        WebSocket ws = current;
        return ws != null ? ws.sendBinary(fragment, last) : dropped();
    }

    /** Closes the current connection; a reconnect follows unless {@link #close()} was called. */
    @Override
    public void close(int code, String reason) {
        WebSocket ws = current;
        if (ws != null) {
            ws.close(code, reason);
        }
    }

    @Override
    public void abort() {
        WebSocket ws = current;
        if (ws != null) {
            ws.abort();
        }
    }

    @Override
    public boolean isOpen() {
        WebSocket ws = current;
        return ws != null && ws.isOpen();
    }

    @Override
    public String subprotocol() {
        WebSocket ws = current;
        return ws == null ? null : ws.subprotocol();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        WebSocket ws = current;
        return ws == null ? null : ws.remoteAddress();
    }

    @Override
    public Duration lastRtt() {
        WebSocket ws = current;
        return ws == null ? null : ws.lastRtt();
    }

    @Override
    public Liveness liveness() {
        WebSocket ws = current;
        return ws == null ? Liveness.UNKNOWN : ws.liveness();
    }

    @Override
    public long bufferedAmount() {
        WebSocket ws = current;
        return ws == null ? 0 : ws.bufferedAmount();
    }

    @Override
    public WebSocketStats stats() {
        return client.stats();
    }

    @Override
    public String toString() {
        return "ReconnectingWebSocket[" + uri + (stopped ? " stopped" : "") + "]";
    }
}
