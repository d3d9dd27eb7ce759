package dev.keepalive.cli.demo;

import dev.keepalive.cli.FaultProxyHandle;
import dev.keepalive.cli.ServeCommand;
import dev.keepalive.core.Backoff;
import dev.keepalive.core.CloseReason;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.ServerOptions;
import dev.keepalive.websocket.CloseStatus;
import dev.keepalive.websocket.ReconnectListener;
import dev.keepalive.websocket.ReconnectingWebSocket;
import dev.keepalive.websocket.WebSocket;
import dev.keepalive.websocket.WebSocketClient;
import dev.keepalive.websocket.WebSocketEndpoint;
import dev.keepalive.websocket.WebSocketListener;
import dev.keepalive.websocket.WebSocketOptions;
import dev.keepalive.websocket.WebSocketStats;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * WebSocket liveness: an echo {@link WebSocketEndpoint} and a {@link ReconnectingWebSocket} through a fault
 * proxy, both pinging every 1 s with a 1 s pong timeout (detection ≤ 2 s); the client sends a message every
 * 500 ms and reconnects with a short backoff.
 *
 * <p>Detection: the client's connection closes (pong timeout, or the reset). Recovery: connected again and a
 * pong received on the new connection.
 */
final class WsLayer implements Layer {
    static final Duration PING = Duration.ofSeconds(1);
    static final Duration PONG_TIMEOUT = Duration.ofSeconds(1);
    private static final long DEAD_SHOWN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final LayerState state;
    private final Timeline timeline;
    private final HttpServer target;
    private final WebSocketEndpoint endpoint;
    private final FaultProxyHandle proxy;
    private final ProxyFaults faults;
    private final WebSocketClient client;
    private final ReconnectingWebSocket socket;
    private final Thread sender;
    private final AtomicLong ids = new AtomicLong();
    private final LongAdder pongTimeouts = new LongAdder();
    private final LongAdder closes = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder echoes = new LongAdder();
    private final ConcurrentLinkedDeque<Conn> connections = new ConcurrentLinkedDeque<>();
    private volatile Conn current;
    /** Set on detection: the next pong on a connection opened after it is the recovery. */
    private volatile long detectedConnectionId = Long.MAX_VALUE;
    private volatile double rttMs = Double.NaN;
    private volatile boolean running = true;

    private static final class Conn {
        final long id;
        final long openedNanos;
        final AtomicLong pongs = new AtomicLong();
        volatile long deadNanos;
        volatile String why = "";

        Conn(long id, long openedNanos) {
            this.id = id;
            this.openedNanos = openedNanos;
        }
    }

