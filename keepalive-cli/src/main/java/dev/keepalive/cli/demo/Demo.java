package dev.keepalive.cli.demo;

import dev.keepalive.cli.Json;
import dev.keepalive.cli.Problems;
import dev.keepalive.cli.ServeCommand;
import dev.keepalive.core.Ticker;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.ServerOptions;
import dev.keepalive.websocket.CloseStatus;
import dev.keepalive.websocket.WebSocket;
import dev.keepalive.websocket.WebSocketEndpoint;
import dev.keepalive.websocket.WebSocketListener;
import dev.keepalive.websocket.WebSocketOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code kal demo}: every keep-alive layer running on loopback with a fault proxy in front, and a page
 * that shows each one noticing and recovering from the faults it is sent.
 * <pre>
 *   page server (--host:--port)  /, /api/snapshot, /api/fault, /ws (snapshot pushed every 500 ms)
 *   http       pooled HttpClient ──▶ proxy ──▶ HttpServer
 *   ws         ReconnectingWebSocket ──▶ proxy ──▶ WebSocketEndpoint (echo)
 *   db         KeepAlivePool ──▶ proxy ──▶ embedded PostgreSQL
 *   heartbeat  node-b ──▶ proxy ──▶ node-a;  node-a ──▶ node-b
 * </pre>
 * One sampler thread watches the layers every 100 ms and pushes the snapshot every 500 ms; the page's own
 * WebSocket goes to the page server directly, so no fault touches it.
 */
