package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Await;
import dev.keepalive.core.Backoff;
import dev.keepalive.core.CloseReason;
import dev.keepalive.core.RealTime;
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
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Detection matrix (issue 7), WebSocket row: ping 1 s, pong timeout 1 s, so a dead peer is declared
 * within pingInterval + pongTimeout = 2 s of its death. Server → {@code kal proxy} → client over loopback;
 * the proxy's blackhole is the death (nothing forwarded, nothing closed). Detection is measured from the
 * blackhole to {@code onClose(1006, PEER_DEAD)} and must stay within 2 s + 20 %.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DetectionWebSocketTest {
    private static final Duration PING = Duration.ofSeconds(1);
    private static final Duration PONG_TIMEOUT = Duration.ofSeconds(1);
    /** pingInterval + pongTimeout, plus 20 %. */
    private static final long LIMIT_MS = PING.plus(PONG_TIMEOUT).toMillis() * 12 / 10;
    /** Healthy link before the failure: a little over three ping periods. */
    private static final long HEALTHY_MS = 3_300;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** Closes seen by one side: when (System.nanoTime) and how. */
    private record Closed(long atNanos, CloseStatus status) {
    }

    private static final class Closes implements WebSocketListener {
        final BlockingQueue<Closed> closes = new LinkedBlockingQueue<>();
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

        @Override
        public void onText(WebSocket ws, String text) {
            texts.add(text);
        }

        @Override
        public void onClose(WebSocket ws, CloseStatus status) {
            closes.add(new Closed(System.nanoTime(), status));
        }
    }

    private static WebSocketOptions.Builder ws(boolean pings) {
        return WebSocketOptions.builder()
                .pingInterval(pings ? PING : Duration.ZERO)
                .pongTimeout(PONG_TIMEOUT)
                .closeTimeout(Duration.ofMillis(300))
                .connectTimeout(Duration.ofSeconds(1))
                .reconnect(Backoff.of(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(10)))
                .tcpKeepAlive(null);
    }

    private HttpServer server(WebSocketEndpoint endpoint) throws Exception {
        HttpServer server = HttpServer.start(ServerOptions.builder().host("127.0.0.1").port(0).eventLoops(1)
                .drainTimeout(Duration.ofMillis(500)).build(), endpoint.mount("/ws", null));
        toClose.add(server);
        return server;
    }

    private FaultProxy proxy(int upstreamPort) throws Exception {
        FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", upstreamPort), ProxyOptions.defaults());
        toClose.add(proxy);
        return proxy;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void assertDeadPeerVerdict(Closed closed, long blackholedAt, String side) {
        assertNotNull(closed, side + ": no close within 5 s of the blackhole");
        long detectionMs = ms(closed.atNanos() - blackholedAt);
        System.out.println("detection-matrix: websocket " + side + " pinging: dead peer declared " + detectionMs
                + " ms after the blackhole (" + closed.status() + ")");
        assertEquals(CloseStatus.ABNORMAL, closed.status().code(), closed.status().toString());
        assertEquals(CloseReason.PEER_DEAD, closed.status().cause(), closed.status().toString());
        assertTrue(closed.status().reason().startsWith("no pong within 1000 ms"), closed.status().reason());
        assertTrue(detectionMs <= LIMIT_MS, side + ": detected after " + detectionMs + " ms, limit " + LIMIT_MS
                + " ms (ping 1 s + pong timeout 1 s + 20 %)");
    }

    @Test
    void serverPingingDeclaresABlackholedClientDeadWithinPingIntervalPlusPongTimeout() throws Exception {
        Closes serverSide = new Closes();
        WebSocketEndpoint watched = WebSocketEndpoint.create(ws(true).build(), (request, sub) -> serverSide);
        HttpServer server = server(watched);
        FaultProxy proxy = proxy(server.port());
        WebSocketClient client = WebSocketClient.create(ws(false).build());
        toClose.add(client);
        Closes clientSide = new Closes();
        WebSocket conn = client.connect(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"), clientSide);
        toClose.add(conn::abort);

        RealTime.sleep(HEALTHY_MS, "a healthy link for a while: pings answered, no false verdict");
        WebSocketStats healthy = watched.stats();
        assertTrue(healthy.pingsSent() >= 3, "pings on a healthy link: " + healthy.toJson());
        assertTrue(healthy.pongsReceived() >= 3, "pongs on a healthy link: " + healthy.toJson());
        assertEquals(0L, healthy.closes().getOrDefault(CloseReason.PEER_DEAD, 0L), "no false positive: " + healthy.toJson());
        assertTrue(serverSide.closes.isEmpty(), "no close on a healthy link: " + serverSide.closes);
        assertEquals(1, healthy.open());

        proxy.update(o -> o.toBuilder().blackhole(true).build());
        long blackholedAt = System.nanoTime();
        assertDeadPeerVerdict(serverSide.closes.poll(5, TimeUnit.SECONDS), blackholedAt, "server");
        assertEquals(1L, watched.stats().closes().get(CloseReason.PEER_DEAD));
    }

    @Test
    void clientPingingDeclaresABlackholedServerDeadAndReconnectsOnceTheLinkIsBack() throws Exception {
        WebSocketEndpoint endpoint = WebSocketEndpoint.echo(ws(false).build());
        HttpServer server = server(endpoint);
        FaultProxy proxy = proxy(server.port());
        WebSocketClient client = WebSocketClient.create(ws(true).build());
        toClose.add(client);
        Closes events = new Closes();
        BlockingQueue<Long> reconnectedAt = new LinkedBlockingQueue<>();
        ReconnectingWebSocket live = client.reconnecting(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"), events,
                new ReconnectListener() {
                    @Override
                    public void onConnectedAgain(WebSocket ws, int attempts, Duration downtime) {
                        reconnectedAt.add(System.nanoTime());
                    }
                });
        toClose.add(live);
        Await.until("a first connection through the proxy", () -> live.current() != null, Duration.ofSeconds(5));

        RealTime.sleep(HEALTHY_MS, "a healthy link for a while: pings answered, no false verdict");
        WebSocketStats healthy = client.stats();
        assertTrue(healthy.pingsSent() >= 3, "pings on a healthy link: " + healthy.toJson());
        assertTrue(healthy.pongsReceived() >= 3, "pongs on a healthy link: " + healthy.toJson());
        assertEquals(0L, healthy.closes().getOrDefault(CloseReason.PEER_DEAD, 0L), "no false positive: " + healthy.toJson());
        assertTrue(events.closes.isEmpty(), "no close on a healthy link: " + events.closes);

        proxy.update(o -> o.toBuilder().blackhole(true).build());
        long blackholedAt = System.nanoTime();
        Closed closed = events.closes.poll(5, TimeUnit.SECONDS);
        assertDeadPeerVerdict(closed, blackholedAt, "client");

        // The link comes back: the next attempt (or the one waiting in the proxy) gets through.
        RealTime.sleep(200, "reconnect attempts while blackholed: none may get through");
        assertTrue(reconnectedAt.isEmpty(), "no reconnect while blackholed");
        proxy.update(o -> o.toBuilder().blackhole(false).build());
        long liftedAt = System.nanoTime();
        Long again = reconnectedAt.poll(5, TimeUnit.SECONDS);
        assertNotNull(again, "did not reconnect within 5 s of the blackhole's end; closes " + events.closes);
        System.out.println("detection-matrix: websocket client reconnected " + ms(again - liftedAt)
                + " ms after the blackhole ended");
        assertTrue(live.sendText("back"), "the new connection takes messages");
        assertEquals("back", events.texts.poll(2, TimeUnit.SECONDS), "echoed over the new connection");
    }
}
