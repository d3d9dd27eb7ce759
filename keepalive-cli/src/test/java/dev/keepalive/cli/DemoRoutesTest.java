package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Await;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.ServerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The `kal serve` routes over a real socket on port 0, one event loop. */
class DemoRoutesTest {
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        AtomicReference<HttpServer> ref = new AtomicReference<>();
        server = HttpServer.start(ServerOptions.builder().port(0).eventLoops(1).build(),
                new DemoRoutes(() -> ref.get().stats()));
        ref.set(server);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.shutdown();
        }
    }

    @Test
    void rootSaysHelloTwiceOnOneKeptConnection() throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            for (int i = 0; i < 2; i++) {
                RawHttp.Reply r = c.get("/");
                assertEquals(200, r.status());
                assertEquals("hello from kal\n", r.text());
                assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
                assertTrue(r.header("Keep-Alive").startsWith("timeout=75"), r.headers().toString());
            }
        }
    }

    @Test
    void echoReturnsTheBodyWithItsContentType() throws IOException {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("""
                    POST /echo HTTP/1.1
                    Host: test
                    Content-Type: application/json
                    Content-Length: %d

                    """.formatted(body.length), body);
            RawHttp.Reply r = c.read();
            assertEquals(200, r.status());
            assertEquals("application/json", r.header("Content-Type"));
            assertEquals("{\"a\":1}", r.text());
        }
    }

    @Test
    void echoReturnsAChunkedBodyAsOctetsWhenUntyped() throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("""
                    POST /echo HTTP/1.1
                    Host: test
                    Transfer-Encoding: chunked

                    5
                    hello
                    6
                     world
                    0

                    """);
            RawHttp.Reply r = c.read();
            assertEquals(200, r.status());
            assertEquals("application/octet-stream", r.header("Content-Type"));
            assertEquals("hello world", r.text());
        }
    }

    @Test
    void delaySleepsOffTheEventLoopSoOtherConnectionsAreServedMeanwhile() throws Exception {
        try (RawHttp slow = new RawHttp(server.port()); RawHttp fast = new RawHttp(server.port())) {
            long start = System.nanoTime();
            CompletableFuture<RawHttp.Reply> delayed = CompletableFuture.supplyAsync(() -> {
                try {
                    return slow.get("/delay?ms=1500");
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            // the only event loop has taken /delay before / arrives
            Await.until("/delay in flight", () -> server.stats().activeConnections() == 1, Duration.ofSeconds(2));
            RawHttp.Reply hello = fast.get("/");
            long helloMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(200, hello.status());
            assertTrue(helloMillis < 1_000, "/ waited for /delay on the only event loop: " + helloMillis + " ms");
            RawHttp.Reply r = delayed.get(10, TimeUnit.SECONDS);
            long delayMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(200, r.status());
            assertEquals("slept 1500 ms\n", r.text());
            assertTrue(delayMillis >= 1_500, "answered after " + delayMillis + " ms");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/delay", "/delay?ms=", "/delay?ms=abc", "/delay?ms=-5", "/delay?ms=1.5", "/delay?ms=60001"})
    void delayRejectsMissingMalformedNegativeAndTooLongSleeps(String target) throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            RawHttp.Reply r = c.get(target);
            assertEquals(400, r.status());
            assertTrue(r.text().startsWith("ms must be a whole number of milliseconds in 0..60000: "), r.text());
        }
    }

    @Test
    void bytesSendsExactlyNBytesWithContentLength() throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            RawHttp.Reply r = c.get("/bytes?n=100000");
            assertEquals(200, r.status());
            assertEquals("100000", r.header("Content-Length"));
            assertNull(r.header("Transfer-Encoding"));
            assertEquals(100_000, r.body().length);
            assertTrue(r.text().startsWith("abcdefghijklmnopqrstuvwxyz0123456789"), "a visible pattern");
            RawHttp.Reply empty = c.get("/bytes?n=0");
            assertEquals("0", empty.header("Content-Length"));
            assertEquals(0, empty.body().length);
        }
    }

    @Test
    void bytesWithChunkedUsesChunkedTransferCoding() throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            RawHttp.Reply r = c.get("/bytes?n=100000&chunked=1");
            assertEquals(200, r.status());
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertNull(r.header("Content-Length"));
            assertEquals(100_000, r.body().length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bytes", "/bytes?n=abc", "/bytes?n=-1", "/bytes?n=67108865", "/bytes?n=10&chunked=2"})
    void bytesRejectsBadSizesAndSizesOverTheCap(String target) throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            assertEquals(400, c.get(target).status());
        }
    }

    @Test
    void statsAnswersJsonCountingConnectionsAndRequests() throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            c.get("/");
            c.get("/");
            RawHttp.Reply r = c.get("/_kal/stats");
            assertEquals(200, r.status());
            assertEquals("application/json", r.header("Content-Type"));
            assertTrue(r.text().startsWith("{\"openConnections\":"), r.text());
            assertEquals(1, number(r.text(), "accepted"), r.text());
            assertTrue(number(r.text(), "requests") >= 2, r.text());
        }
    }

    @Test
    void unknownPathIs404AndKeepsTheConnection() throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            RawHttp.Reply r = c.get("/nope");
            assertEquals(404, r.status());
            assertEquals("not found: /nope\n", r.text());
            assertEquals(200, c.get("/").status());
        }
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Long.parseLong(m.group(1));
    }
}
