package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A handler can switch a connection to another protocol and own its raw bytes (RFC 9110 §7.8). */
class UpgradeTest {
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

    /** Echoes every byte; "abort" aborts, "close" closes gracefully. */
    private Handler echoUpgrade() {
        return Handler.nonBlocking(request -> Response.upgrade("echo", tunnel -> new UpgradeHandler() {
            @Override
            public void onData(ByteBuffer data) {
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                String text = new String(copy, StandardCharsets.US_ASCII);
                if (text.equals("abort")) {
                    tunnel.abort(CloseReason.PEER_DEAD);
                } else if (text.equals("close")) {
                    tunnel.write(ByteBuffer.wrap("bye".getBytes(StandardCharsets.US_ASCII)));
                    tunnel.close(CloseReason.PEER_CLOSED);
                } else {
                    tunnel.write(ByteBuffer.wrap(copy));
                }
            }

            @Override
            public void onClosed(CloseReason reason) {
                closed.complete(reason);
            }
        }));
    }

    private static RawClient upgraded(HttpServer server, String firstBytes) throws IOException {
        RawClient client = new RawClient(server.port());
        client.send("GET /x HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n" + firstBytes);
        RawClient.Reply reply = client.read(true);
        assertEquals(101, reply.status());
        assertEquals("echo", reply.header("Upgrade"));
        assertEquals("Upgrade", reply.header("Connection"));
        return client;
    }

    private static String readExactly(RawClient client, int n) throws IOException {
        return new String(client.socket.getInputStream().readNBytes(n), StandardCharsets.US_ASCII);
    }

    @Test
    void upgradedConnectionCarriesRawBytesBothWays() throws Exception {
        try (HttpServer server = HttpServer.start(TestServers.options().build(), echoUpgrade());
             RawClient client = upgraded(server, "early")) {
            assertEquals("early", readExactly(client, 5), "bytes sent right behind the handshake are delivered");
            client.send("ping");
            assertEquals("ping", readExactly(client, 4));
            client.send("close");
            assertEquals("bye", readExactly(client, 3));
            assertEquals(RawClient.End.FIN, client.awaitEnd(1_000));
            client.close();
            assertEquals(CloseReason.PEER_CLOSED, closed.get(2, TimeUnit.SECONDS));
        }
    }

    @Test
    void writingToAnotherTunnelFromInsideAnEventSendsOnlyThoseBytes() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Tunnel> first = new java.util.concurrent.atomic.AtomicReference<>();
        Handler relay = Handler.nonBlocking(request -> Response.upgrade("echo", tunnel -> {
            first.compareAndSet(null, tunnel);
            return new UpgradeHandler() {
                @Override
                public void onData(ByteBuffer data) {
                    byte[] copy = new byte[data.remaining()];
                    data.get(copy);
                    first.get().write(ByteBuffer.wrap(copy)); // every tunnel relays to the first one
                }

                @Override
                public void onClosed(CloseReason reason) {
                }
            };
        }));
        try (HttpServer server = HttpServer.start(TestServers.options().eventLoops(1).build(), relay);
             RawClient b = upgraded(server, "")) {
            // a's handshake and its first bytes arrive in one read: the relay runs while a's 101 is fresh
            try (RawClient a = new RawClient(server.port())) {
                a.send("GET /x HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nhello");
                assertEquals(101, a.read(true).status());
                assertEquals("hello", readExactly(b, 5), "b gets the relayed bytes and nothing of a's response");
                assertEquals(RawClient.End.OPEN, b.awaitEnd(100));
            }
        }
    }

    @Test
    void handlerRefusingInsideOnUpgradeIsStillToldOfTheClose() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Handler refusing = Handler.nonBlocking(request -> Response.upgrade("echo", tunnel -> {
            tunnel.abort(CloseReason.LIMIT);
            return new UpgradeHandler() {
                @Override
                public void onData(ByteBuffer data) {
                }

                @Override
                public void onClosed(CloseReason reason) {
                    calls.incrementAndGet();
                    closed.complete(reason);
                }
            };
        }));
        try (HttpServer server = HttpServer.start(TestServers.options().build(), refusing);
             RawClient client = upgraded(server, "")) {
            assertEquals(RawClient.End.RST, client.awaitEnd(1_000));
            assertEquals(CloseReason.LIMIT, closed.get(2, TimeUnit.SECONDS));
            assertEquals(1, calls.get());
        }
    }

    @Test
    void abortResetsTheConnection() throws Exception {
        try (HttpServer server = HttpServer.start(TestServers.options().build(), echoUpgrade());
             RawClient client = upgraded(server, "")) {
            client.send("abort");
            assertEquals(RawClient.End.RST, client.awaitEnd(1_000));
            assertEquals(CloseReason.PEER_DEAD, closed.get(2, TimeUnit.SECONDS));
        }
    }

    @Test
    void upgradedConnectionIsNeverIdleTimedOutByHttpRules() throws Exception {
        try (HttpServer server = HttpServer.start(TestServers.options()
                .idleTimeout(java.time.Duration.ofMillis(100)).build(), echoUpgrade());
             RawClient client = upgraded(server, "")) {
            assertEquals(RawClient.End.OPEN, client.awaitEnd(300));
            client.send("still");
            assertEquals("still", readExactly(client, 5));
        }
    }

    @Test
    void gracefulShutdownClosesUpgradedConnections() throws Exception {
        HttpServer server = HttpServer.start(TestServers.options().build(), echoUpgrade());
        try (RawClient client = upgraded(server, "")) {
            long start = System.nanoTime();
            CompletableFuture<Boolean> done = CompletableFuture.supplyAsync(server::shutdown);
            assertEquals(RawClient.End.FIN, client.awaitEnd(1_000));
            client.close();
            assertTrue(done.get(3, TimeUnit.SECONDS));
            assertEquals(CloseReason.SHUTDOWN, closed.get(1, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start < 1_500_000_000L);
        }
    }
}
