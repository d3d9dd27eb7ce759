package dev.keepalive.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Await;
import dev.keepalive.core.CloseReason;
import dev.keepalive.core.FakeTicker;
import dev.keepalive.http.HttpServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Server pings on the event loop's timer wheel, driven by a fake clock: the loop looks at the clock
 * every few ms, so a test moves time and then waits (briefly, for real) for the bytes.
 */
class ServerLivenessTest {
    private static final int PING = 9;
    private static final int PONG = 10;
    private static final int CLOSE = 8;

    private final FakeTicker ticker = new FakeTicker();
    private final Recorder recorder = new Recorder(true);
    private HttpServer server;
    private WebSocketEndpoint endpoint;

    private RawWs start(WebSocketOptions options) throws Exception {
        endpoint = WebSocketEndpoint.create(options, (request, subprotocol) -> recorder);
        server = Servers.start(endpoint.mount("/ws/echo", null), ticker);
        RawWs ws = RawWs.connect(server.port(), "/ws/echo");
        // The engine sends the 101 before it hands the connection over: move time only once the
        // session exists, or the session would start its clock after our first jump.
        Await.until("the server opens the session", () -> recorder.opened.peek() != null, Duration.ofSeconds(2));
        return ws;
    }

    private static WebSocketOptions pings(long intervalMs, long pongTimeoutMs) {
        return Servers.ws().pingInterval(Duration.ofMillis(intervalMs)).pongTimeout(Duration.ofMillis(pongTimeoutMs))
                .build();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pingsCarryAnEightByteTimestampAndPongsGiveTheRtt() throws Exception {
        try (RawWs ws = start(pings(1_000, 500))) {
            ws.assertSilent(50, "no ping before the interval");
            ticker.advanceMillis(1_000);
            RawWs.Frame ping = ws.read(2_000);
            assertEquals(PING, ping.opcode());
            assertEquals(8, ping.payload().length);
            long sentAt = ByteBuffer.wrap(ping.payload()).getLong();
            assertTrue(sentAt > 900_000_000L && sentAt <= 1_000_000_000L, "jitter takes at most 10 %: " + sentAt);
            ticker.advanceMillis(3);
            ws.send(true, PONG, ping.payload());
            assertEquals(Duration.ofMillis(3), recorder.rtts.poll(2, TimeUnit.SECONDS));
            WebSocketStats stats = endpoint.stats();
            assertEquals(Duration.ofMillis(3), stats.lastRtt());
            assertEquals(1, stats.rttCount());
            assertEquals(1, stats.pingsSent());
            assertEquals(Duration.ofMillis(3), recorder.opened.peek().lastRtt());
        }
    }

    @Test
    void noPongWithinPongTimeoutClosesAs1006AndAborts() throws Exception {
        try (RawWs ws = start(pings(1_000, 500))) {
            ticker.advanceMillis(1_000);
            assertEquals(PING, ws.read(2_000).opcode());
            ws.send(true, PONG, new byte[8]); // unsolicited-looking but still an answer to the first ping
            ticker.advanceMillis(1_000);
            assertEquals(PING, ws.read(2_000).opcode());
            ticker.advanceMillis(450);
            ws.assertSilent(100, "still within the pong timeout");
            ticker.advanceMillis(60);
            assertEquals(RawWs.End.RST, ws.awaitEnd(2_000), "a dead peer's connection is aborted");
            CloseStatus status = recorder.awaitClose(2_000);
            assertEquals(new CloseStatus(1006, "no pong within 500 ms (after 1 successful ping)", CloseReason.PEER_DEAD,
                    false), status);
            assertEquals(1L, endpoint.stats().closes().get(CloseReason.PEER_DEAD));
        }
    }

    @Test
    void anyInboundFrameCountsAsLife() throws Exception {
        try (RawWs ws = start(pings(1_000, 500))) {
            ticker.advanceMillis(1_000);
            assertEquals(PING, ws.read(2_000).opcode());
            ws.sendText("busy, not ponging");
            assertEquals("busy, not ponging", ws.read(2_000).text());
            ticker.advanceMillis(600);
            ws.assertSilent(100, "alive: the text answered the ping");
            ticker.advanceMillis(400);
            assertEquals(PING, ws.read(2_000).opcode(), "pinging on schedule");
        }
    }

    @Test
    void unsolicitedPongsAreFine() throws Exception {
        try (RawWs ws = start(pings(1_000, 500))) {
            ws.send(true, PONG, "hello?".getBytes()).send(true, PONG, new byte[8]);
            ws.sendText("ok");
            assertEquals("ok", ws.read(2_000).text());
            WebSocketStats stats = endpoint.stats();
            assertEquals(2, stats.pongsReceived());
            assertEquals(0, stats.rttCount(), "a pong that answers no ping of ours gives no RTT");
            assertNull(stats.lastRtt());
        }
    }

    @Test
    void idleTimeoutClosesWithGoingAway() throws Exception {
        WebSocketOptions options = Servers.ws().pingInterval(Duration.ZERO).pongTimeout(Duration.ofMillis(500))
                .idleTimeout(Duration.ofSeconds(5)).build();
        try (RawWs ws = start(options)) {
            ticker.advanceMillis(3_000);
            ws.sendText("activity");
            assertEquals("activity", ws.read(2_000).text());
            ticker.advanceMillis(4_000);
            ws.assertSilent(100, "the timer moved to 5 s after the last message");
            ticker.advanceMillis(1_000);
            RawWs.Frame close = ws.readUntil(CLOSE, 2_000);
            assertEquals(1001, close.closeCode());
            assertEquals("idle for 5000 ms", close.closeReason());
            ws.sendClose(1001, "");
            assertEquals(RawWs.End.FIN, ws.awaitEnd(2_000));
            ws.socket.close(); // the server lingers until our FIN
            assertEquals(CloseReason.IDLE_TIMEOUT, recorder.awaitClose(2_000).cause());
        }
    }

    @Test
    void idleTimeoutMustExceedTheDetectionTime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebSocketOptions.builder()
                .pingInterval(Duration.ofSeconds(30)).pongTimeout(Duration.ofSeconds(10))
                .idleTimeout(Duration.ofSeconds(40)).build());
        assertEquals("idleTimeout must be 0 (off) or > pingInterval + pongTimeout (40s): 40s", e.getMessage());
        assertEquals("pongTimeout must be > 0: 0s", assertThrows(IllegalArgumentException.class,
                () -> WebSocketOptions.builder().pongTimeout(Duration.ZERO).build()).getMessage());
        assertEquals("maxFrameSize must be in 125..maxMessageSize (1048576): 100", assertThrows(
                IllegalArgumentException.class, () -> WebSocketOptions.builder().maxFrameSize(100).build()).getMessage());
    }

    @Test
    void gracefulShutdownSaysGoingAway() throws Exception {
        RawWs ws = start(pings(30_000, 10_000));
        try (ws) {
            CompletableFuture<Boolean> done = CompletableFuture.supplyAsync(server::shutdown);
            RawWs.Frame close = ws.readUntil(CLOSE, 2_000);
            assertEquals(1001, close.closeCode());
            ws.sendClose(1001, "");
            assertEquals(RawWs.End.FIN, ws.awaitEnd(2_000));
            ws.socket.close(); // the server lingers until our FIN
            assertTrue(done.get(3, TimeUnit.SECONDS), "drained before the drain timeout");
            assertEquals(new CloseStatus(1001, "server shutting down", CloseReason.SHUTDOWN, false),
                    recorder.awaitClose(2_000));
        }
    }
}
