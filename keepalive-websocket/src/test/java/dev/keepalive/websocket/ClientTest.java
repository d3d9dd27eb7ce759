package dev.keepalive.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Await;
import dev.keepalive.core.CloseReason;
import dev.keepalive.core.Liveness;
import dev.keepalive.core.RealTime;
import dev.keepalive.http.HttpServer;
import dev.keepalive.websocket.internal.Handshake;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Our client against our server, and against a peer that stops answering. */
class ClientTest {
    private final Recorder serverSide = new Recorder(true);
    private final Recorder clientSide = new Recorder(false);

    private static URI uri(HttpServer server) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo");
    }

    private HttpServer echoServer(WebSocketOptions options) throws Exception {
        return Servers.echo(WebSocketEndpoint.create(options, (request, subprotocol) -> serverSide));
    }

    @Test
    void exchangesTextBinaryAndFragmentedMessages() throws Exception {
        WebSocketOptions options = Servers.ws().maxFrameSize(1024).subprotocols("v1").build();
        try (HttpServer server = echoServer(options);
             WebSocketClient client = WebSocketClient.create(Servers.ws().maxFrameSize(1024).subprotocols("v2", "v1")
                     .build())) {
            WebSocket ws = client.connect(uri(server), clientSide);
            assertEquals("v1", ws.subprotocol());
            assertTrue(ws.sendText("hello ✓"));
            assertEquals("hello ✓", clientSide.awaitMessage(2_000));
            byte[] big = new byte[5_000]; // 5 frames of at most 1024 bytes each way
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            ws.sendBinary(ByteBuffer.wrap(big));
            assertArrayEquals(big, (byte[]) clientSide.awaitMessage(2_000));
            ws.sendText("frag", false);
            ws.sendText("ment", false);
            ws.sendText("ed", true);
            assertEquals("fragmented", clientSide.awaitMessage(2_000));
            assertEquals(3, serverSide.messages.size());
            assertEquals(3, client.stats().messagesIn());
            ws.close(CloseStatus.NORMAL, "done");
            assertEquals(new CloseStatus(1000, "done", CloseReason.PEER_CLOSED, true), serverSide.awaitClose(2_000));
            assertEquals(new CloseStatus(1000, "done", CloseReason.SHUTDOWN, false), clientSide.awaitClose(2_000));
            assertFalse(ws.sendText("late"), "sends after close are dropped");
            assertEquals(1, client.stats().dropped());
        }
    }

    @Test
    void serverCloseReachesTheClientWithItsCode() throws Exception {
        try (HttpServer server = echoServer(Servers.ws().build());
             WebSocketClient client = WebSocketClient.create(Servers.ws().build())) {
            WebSocket ws = client.connect(uri(server), clientSide);
            ws.sendText("bye");
            assertEquals(new CloseStatus(1000, "done", CloseReason.PEER_CLOSED, true), clientSide.awaitClose(2_000));
            assertEquals(new CloseStatus(1000, "done", CloseReason.SHUTDOWN, false), serverSide.awaitClose(2_000));
        }
    }

    @Test
    void clientPingsAndMeasuresRtt() throws Exception {
        WebSocketOptions fast = Servers.ws().pingInterval(Duration.ofMillis(50)).pongTimeout(Duration.ofMillis(500)).build();
        try (HttpServer server = echoServer(Servers.ws().build());
             WebSocketClient client = WebSocketClient.create(fast)) {
            WebSocket ws = client.connect(uri(server), clientSide);
            Duration rtt = clientSide.rtts.poll(2, TimeUnit.SECONDS);
            assertNotNull(rtt, "a pong answered our ping");
            assertTrue(rtt.toMillis() < 500, "loopback RTT: " + rtt);
            assertNotNull(clientSide.rtts.poll(2, TimeUnit.SECONDS), "and the next one");
            assertEquals(Liveness.ALIVE, ws.liveness());
            assertTrue(client.stats().rttCount() >= 2);
            long sent = client.stats().pingsSent();
            assertEquals(sent, endpointPings(sent), "the server saw every ping");
            ws.close(CloseStatus.NORMAL, "");
        }
    }

    /** The pings the server received, once it has seen {@code sent} (the last may still be in flight) or after 2 s. */
    private long endpointPings(long sent) {
        return Await.latest(() -> serverSide.opened.peek().stats().pingsReceived(), n -> n >= sent, Duration.ofSeconds(2));
    }

    @Test
    void detectsASilentServerWithinPingIntervalPlusPongTimeout() throws Exception {
        long interval = 300;
        long pongTimeout = 300;
        WebSocketOptions options = Servers.ws().pingInterval(Duration.ofMillis(interval))
                .pongTimeout(Duration.ofMillis(pongTimeout)).build();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             WebSocketClient client = WebSocketClient.create(options)) {
            Thread.ofVirtual().start(() -> acceptAndGoSilent(silent));
            long start = System.nanoTime();
            client.connect(URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/"), clientSide);
            CloseStatus status = clientSide.awaitClose(3_000);
            long detection = (clientSide.closedAt.take() - start) / 1_000_000;
            assertEquals(1006, status.code());
            assertEquals(CloseReason.PEER_DEAD, status.cause());
            assertEquals("no pong within 300 ms (after 0 successful pings)", status.reason());
            long bound = (interval + pongTimeout) * 11 / 10;
            System.out.println("client detection time " + detection + " ms (bound " + bound + " ms)");
            assertTrue(detection >= pongTimeout, "not before a ping had its pongTimeout: " + detection + " ms");
            assertTrue(detection <= bound + 100, "detected after " + detection + " ms, bound " + bound
                    + " ms (+100 ms for a busy machine)");
        }
    }

    @Test
    void clientLivenessFollowsAFakeClockWithTheDesignDefaults() throws Exception {
        dev.keepalive.core.FakeTicker ticker = new dev.keepalive.core.FakeTicker();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             WebSocketClient client = WebSocketClient.create(WebSocketOptions.defaults(), ticker)) {
            Thread.ofVirtual().start(() -> acceptAndGoSilent(silent));
            WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/"), clientSide);
            ticker.advance(Duration.ofSeconds(30));
            awaitPingsSent(client, 1);
            assertEquals(Liveness.UNKNOWN, ws.liveness());
            ticker.advance(Duration.ofMillis(9_900));
            RealTime.sleep(50, "the timer thread gets time to act on the advanced clock, and must not close");
            assertTrue(ws.isOpen(), "within the 10 s pong timeout");
            assertEquals(Liveness.SUSPECT, ws.liveness(), "more than half the pong timeout without an answer");
            ticker.advance(Duration.ofMillis(100));
            CloseStatus status = clientSide.awaitClose(2_000);
            assertEquals(new CloseStatus(1006, "no pong within 10000 ms (after 0 successful pings)",
                    CloseReason.PEER_DEAD, false), status);
            assertEquals(1L, client.stats().closes().get(CloseReason.PEER_DEAD));
        }
    }

    private static void awaitPingsSent(WebSocketClient client, long n) throws InterruptedException {
        Await.until(n + " pings sent", () -> client.stats().pingsSent() >= n, Duration.ofSeconds(2));
    }

    /** Completes the handshake, then reads and discards everything and never writes: a vanished peer. */
    private static void acceptAndGoSilent(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                head.write(in.read());
            }
            String key = head.toString(StandardCharsets.ISO_8859_1).lines()
                    .filter(l -> l.toLowerCase().startsWith("sec-websocket-key:")).findFirst().orElseThrow()
                    .substring(18).strip();
            s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + Handshake.accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] sink = new byte[4096];
            while (in.read(sink) >= 0) {
                // swallow pings without answering
            }
        } catch (Exception e) {
            // the client aborted: expected
        }
    }

    @Test
    void reconnectsAfterTheServerRestartsAndSaysConnectedAgain() throws Exception {
        WebSocketOptions options = Servers.ws().reconnect(dev.keepalive.core.Backoff.of(Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofSeconds(10))).build();
        HttpServer server = echoServer(Servers.ws().build());
        int port = server.port();
        java.util.concurrent.BlockingQueue<String> hooks = new java.util.concurrent.LinkedBlockingQueue<>();
        ReconnectListener listener = new ReconnectListener() {
            @Override
            public void onConnectedAgain(WebSocket ws, int attempts, Duration downtime) {
                hooks.add("again after " + attempts + " attempts");
                ws.sendText("resubscribe");
            }

            @Override
            public void onRetry(int attempt, Duration delay, String cause) {
                assertTrue(delay.toMillis() <= 200, "capped at 200 ms: " + delay);
                hooks.add("retry " + attempt);
            }
        };
        try (WebSocketClient client = WebSocketClient.create(options);
             ReconnectingWebSocket ws = client.reconnecting(URI.create("ws://127.0.0.1:" + port + "/ws/echo"),
                     clientSide, listener)) {
            assertTrue(clientSide.awaitOpen(2_000) == ws, "the listener always gets the stable handle");
            server.close();
            assertEquals(1001, clientSide.awaitClose(3_000).code(), "server shutdown says going away");
            assertEquals("retry 1", hooks.poll(2, TimeUnit.SECONDS));
            assertEquals("retry 2", hooks.poll(2, TimeUnit.SECONDS), "refused while the server is down");
            server = Servers.start(WebSocketEndpoint.create(Servers.ws().build(), (r, p) -> serverSide)
                    .mount("/ws/echo", null), port);
            clientSide.awaitOpen(3_000);
            String again;
            while ((again = hooks.poll(3, TimeUnit.SECONDS)) != null && again.startsWith("retry")) {
                // retries that raced the restart
            }
            assertNotNull(again);
            assertTrue(again.startsWith("again after "), again);
            assertEquals("resubscribe", clientSide.awaitMessage(2_000), "resubscribed from the hook, echoed");
        } finally {
            server.close();
        }
    }

    @Test
    void aRetryHookThatThrowsDoesNotStopTheReconnecting() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // nobody listens here until the server below starts
        }
        WebSocketOptions options = Servers.ws().reconnect(dev.keepalive.core.Backoff.of(Duration.ofMillis(20),
                Duration.ofMillis(50), Duration.ofSeconds(10))).build();
        java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
        ReconnectListener throwing = new ReconnectListener() {
            @Override
            public void onRetry(int attempt, Duration delay, String cause) {
                retries.incrementAndGet();
                throw new IllegalStateException("an application bug in onRetry");
            }
        };
        HttpServer server = null;
        try (WebSocketClient client = WebSocketClient.create(options);
             ReconnectingWebSocket ws = client.reconnecting(URI.create("ws://127.0.0.1:" + port + "/ws/echo"),
                     clientSide, throwing)) {
            dev.keepalive.core.Await.until("two refused attempts, each hook throwing", () -> retries.get() >= 2,
                    Duration.ofSeconds(2));
            server = Servers.start(WebSocketEndpoint.create(Servers.ws().build(), (r, p) -> serverSide)
                    .mount("/ws/echo", null), port);
            assertTrue(clientSide.awaitOpen(3_000) == ws, "still reconnecting after the hook threw");
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