public final class Demo implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.cli.demo");
    private static final long TICK_MS = 100;
    private static final int TICKS_PER_PUSH = 5;
    static final List<String> LAYERS = List.of("http", "ws", "db", "heartbeat");
    static final List<String> KINDS = List.of("drop", "idle-drop", "blackhole", "reset", "kill");
    /** Doubles the page gets keep at most this many decimals (a microsecond, for the millisecond values). */
    static final int JSON_DECIMALS = 3;

    private final Timeline timeline;
    /** The layers as they start (start thread and close only). */
    private final Map<String, Layer> started = new LinkedHashMap<>();
    /** Published once all are up: the page server answers before that, with no layers yet. */
    private volatile Map<String, Layer> layers = Map.of();
    private final Set<WebSocket> viewers = ConcurrentHashMap.newKeySet();
    private HttpServer page;
    private PostgresServer pg;
    private Thread sampler;
    private URI uri;
    private volatile boolean closed;

    private Demo(Ticker ticker) {
        this.timeline = new Timeline(ticker);
    }

    /**
     * Starts every layer and the page server; returns once all are up (the db layer unavailable when
     * {@link DemoOptions#database()} is off or PostgreSQL cannot start).
     *
     * @throws IOException when the page server cannot listen, or a layer cannot start on loopback
     */
    public static Demo start(DemoOptions options) throws IOException {
        return start(options, Ticker.system());
    }

    static Demo start(DemoOptions options, Ticker ticker) throws IOException {
        Demo demo = new Demo(ticker);
        try {
            demo.startAll(options);
        } catch (IOException | RuntimeException e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    private void startAll(DemoOptions o) throws IOException {
        // the page port first: a port in use fails at once, before PostgreSQL spends seconds starting
        WebSocketEndpoint push = WebSocketEndpoint.create(WebSocketOptions.defaults(), (request, sub) -> new Viewer());
        page = HttpServer.start(ServerOptions.builder().host(o.host()).port(o.port()).eventLoops(1)
                .drainTimeout(Duration.ofMillis(200)).build(), push.mount("/ws", new PageHandler(this)));
        uri = URI.create("http://" + ServeCommand.hostPort(o.host(), page.port()) + "/");
        String loopback = "127.0.0.1";
        o.progress().accept("kal demo: starting the http layer (server, fault proxy, pooled client)…");
        started.put("http", new HttpLayer(loopback, timeline));
        o.progress().accept("kal demo: starting the ws layer (echo endpoint, fault proxy, reconnecting client)…");
        started.put("ws", new WsLayer(loopback, timeline));
        started.put("db", startDb(o, loopback));
        o.progress().accept("kal demo: starting the heartbeat layer (node-a, node-b, fault proxy)…");
        started.put("heartbeat", new HeartbeatLayer(loopback, timeline));
        layers = Collections.unmodifiableMap(new LinkedHashMap<>(started));
        timeline.event("demo", "info", "all layers up");
        sampler = Thread.ofPlatform().daemon().name("kal-demo-sampler").start(this::sampleLoop);
    }

    private Layer startDb(DemoOptions o, String host) {
        if (!o.database()) {
            return DbLayer.unavailable(timeline, "PostgreSQL not started (--no-db)");
        }
        o.progress().accept("kal demo: starting PostgreSQL (first start unpacks binaries)…");
        long t0 = timeline.ticker().nanoTime();
        try {
            pg = PostgresServer.start();
        } catch (IOException e) {
            String why = Problems.oneLine(e);
            o.progress().accept("kal demo: PostgreSQL did not start, the db card shows unavailable: " + why);
            return DbLayer.unavailable(timeline, "PostgreSQL did not start: " + why);
        }
        o.progress().accept(String.format(Locale.ROOT, "kal demo: PostgreSQL up on port %d in %.1f s, data in %s",
                pg.port(), (timeline.ticker().nanoTime() - t0) / 1e9, pg.dataDir()));
        try {
            return DbLayer.start(host, timeline, pg);
        } catch (IOException e) {
            String why = Problems.oneLine(e);
            o.progress().accept("kal demo: the db layer did not start, the db card shows unavailable: " + why);
            pg.close();
            pg = null;
            return DbLayer.unavailable(timeline, "the pool did not start: " + why);
        }
    }

    /** The page, e.g. {@code http://127.0.0.1:8080/}; {@code api/snapshot} and {@code ws} are relative to it. */
    public URI uri() {
        return uri;
    }

    /** PostgreSQL's data directory, deleted by {@link #close()}; null without a database. */
    Path databaseDir() {
        PostgresServer p = pg;
        return p == null ? null : p.dataDir();
    }

    /**
     * Injects a fault and says what was done.
     *
     * @throws IllegalArgumentException for an unknown layer or kind, or kill on a layer other than db
     * @throws IllegalStateException when the layer is unavailable
     */
    String fault(String layer, String kind) {
        if (layer == null || !LAYERS.contains(layer)) {
            throw new IllegalArgumentException("layer must be one of " + String.join(", ", LAYERS) + ": "
                    + (layer == null ? "(missing)" : layer));
        }
        if (kind == null || !KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind must be one of " + String.join(", ", KINDS) + ": "
                    + (kind == null ? "(missing)" : kind));
        }
        if (kind.equals("kill") && !layer.equals("db")) {
            throw new IllegalArgumentException("kind kill works on layer db only: " + layer);
        }
        Layer l = layers.get(layer);
        if (l == null || closed) {
            throw new IllegalStateException(layer + " is not running" + (closed ? "" : " yet"));
        }
        return l.inject(kind);
    }

    /** The snapshot: uptime, one object per layer (http, ws, db, heartbeat), the latest events. */
    Map<String, Object> snapshot() {
        long now = timeline.ticker().nanoTime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uptimeMs", timeline.nowMs());
        Map<String, Object> ls = new LinkedHashMap<>();
        for (Layer l : layers.values()) {
            ls.put(l.name(), l.json(now));
        }
        m.put("layers", ls);
        m.put("events", timeline.events());
        return m;
    }

    String snapshotJson() {
        return Json.writeRounded(snapshot(), JSON_DECIMALS);
    }

    private void sampleLoop() {
        long tick = 0;
        long next = timeline.ticker().nanoTime();
        while (!closed) {
            long now = timeline.ticker().nanoTime();
            for (Layer l : layers.values()) {
                try {
                    l.tick(now);
                    if (tick % TICKS_PER_PUSH == 0) {
                        l.sample(now);
                    }
                } catch (RuntimeException e) {
                    if (LOG.isLoggable(System.Logger.Level.WARNING)) {
                        LOG.log(System.Logger.Level.WARNING, "demo_tick_failed layer=" + l.name(), e);
                    }
                }
            }
            if (tick % TICKS_PER_PUSH == 0 && !viewers.isEmpty()) {
                String json = snapshotJson();
                for (WebSocket ws : viewers) {
                    ws.sendText(json);
                }
            }
            tick++;
            next += TimeUnit.MILLISECONDS.toNanos(TICK_MS);
            long wait = next - timeline.ticker().nanoTime();
            if (wait < 0) {
                next = timeline.ticker().nanoTime(); // fell behind (a slow db stats call): no burst of catch-up ticks
                continue;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One open page: gets the snapshot at once and then every 500 ms. */
    private final class Viewer implements WebSocketListener {
        @Override
        public void onOpen(WebSocket ws) {
            viewers.add(ws);
            ws.sendText(snapshotJson());
        }

        @Override
        public void onClose(WebSocket ws, CloseStatus status) {
            viewers.remove(ws);
        }
    }

    /** Stops everything in reverse order of start; PostgreSQL's data directory is deleted. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sampler != null) {
            sampler.interrupt();
            try {
                sampler.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (WebSocket ws : viewers) {
            ws.close(CloseStatus.GOING_AWAY, "kal demo stopped");
        }
        quietly("page", () -> {
            if (page != null) {
                page.close();
            }
        });
        List<Layer> reverse = new ArrayList<>(started.values());
        for (int i = reverse.size() - 1; i >= 0; i--) {
            Layer l = reverse.get(i);
            quietly(l.name(), l::close);
        }
        quietly("postgres", () -> {
            if (pg != null) {
                pg.close();
            }
        });
    }

    private static void quietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            if (LOG.isLoggable(System.Logger.Level.WARNING)) {
                LOG.log(System.Logger.Level.WARNING, "demo_close_failed " + what, e);
            }
        }
    }
}
