package dev.keepalive.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.http.HttpServer;
import dev.keepalive.websocket.internal.Handshake;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The opening handshake, RFC 6455 §4, over real sockets with raw request bytes. */
class HandshakeTest {
    private final WebSocketEndpoint endpoint = WebSocketEndpoint.create(
            Servers.ws().subprotocols("chat.v2", "chat.v1").build(),
            (request, subprotocol) -> "refuse".equals(request.queryParam("please")) ? null : WebSocketEndpoint.ECHO);

    @Test
    void acceptKeyIsSha1OfKeyAndGuidInBase64() {
        assertEquals(RawWs.ACCEPT, Handshake.accept(RawWs.KEY), "the worked example of RFC 6455 §1.3");
    }

    @Test
    void answers101WithAcceptUpgradeAndConnection() throws Exception {
        try (HttpServer server = Servers.echo(endpoint); RawWs ws = RawWs.connect(server.port(), "/ws/echo")) {
            assertEquals(101, ws.status());
            assertEquals(RawWs.ACCEPT, ws.header("Sec-WebSocket-Accept"));
            assertEquals("websocket", ws.header("Upgrade"));
            assertEquals("Upgrade", ws.header("Connection"));
            assertNull(ws.header("Sec-WebSocket-Protocol"), "no subprotocol offered, none chosen");
            assertNull(ws.header("Sec-WebSocket-Extensions"), "no extension is supported, none accepted");
            ws.sendText("hi");
            assertEquals("hi", ws.read(2_000).text());
        }
    }

    @Test
    void selectsTheFirstOfferedSubprotocolTheServerSpeaks() throws Exception {
        try (HttpServer server = Servers.echo(endpoint);
             RawWs ws = RawWs.connect(server.port(), "/ws/echo", "Sec-WebSocket-Protocol: mqtt, chat.v1",
                     "Sec-WebSocket-Protocol: chat.v2")) {
            assertEquals("chat.v1", ws.header("Sec-WebSocket-Protocol"),
                    "client order is preference order (RFC 6455 §4.1), across repeated headers");
        }
    }

    @Test
    void omitsSubprotocolWhenNoneMatches() throws Exception {
        try (HttpServer server = Servers.echo(endpoint);
             RawWs ws = RawWs.connect(server.port(), "/ws/echo", "Sec-WebSocket-Protocol: mqtt")) {
            assertNull(ws.header("Sec-WebSocket-Protocol"));
        }
    }

    @Test
    void unsupportedVersionGets426NamingVersion13() throws Exception {
        String request = RawWs.upgradeRequest("/ws/echo").replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");
        try (HttpServer server = Servers.echo(endpoint); RawWs ws = RawWs.open(server.port(), request)) {
            assertEquals(426, ws.status(), ws.head);
            assertEquals("13", ws.header("Sec-WebSocket-Version"), "RFC 6455 §4.4");
            assertEquals("websocket", ws.header("Upgrade"));
        }
    }

    @Test
    void plainGetOnTheEndpointGets426() throws Exception {
        try (HttpServer server = Servers.echo(endpoint);
             RawWs ws = RawWs.open(server.port(), "GET /ws/echo HTTP/1.1\r\nHost: t\r\n\r\n")) {
            assertEquals(426, ws.status());
            assertEquals("13", ws.header("Sec-WebSocket-Version"));
        }
    }

    @Test
    void badKeyMissingConnectionAndWrongMethodAreRefused() throws Exception {
        try (HttpServer server = Servers.echo(endpoint)) {
            String shortKey = RawWs.upgradeRequest("/ws/echo").replace(RawWs.KEY, "c2hvcnQ=");
            try (RawWs ws = RawWs.open(server.port(), shortKey)) {
                assertEquals(400, ws.status());
            }
            String noConnection = RawWs.upgradeRequest("/ws/echo").replace("Connection: Upgrade\r\n", "");
            try (RawWs ws = RawWs.open(server.port(), noConnection)) {
                assertEquals(400, ws.status());
            }
            String post = RawWs.upgradeRequest("/ws/echo").replace("GET ", "POST ");
            try (RawWs ws = RawWs.open(server.port(), post)) {
                assertEquals(405, ws.status());
                assertEquals("GET", ws.header("Allow"));
            }
        }
    }

    @Test
    void acceptorCanRefuseWith403() throws Exception {
        try (HttpServer server = Servers.echo(endpoint);
             RawWs ws = RawWs.open(server.port(), RawWs.upgradeRequest("/ws/echo?please=refuse"))) {
            assertEquals(403, ws.status());
        }
    }

    @Test
    void servesKalWsScriptAndPassesOtherPathsOn() throws Exception {
        try (HttpServer server = Servers.echo(endpoint);
             RawWs ws = RawWs.open(server.port(), "GET /_kal/kal-ws.js HTTP/1.1\r\nHost: t\r\n\r\n")) {
            assertEquals(200, ws.status());
            assertTrue(ws.header("Content-Type").startsWith("text/javascript"));
            int length = Integer.parseInt(ws.header("Content-Length"));
            String body = new String(ws.in.readNBytes(length), StandardCharsets.UTF_8);
            assertTrue(body.contains("{\"kal\":\"ping\""), "the script speaks the heartbeat the server answers");
            try (RawWs other = RawWs.open(server.port(), "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n")) {
                assertEquals(404, other.status());
            }
        }
    }

    @Test
    void clientReportsTheRefusalStatus() throws Exception {
        try (HttpServer server = Servers.echo(endpoint);
             WebSocketClient client = WebSocketClient.create(Servers.ws().build())) {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo?please=refuse");
            HandshakeException e = org.junit.jupiter.api.Assertions.assertThrows(HandshakeException.class,
                    () -> client.connect(uri, new WebSocketListener() { }));
            assertEquals(403, e.status());
            assertTrue(e.getMessage().contains("403"), e.getMessage());
        }
    }

    @Test
    void abortInOnOpenStillEndsWithOnClose() throws Exception {
        Recorder recorder = new Recorder(false) {
            @Override
            public void onOpen(WebSocket ws) {
                ws.abort();
            }
        };
        WebSocketEndpoint aborting = WebSocketEndpoint.create(Servers.ws().build(), (request, subprotocol) -> recorder);
        try (HttpServer server = Servers.echo(aborting); RawWs ws = RawWs.connect(server.port(), "/ws/echo")) {
            assertEquals(RawWs.End.RST, ws.awaitEnd(2_000), "the 101 goes out, then the abort");
            assertEquals(new CloseStatus(1006, "aborted locally", dev.keepalive.core.CloseReason.SHUTDOWN, false),
                    recorder.awaitClose(2_000));
            assertEquals(0, aborting.stats().open(), "counted closed");
        }
    }
}
