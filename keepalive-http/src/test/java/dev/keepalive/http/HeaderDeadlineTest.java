package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.RealTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The request-head deadline runs for the whole head from its first byte, not per byte (slowloris): a
 * trickling client gets 408 and a FIN at the deadline; a head that completes in time is served.
 */
class HeaderDeadlineTest {
    private static final int DEADLINE_MS = 300;
    private static final int TRICKLE_MS = 50;

    private static ServerOptions.Builder options() {
        return TestServers.options().headerTimeout(Duration.ofMillis(DEADLINE_MS)).idleTimeout(Duration.ofSeconds(5));
    }

    @Test
    void tricklingClientGets408WithConnectionCloseAndFinAtTheWholeHeadDeadline() throws Exception {
        byte[] head = ("GET / HTTP/1.1\r\nHost: test\r\nX-Slow: " + "a".repeat(200) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (HttpServer server = TestServers.start(options());
             RawClient client = new RawClient(server.port(), 2_000)) {
            AtomicInteger sent = new AtomicInteger();
            long start = System.nanoTime();
            Thread trickler = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (byte b : head) {
                        client.send(new byte[] {b});
                        sent.incrementAndGet();
                        RealTime.sleep(TRICKLE_MS, "each byte well inside the deadline: only the total counts");
                    }
                } catch (IOException | InterruptedException e) {
                    // the test is over or the server has gone: stop trickling
                }
            });
            try {
                RawClient.Reply reply = client.read();
                long repliedMs = (System.nanoTime() - start) / 1_000_000;
                RawClient.End end = client.awaitEnd(1_000);
                long endedMs = (System.nanoTime() - start) / 1_000_000;

                assertEquals("HTTP/1.1 408 Request Timeout", reply.statusLine());
                assertEquals("close", reply.header("Connection"));
                assertNull(reply.header("Keep-Alive"));
                assertEquals(RawClient.End.FIN, end, "the connection must end with a FIN, not an RST");
                assertTrue(repliedMs >= DEADLINE_MS && endedMs <= DEADLINE_MS + 250,
                        "408 after " + repliedMs + " ms, end after " + endedMs + " ms; deadline "
                                + DEADLINE_MS + " ms");
                int bytesSent = sent.get();
                assertTrue(bytesSent >= 4 && bytesSent < head.length,
                        "the head was still trickling when it timed out: " + bytesSent + " of " + head.length
                                + " bytes");
            } finally {
                trickler.interrupt();
                client.close();
                trickler.join(1_000);
            }
            assertEquals(1, TestServers.await(() -> server.stats().closes().get(CloseReason.HEADER_TIMEOUT), 1));
        }
    }

    @Test
    void headCompletedWithinTheDeadlineIsServedEvenWhenItArrivesInPieces() throws Exception {
        try (HttpServer server = TestServers.start(options());
             RawClient client = new RawClient(server.port(), 2_000)) {
            RawClient.Reply reply = sendInPieces(client);
            assertEquals(200, reply.status());
            assertEquals("hello\n", reply.text());
            assertNull(reply.header("Connection"), "a timely head keeps the connection");
        }
    }

    @Test
    void deadlineStartsAgainForEachHeadOnAPersistentConnection() throws Exception {
        try (HttpServer server = TestServers.start(options());
             RawClient client = new RawClient(server.port(), 2_000)) {
            long start = System.nanoTime();
            assertEquals(200, sendInPieces(client).status());
            assertEquals(200, sendInPieces(client).status());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs > DEADLINE_MS, "both heads together must outlast one deadline: " + elapsedMs + " ms");
            assertEquals(1, server.stats().accepted());
            assertEquals(0, server.stats().closes().get(CloseReason.HEADER_TIMEOUT));
        }
    }

    @Test
    void silentConnectionIsLeftToTheIdleTimeoutNotAnswered408() throws Exception {
        try (HttpServer server = TestServers.start(options());
             RawClient client = new RawClient(server.port(), 2_000)) {
            assertEquals(RawClient.End.OPEN, client.awaitEnd(DEADLINE_MS + 200),
                    "no byte of a head was sent, so there is no head deadline running");
            client.socket.setSoTimeout(2_000);
            assertEquals(200, client.get1("/").status());
        }
    }

    /** One head in five pieces, 50 ms apart: about 200 ms in all, inside the 300 ms deadline. */
    private static RawClient.Reply sendInPieces(RawClient client) throws Exception {
        String[] pieces = {"GET / HT", "TP/1.1\r\nHo", "st: test\r\n", "X-A: 1\r\n", "\r\n"};
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                RealTime.sleep(TRICKLE_MS, "a head in pieces: the deadline covers the whole head");
            }
            client.send(pieces[i]);
        }
        return client.read();
    }
}
