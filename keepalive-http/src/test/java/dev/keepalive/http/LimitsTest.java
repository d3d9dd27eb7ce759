package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.keepalive.core.CloseReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Size limits and refusals: 431, 413, 400, 505. Every error response says {@code Connection: close}, and
 * the server half-closes and lingers so the client reads the whole response and then a FIN, never an
 * RST, even when it had sent more bytes after the bad request (RFC 9112 §9.6).
 */
class LimitsTest {
    private static final int MAX_BODY = 1_000;
    /** More input after the bad request; under the 64 KiB linger budget. */
    private static final byte[] EXTRA = new byte[32 * 1024];

    static {
        Arrays.fill(EXTRA, (byte) 'z');
    }

    private static ServerOptions.Builder options() {
        return TestServers.options().maxBodySize(MAX_BODY);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                arguments("head larger than maxHeadSize", 431,
                        "GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"),
                arguments("Content-Length above maxBodySize", 413,
                        "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: " + (MAX_BODY + 1) + "\r\n\r\n"),
                arguments("chunked body growing past maxBodySize", 413,
                        "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "258\r\n" + "b".repeat(600) + "\r\n258\r\n" + "b".repeat(600) + "\r\n0\r\n\r\n"),
                arguments("request line without version", 400, "GET /\r\nHost: test\r\n\r\n"),
                arguments("request line with two spaces", 400, "GET  / HTTP/1.1\r\nHost: test\r\n\r\n"),
                arguments("non-token method", 400, "G(T / HTTP/1.1\r\nHost: test\r\n\r\n"),
                arguments("space before the header colon", 400, "GET / HTTP/1.1\r\nHost : test\r\n\r\n"),
                arguments("obs-fold header line", 400, "GET / HTTP/1.1\r\nHost: test\r\nX: a\r\n  folded\r\n\r\n"),
                arguments("control character in a header", 400, "GET / HTTP/1.1\r\nHost: test\r\nX: a\u0002b\r\n\r\n"),
                arguments("Content-Length with Transfer-Encoding", 400,
                        "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "5\r\nhello\r\n0\r\n\r\n"),
                arguments("two differing Content-Length", 400,
                        "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
                arguments("HTTP/2.0 request line", 505, "GET / HTTP/2.0\r\nHost: test\r\n\r\n"),
                arguments("HTTP/3.0 request line", 505, "GET / HTTP/3.0\r\nHost: test\r\n\r\n"),
                arguments("HTTP/1.1 without Host", 400, "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badRequests")
    void errorResponseSaysCloseAndTheConnectionEndsWithFin(String what, int status, String request) throws Exception {
        try (HttpServer server = TestServers.start(options());
             RawClient client = new RawClient(server.port(), 2_000)) {
            client.send(request);
            assertError(client, status);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badRequests")
    void moreBytesInTheSameWriteDoNotTurnTheCloseIntoAnRst(String what, int status, String request) throws Exception {
        try (HttpServer server = TestServers.start(options());
             RawClient client = new RawClient(server.port(), 2_000)) {
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.writeBytes(request.getBytes(StandardCharsets.ISO_8859_1));
            both.writeBytes(RawClient.get("/").getBytes(StandardCharsets.ISO_8859_1));
            both.writeBytes(EXTRA);
            client.send(both.toByteArray());
            assertError(client, status);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badRequests")
    void bytesSentAfterTheServerAnsweredDoNotTurnTheCloseIntoAnRst(String what, int status, String request)
            throws Exception {
        try (HttpServer server = TestServers.start(options());
             RawClient client = new RawClient(server.port(), 2_000)) {
            client.send(request);
            assertTrue(client.awaitBytes(2_000), "no response to a bad request");
            // the server has answered and closed its side; a non-lingering server would now reset
            client.send(RawClient.get("/")).send(EXTRA);
            assertError(client, status);
        }
    }

    @Test
    void streamedChunkedBodyGrowingPastMaxBodySizeGets413() throws Exception {
        // past maxDrainSize the body streams to the handler: the limit must still hold there
        int limit = 80 * 1024;
        try (HttpServer server = TestServers.start(TestServers.options().maxBodySize(limit));
             RawClient client = new RawClient(server.port(), 2_000)) {
            byte[] chunk = new byte[10 * 1024];
            Arrays.fill(chunk, (byte) 'c');
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    client.send("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n");
                    for (int i = 0; i < 10; i++) { // 100 KiB in all
                        client.send("2800\r\n").send(chunk).send("\r\n");
                    }
                    client.send("0\r\n\r\n");
                } catch (IOException e) {
                    // the server may stop reading once it refused the body
                }
            });
            assertError(client, 413);
            writer.join(2_000);
            client.close(); // ends the server's linger
            assertEquals(1, TestServers.await(() -> server.stats().closes().get(CloseReason.LIMIT), 1));
        }
    }

    @Test
    void identicalDuplicateContentLengthsAreAccepted() throws Exception {
        try (HttpServer server = TestServers.start(options());
             RawClient client = new RawClient(server.port(), 2_000)) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello");
            RawClient.Reply reply = client.read();
            assertEquals(200, reply.status());
            assertEquals("hello", reply.text());
            assertEquals(200, client.get1("/").status(), "the connection stays usable");
        }
    }

    @Test
    void bodyOfExactlyMaxBodySizeIsAccepted() throws Exception {
        try (HttpServer server = TestServers.start(options());
             RawClient client = new RawClient(server.port(), 2_000)) {
            String body = "k".repeat(MAX_BODY);
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: " + MAX_BODY + "\r\n\r\n" + body);
            RawClient.Reply reply = client.read();
            assertEquals(200, reply.status());
            assertEquals(body, reply.text());
        }
    }

    @Test
    void errorsAreCountedByCloseReason() throws Exception {
        try (HttpServer server = TestServers.start(options())) {
            try (RawClient bad = new RawClient(server.port(), 2_000)) {
                bad.send("GET / HTTP/2.0\r\nHost: test\r\n\r\n");
                assertError(bad, 505);
            }
            try (RawClient big = new RawClient(server.port(), 2_000)) {
                big.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\n\r\n");
                assertError(big, 413);
            }
            assertEquals(1, TestServers.await(() -> server.stats().closes().get(CloseReason.BAD_REQUEST), 1));
            assertEquals(1, TestServers.await(() -> server.stats().closes().get(CloseReason.LIMIT), 1));
        }
    }

    /** The whole error response with {@code Connection: close}, then a FIN. */
    private static void assertError(RawClient client, int status) throws IOException {
        RawClient.Reply reply = client.read();
        assertEquals(status, reply.status(), reply.statusLine() + " " + reply.text());
        assertEquals("close", reply.header("Connection"));
        assertEquals(Integer.parseInt(reply.header("Content-Length")), reply.body().length, "whole body read");
        assertTrue(reply.text().startsWith(status + " "), reply.text());
        assertEquals(RawClient.End.FIN, client.awaitEnd(1_000), "after the response the server must FIN, not reset");
    }
}
