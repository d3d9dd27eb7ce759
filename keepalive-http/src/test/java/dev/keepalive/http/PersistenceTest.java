package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 9112 §9.3: HTTP/1.1 persists by default; HTTP/1.0 only when it asks. */
class PersistenceTest {
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestServers.options());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void http11ConnectionServesManyRequests() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            for (int i = 0; i < 5; i++) {
                RawClient.Reply reply = client.get1("/");
                assertEquals(200, reply.status());
                assertEquals("hello\n", reply.text());
                assertNull(reply.header("Connection"));
            }
            assertEquals(RawClient.End.OPEN, client.awaitEnd(50));
        }
        assertEquals(1, server.stats().accepted());
    }

    @Test
    void clientConnectionCloseEndsAfterThatResponse() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            RawClient.Reply reply = client.read();
            assertEquals(200, reply.status());
            assertEquals("close", reply.header("Connection"));
            assertEquals(RawClient.End.FIN, client.awaitEnd(2_000));
        }
    }

    @Test
    void handlerConnectionCloseEndsAfterThatResponse() throws Exception {
        try (HttpServer closing = HttpServer.start(TestServers.options().build(),
                Handler.nonBlocking(r -> Response.text(200, "bye\n").close(true)));
             RawClient client = new RawClient(closing.port())) {
            RawClient.Reply reply = client.get1("/");
            assertEquals("close", reply.header("Connection"));
            assertEquals("bye\n", reply.text());
            assertEquals(RawClient.End.FIN, client.awaitEnd(2_000));
        }
    }

    @Test
    void http10ClosesAfterResponseByDefault() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.0\r\n\r\n");
            RawClient.Reply reply = client.read();
            assertEquals(200, reply.status());
            assertEquals("close", reply.header("Connection"));
            assertNull(reply.header("Keep-Alive"));
            assertEquals(RawClient.End.FIN, client.awaitEnd(2_000));
        }
    }

    @Test
    void http10KeepAliveIsHonouredAndEchoed() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            for (int i = 0; i < 3; i++) {
                client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                RawClient.Reply reply = client.read();
                assertEquals(200, reply.status());
                assertEquals("keep-alive", reply.header("Connection"));
                assertEquals("6", reply.header("Content-Length"));
            }
            assertEquals(RawClient.End.OPEN, client.awaitEnd(50));
        }
    }

    @Test
    void responseToHttp10IsNeverChunked() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /bytes?n=100&chunked=1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Reply reply = client.read();
            assertNull(reply.header("Transfer-Encoding"));
            assertEquals("100", reply.header("Content-Length"));
            assertEquals(100, reply.body().length);
        }
    }

    @Test
    void chunkedResponseOnHttp11() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawClient.Reply reply = client.get1("/bytes?n=20000&chunked=1");
            assertEquals("chunked", reply.header("Transfer-Encoding"));
            assertEquals(20_000, reply.body().length);
            assertEquals(200, client.get1("/").status());
        }
    }
}