    WsLayer(String host, Timeline timeline) throws IOException {
        this.timeline = timeline;
        this.state = new LayerState("ws", "WebSocket ping/pong", "ping " + PING.toSeconds() + " s · pong timeout "
                + PONG_TIMEOUT.toSeconds() + " s (detection ≤ 2 s) · reconnect backoff 100 ms..2 s, full jitter",
                timeline);
        WebSocketOptions server = WebSocketOptions.builder().pingInterval(PING).pongTimeout(PONG_TIMEOUT)
                .closeTimeout(Duration.ofSeconds(1)).build();
        this.endpoint = WebSocketEndpoint.echo(server);
        this.target = HttpServer.start(ServerOptions.builder().host(host).port(0).eventLoops(1)
                .drainTimeout(Duration.ofMillis(200)).build(), endpoint.mount("/echo", null));
        FaultProxyHandle p;
        try {
            p = FaultProxyHandle.start(host, target.address());
        } catch (IOException e) {
            target.close();
            throw e;
        }
        this.proxy = p;
        this.faults = new ProxyFaults(proxy, state, "a ping every 1 s (and a message every 500 ms) kept the flow");
        this.client = WebSocketClient.create(WebSocketOptions.builder().pingInterval(PING).pongTimeout(PONG_TIMEOUT)
                .connectTimeout(Duration.ofSeconds(1)).closeTimeout(Duration.ofSeconds(1))
                .reconnect(Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .tcpKeepAlive(null).build());
        URI uri = URI.create("ws://" + ServeCommand.hostPort(host, proxy.port()) + "/echo");
        this.socket = client.reconnecting(uri, new Listener(), new ReconnectListener() {
            @Override
            public void onConnectedAgain(WebSocket ws, int attempts, Duration downtime) {
                reconnects.increment();
                timeline.event("ws", "info", "reconnected after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                        + ", down " + LayerState.age(downtime.toNanos()));
            }
        });
        this.sender = Thread.ofVirtual().name("kal-demo-ws-send").start(this::sendLoop);
    }

    private final class Listener implements WebSocketListener {
        @Override
        public void onOpen(WebSocket ws) {
            Conn c = new Conn(ids.incrementAndGet(), timeline.ticker().nanoTime());
            current = c;
            connections.addLast(c);
        }

        @Override
        public void onText(WebSocket ws, String text) {
            echoes.increment();
        }

        @Override
        public void onHeartbeat(WebSocket ws, Duration rtt) {
            rttMs = rtt.toNanos() / 1e6;
            Conn c = current;
            if (c != null) {
                c.pongs.incrementAndGet();
                if (c.id > detectedConnectionId && state.recovered("reconnected (ws-" + c.id + ") and a pong came back in "
                        + String.format(java.util.Locale.ROOT, "%.2f ms", rttMs))) {
                    detectedConnectionId = Long.MAX_VALUE;
                }
            }
        }

        @Override
        public void onClose(WebSocket ws, CloseStatus status) {
            Conn c = current;
            current = null;
            if (!running) {
                return;
            }
            closes.increment();
            boolean pongTimeout = status.cause() == CloseReason.PEER_DEAD && status.reason().startsWith("no pong");
            if (pongTimeout) {
                pongTimeouts.increment();
            }
            String why = pongTimeout ? "pong timeout: " + status.reason() + "; connection aborted, reconnecting"
                    : "connection closed (" + status.code() + (status.reason().isEmpty() ? "" : " " + status.reason())
                            + "), reconnecting";
            if (c != null) {
                c.deadNanos = timeline.ticker().nanoTime();
                c.why = pongTimeout ? "pong timeout" : "closed " + status.code();
                detectedConnectionId = Math.min(detectedConnectionId, c.id);
            } else {
                detectedConnectionId = Math.min(detectedConnectionId, ids.get());
            }
            state.noticed(why);
        }
    }

    private void sendLoop() {
        long n = 0;
        while (running) {
            socket.sendText("tick " + n++);
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public LayerState state() {
        return state;
    }

    @Override
    public String inject(String kind) {
        detectedConnectionId = Long.MAX_VALUE;
        return faults.inject(kind, timeline.ticker().nanoTime());
    }

    @Override
    public void tick(long nowNanos) {
        faults.tick(nowNanos);
        state.expire();
        connections.removeIf(c -> c.deadNanos != 0 && nowNanos - c.deadNanos > DEAD_SHOWN_NANOS);
    }

    @Override
    public void sample(long nowNanos) {
        state.sample(Double.isNaN(rttMs) ? 0 : rttMs);
    }

    @Override
    public Map<String, Object> json(long nowNanos) {
        List<Map<String, Object>> conns = new ArrayList<>();
        for (Conn c : connections) {
            boolean dead = c.deadNanos != 0;
            conns.add(LayerState.connection("ws-" + c.id, dead ? "dead" : "active", dead
                    ? c.why + " after " + LayerState.age(c.deadNanos - c.openedNanos)
                    : "open " + LayerState.age(nowNanos - c.openedNanos) + ", " + c.pongs.get() + " pongs"));
        }
        WebSocketStats s = client.stats();
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("pings", s.pingsSent());
        counters.put("pongs", s.pongsReceived());
        counters.put("pong timeouts", pongTimeouts.sum());
        counters.put("closes", closes.sum());
        counters.put("reconnects", reconnects.sum());
        counters.put("messages echoed", echoes.sum());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("rtt ms", rttMs);
        metrics.put("rtt p99 ms", s.rttP99() == null ? null : s.rttP99().toNanos() / 1e6);
        return state.json(conns, counters, metrics);
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
        socket.close();
        proxy.close();
        target.close();
        client.close();
    }
}
