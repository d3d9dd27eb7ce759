package dev.keepalive.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import dev.keepalive.http.HttpServer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interop both ways with Node's {@code ws} package, the most used WebSocket implementation outside
 * browsers: their client against our server, our client against their server.
 */
class NodeInteropTest {

    @BeforeAll
    static void installWs() throws Exception {
        NodeTools.require("ws");
    }

    @Test
    void theirClientAgainstOurServer() throws Exception {
        Recorder recorder = new Recorder(true);
        WebSocketEndpoint endpoint = WebSocketEndpoint.create(Servers.ws().pingInterval(Duration.ofMillis(100))
                .subprotocols("v1").build(), (request, subprotocol) -> recorder);
        try (HttpServer server = Servers.echo(endpoint);
             NodeTools.NodeProcess node = new NodeTools.NodeProcess("ws-client.js",
                     "ws://127.0.0.1:" + server.port() + "/ws/echo")) {
            assertEquals("v1", node.await("protocol:", 10_000), "first offered that the server speaks");
            assertEquals("\"\"", node.await("extensions:", 5_000), "permessage-deflate offered and declined");
            assertEquals("text hello ✓", node.await("text:", 5_000));
            assertEquals("binary 0,1,2,255", node.await("binary:", 5_000));
            assertEquals("fragmented", node.await("fragmented:", 5_000), "their fragments reassembled by us");
            assertEquals("kal", node.await("pong:", 5_000), "our pong echoes their ping payload");
            assertTrue(Integer.parseInt(node.await("serverPings:", 5_000)) >= 2, "our pings reached them");
            assertEquals("4001", node.await("close:", 5_000), "our close answer echoes their code (not the reason)");
            assertEquals(new CloseStatus(4001, "node bye", CloseReason.PEER_CLOSED, true), recorder.awaitClose(5_000));
            assertEquals("1000 done", node.await("serverClose:", 5_000));
            assertEquals(new CloseStatus(1000, "done", CloseReason.SHUTDOWN, false), recorder.awaitClose(5_000));
            WebSocketStats stats = endpoint.stats();
            assertTrue(stats.rttCount() >= 2, "their automatic pongs gave us RTTs: " + stats);
            assertEquals(3, stats.messagesIn() - 1, "text, binary, fragmented (+ bye)");
        }
    }

    @Test
    void ourClientAgainstTheirServer() throws Exception {
        Recorder recorder = new Recorder(false);
        WebSocketOptions options = Servers.ws().pingInterval(Duration.ofMillis(100)).subprotocols("v2", "v1").build();
        try (NodeTools.NodeProcess node = new NodeTools.NodeProcess("ws-server.js");
             WebSocketClient client = WebSocketClient.create(options)) {
            URI uri = URI.create("ws://127.0.0.1:" + node.await("port:", 10_000) + "/");
            WebSocket ws = client.connect(uri, recorder);
            assertEquals("v1", ws.subprotocol());
            assertEquals("v1", node.await("connected:", 5_000));
            ws.sendText("hello ✓");
            assertEquals("hello ✓", recorder.awaitMessage(5_000));
            byte[] bytes = {0, 1, 2, (byte) 255};
            ws.sendBinary(ByteBuffer.wrap(bytes));
            assertArrayEquals(bytes, (byte[]) recorder.awaitMessage(5_000));
            ws.sendText("frag", false);
            ws.sendText("mented", true);
            assertEquals("fragmented", recorder.awaitMessage(5_000));
            ws.sendText("fragments");
            assertEquals("abc", recorder.awaitMessage(5_000), "their fragments reassembled by us");
            ws.sendText("ping-me");
            assertEquals("got pong srv", recorder.awaitMessage(5_000), "we answered their ping with its payload");
            assertEquals("8", node.await("clientPing:", 5_000), "our ping carries an 8-byte timestamp");
            Duration rtt = recorder.rtts.poll(5, TimeUnit.SECONDS);
            assertNotNull(rtt, "their pong gave us an RTT");
            ws.close(4003, "java bye");
            assertEquals("4003 java bye", node.await("closed:", 5_000));
            assertEquals(new CloseStatus(4003, "java bye", CloseReason.SHUTDOWN, false), recorder.awaitClose(5_000));

            WebSocket second = client.connect(uri, recorder);
            second.sendText("close-me");
            assertEquals(new CloseStatus(4002, "server bye", CloseReason.PEER_CLOSED, true), recorder.awaitClose(5_000));
        }
    }
}
