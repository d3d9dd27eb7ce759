package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown: stop accepting, close idle connections at once, let in-flight requests finish with
 * {@code Connection: close}, force-close whatever outlives the drain timeout.
 */
class ShutdownTest {

    private final CountDownLatch started = new CountDownLatch(1);

    /** Routes whose {@code /sleep} also signals that it has started. */
    private Handler signallingRoutes() {
        Handler routes = TestServers.routes();
        return request -> {
            if (request.path().equals("/sleep")) {
                started.countDown();
            }
            return routes.handle(request);
        };
    }

    private static CompletableFuture<Boolean> shutdownInBackground(HttpServer server) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> done.complete(server.shutdown()));
        return done;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void idleConnectionsAreClosedAtOnce() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient used = new RawClient(server.port(), 2_000);
             RawClient silent = new RawClient(server.port(), 2_000)) {
            assertEquals(200, used.get1("/").status());
            TestServers.await(() -> server.stats().openConnections(), 2);
            long start = System.nanoTime();
            CompletableFuture<Boolean> shutdown = shutdownInBackground(server);
            assertEquals(RawClient.End.FIN, used.awaitEnd(1_000));
            assertEquals(RawClient.End.FIN, silent.awaitEnd(1_000));
            long closedMs = millisSince(start);
            assertTrue(closedMs < 150, "idle connections closed after " + closedMs + " ms");
            assertTrue(shutdown.get(1, TimeUnit.SECONDS), "nothing was in flight: a clean shutdown");
            assertEquals(2, server.stats().closes().get(CloseReason.SHUTDOWN));
            assertEquals(0, server.stats().openConnections());
        }
    }

    @Test
    void inFlightRequestFinishesWithConnectionCloseWhileNewConnectionsAreRefused() throws Exception {
        try (HttpServer server = HttpServer.start(TestServers.options().build(), signallingRoutes());
             RawClient busy = new RawClient(server.port(), 2_000);
             RawClient idle = new RawClient(server.port(), 2_000)) {
            assertEquals(200, idle.get1("/").status());
            busy.send(RawClient.get("/sleep?ms=300"));
            assertTrue(started.await(1, TimeUnit.SECONDS));

            long start = System.nanoTime();
            CompletableFuture<Boolean> shutdown = shutdownInBackground(server);
            assertEquals(RawClient.End.FIN, idle.awaitEnd(1_000), "the idle connection closes at once");
            assertTrue(millisSince(start) < 150, "idle closed after " + millisSince(start) + " ms");

            assertNewConnectionsRefused(server);
            assertFalse(busy.awaitBytes(0), "refused while the request was still running");

            RawClient.Reply reply = busy.read();
            assertEquals(200, reply.status());
            assertEquals("slept\n", reply.text());
            assertEquals("close", reply.header("Connection"), "the last response announces the close");
            assertEquals(RawClient.End.FIN, busy.awaitEnd(1_000));
            busy.close();
            assertTrue(shutdown.get(2, TimeUnit.SECONDS), "everything finished inside the drain timeout");
            assertEquals(2, server.stats().closes().get(CloseReason.SHUTDOWN));
            assertEquals(2, server.stats().requests());
        }
    }

    @Test
    void requestOutlivingTheDrainTimeoutIsForceClosed() throws Exception {
        try (HttpServer server = HttpServer.start(TestServers.options().drainTimeout(Duration.ofMillis(200)).build(),
                signallingRoutes());
             RawClient busy = new RawClient(server.port(), 2_000)) {
            busy.send(RawClient.get("/sleep?ms=3000"));
            assertTrue(started.await(1, TimeUnit.SECONDS));

            long start = System.nanoTime();
            CompletableFuture<Boolean> shutdown = shutdownInBackground(server);
            RawClient.End end = busy.awaitEnd(2_000);
            long closedMs = millisSince(start);
            assertNotEquals(RawClient.End.OPEN, end, "the connection must be closed");
            assertFalse(busy.awaitBytes(0), "no response for the cut-off request");
            assertTrue(closedMs >= 200 && closedMs < 500,
                    "force-closed after " + closedMs + " ms, drain timeout 200 ms");
            assertFalse(shutdown.get(2, TimeUnit.SECONDS), "shutdown reports that it had to force-close");
            assertTrue(millisSince(start) < 1_000, "shutdown returned after " + millisSince(start) + " ms");
            assertEquals(1, server.stats().closes().get(CloseReason.SHUTDOWN));
        }
    }

    /** Once shutdown has begun, connecting fails within a short while (the listening socket is closed). */
    private static void assertNewConnectionsRefused(HttpServer server) throws Exception {
        assertTrue(server.isShuttingDown());
        long deadline = System.nanoTime() + 200_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 200);
                // the kernel may complete a handshake before the listener closes: it must never be served
                s.setSoTimeout(200);
                s.getOutputStream().write(RawClient.get("/").getBytes());
                try {
                    assertEquals(-1, s.getInputStream().read(), "a connection made during shutdown was served");
                } catch (IOException reset) {
                    // reset: not served either
                }
            } catch (ConnectException refused) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "still accepting connections 200 ms into shutdown");
        }
    }
}
