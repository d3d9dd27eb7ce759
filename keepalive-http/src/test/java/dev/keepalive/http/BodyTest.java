package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Request bodies: Content-Length and chunked are read and echoed; a body the handler leaves unread is
 * drained (up to maxDrainSize) to keep the connection, or the connection closes; {@code Expect:
 * 100-continue} is answered; a HEAD response has no body.
 */
class BodyTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** Routes plus {@code /partial?n=N}: reads exactly N body bytes, leaves the rest. */
    private static Handler routesWithPartial() {
        Handler routes = TestServers.routes();
        return request -> {
            if (request.path().equals("/partial")) {
                byte[] got = request.body().readNBytes(Integer.parseInt(request.queryParam("n")));
                return Response.text(200, "read " + got.length + "\n");
            }
            return routes.handle(request);
        };
    }

    @Test
    void echoesAContentLengthBody() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 11\r\n\r\nhello world");
            RawClient.Reply reply = client.read();
            assertEquals(200, reply.status());
            assertEquals("hello world", reply.text());
            assertEquals(200, client.get1("/").status(), "the same connection serves the next request");
            assertEquals(1, server.stats().accepted());
        }
    }

    @Test
    void echoesAChunkedBodyWithExtensionsAndTrailersAndFindsTheNextRequestAfterIt() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;name=value\r\nhello\r\n6 ; x=\"y;z\"\r\n world\r\n0;end\r\nX-Checksum: 1\r\nX-More: 2\r\n\r\n"
                    + RawClient.get("/"));
            RawClient.Reply echo = client.read();
            assertEquals(200, echo.status());
            assertEquals("hello world", echo.text());
            RawClient.Reply next = client.read();
            assertEquals(200, next.status());
            assertEquals("hello\n", next.text());
        }
    }

    @Test
    void unreadBodyUpToMaxDrainSizeIsDrainedAndTheConnectionServesTheNextRequest() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port())) {
            byte[] body = random(10 * 1024);
            client.send(concat(
                    ascii("POST /ignore HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.length + "\r\n\r\n"), body));
            RawClient.Reply ignored = client.read();
            assertEquals(200, ignored.status());
            assertEquals("ignored\n", ignored.text());
            assertNull(ignored.header("Connection"), "a drainable body must not cost the connection");
            assertEquals("hello\n", client.get1("/").text());

            // chunked, and with the next request in the same write: the drain must stop at the body's end
            client.send(concat(ascii("POST /ignore HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length) + "\r\n"), body, ascii("\r\n0\r\n\r\n" + RawClient.get("/"))));
            assertEquals("ignored\n", client.read().text());
            assertEquals("hello\n", client.read().text());
            assertEquals(1, server.stats().accepted());
        }
    }

    @Test
    void restOfABodyArrivingAfterTheResponseIsDrainedWithinMaxDrainSize() throws Exception {
        // the handler reads 8 KiB of 20 KiB and answers; the other 12 KiB (<= 16 KiB) arrive after the answer
        try (HttpServer server = HttpServer.start(TestServers.options().maxDrainSize(16 * 1024).build(),
                routesWithPartial());
             RawClient client = new RawClient(server.port())) {
            byte[] body = random(20 * 1024);
            client.send(concat(ascii("POST /partial?n=8192 HTTP/1.1\r\nHost: test\r\nContent-Length: 20480\r\n\r\n"),
                    Arrays.copyOf(body, 8192)));
            RawClient.Reply partial = client.read();
            assertEquals("read 8192\n", partial.text());
            assertNull(partial.header("Connection"), "12 KiB left is within maxDrainSize: keep the connection");
            client.send(Arrays.copyOfRange(body, 8192, body.length)).send(RawClient.get("/"));
            assertEquals("hello\n", client.read().text());
            assertEquals(1, server.stats().accepted());
        }
    }

    @Test
    void unreadBodyLargerThanMaxDrainSizeClosesTheConnectionAfterTheResponse() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port())) {
            client.send(concat(
                    ascii("POST /ignore HTTP/1.1\r\nHost: test\r\nContent-Length: " + (1 << 20) + "\r\n\r\n"),
                    random(16 * 1024)));
            RawClient.Reply reply = client.read();
            assertEquals(200, reply.status());
            assertEquals("ignored\n", reply.text());
            assertEquals("close", reply.header("Connection"), "1 MiB unread is too much to drain");
            assertEquals(RawClient.End.FIN, client.awaitEnd(1_000));
            client.close();
            assertEquals(1, TestServers.await(() -> server.stats().closes().get(CloseReason.LIMIT), 1));
        }
    }

    @Test
    void expectContinueGets100BeforeTheBodyIsSentThenTheFinalResponse() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port(), 2_000)) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            RawClient.Reply interim = client.read(); // the client sends nothing more until it has this
            assertEquals("HTTP/1.1 100 Continue", interim.statusLine());
            assertTrue(interim.headers().isEmpty(), interim.headers().toString());
            client.send("hello");
            RawClient.Reply reply = client.read();
            assertEquals(200, reply.status());
            assertEquals("hello", reply.text());
            assertEquals(200, client.get1("/").status());
        }
    }

    @Test
    void expectContinueWithABodyOverTheLimitGets413AndNo100() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options().maxBodySize(1_000));
             RawClient client = new RawClient(server.port(), 2_000)) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
            RawClient.Reply reply = client.read();
            assertEquals(413, reply.status(), reply.statusLine());
            assertEquals("close", reply.header("Connection"));
            assertEquals(RawClient.End.FIN, client.awaitEnd(1_000));
        }
    }

    @Test
    void headResponseHasContentLengthButNoBodyBytes() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port(), 2_000)) {
            // both requests in one write: any body byte after the HEAD response would corrupt the next one
            client.send("HEAD / HTTP/1.1\r\nHost: test\r\n\r\n" + RawClient.get("/"));
            RawClient.Reply head = client.read(true);
            assertEquals(200, head.status());
            assertEquals("6", head.header("Content-Length"), "HEAD announces the GET body length");
            RawClient.Reply get = client.read();
            assertEquals("HTTP/1.1 200 OK", get.statusLine());
            assertEquals("hello\n", get.text());
            assertFalse(client.awaitBytes(100), "no stray bytes after the GET response");
        }
    }

    @Test
    void largeContentLengthBodyIsStreamedAndEchoedIntact() throws Exception {
        byte[] body = random(2 << 20);
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port(), 5_000)) {
            Thread writer = writeInBackground(client, concat(
                    ascii("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.length + "\r\n\r\n"), body,
                    ascii(RawClient.get("/"))));
            RawClient.Reply echo = client.read();
            assertEquals(200, echo.status());
            assertArrayEquals(body, echo.body());
            assertEquals("hello\n", client.read().text(), "the request after the big body is served");
            writer.join(5_000);
        }
    }

    @Test
    void largeChunkedBodyIsStreamedAndEchoedIntact() throws Exception {
        byte[] body = random(2 << 20);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(ascii("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"));
        Random sizes = new Random(7);
        for (int pos = 0; pos < body.length; ) {
            int n = Math.min(body.length - pos, 1 + sizes.nextInt(100_000));
            request.writeBytes(ascii(Integer.toHexString(n) + "\r\n"));
            request.write(body, pos, n);
            request.writeBytes(ascii("\r\n"));
            pos += n;
        }
        request.writeBytes(ascii("0\r\n\r\n" + RawClient.get("/")));
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port(), 5_000)) {
            Thread writer = writeInBackground(client, request.toByteArray());
            RawClient.Reply echo = client.read();
            assertEquals(200, echo.status());
            assertArrayEquals(body, echo.body());
            assertEquals("hello\n", client.read().text());
            writer.join(5_000);
        }
    }

    /** Writes from another thread: the server pushes back on a big body while we read its answer. */
    private static Thread writeInBackground(RawClient client, byte[] bytes) {
        return Thread.ofPlatform().daemon().start(() -> {
            try {
                client.send(bytes);
            } catch (IOException e) {
                // surfaces as a missing or short response in the reading thread
            }
        });
    }
}
