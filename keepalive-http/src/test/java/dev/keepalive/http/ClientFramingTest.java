package dev.keepalive.http;

import static dev.keepalive.http.ClientReuseTest.get;
import static dev.keepalive.http.ClientReuseTest.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9112 §6.3: a response body ends by Content-Length, by the chunked coding (trailers included), or
 * by the connection closing; HEAD, 204 and 304 have none. Only a body read exactly to its end leaves
 * the connection reusable; a body closed early means the connection is discarded.
 */
class ClientFramingTest {

    @Test
    void contentLengthBodyIsReadExactlyAndTheConnectionReused() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             HttpClient client = HttpClient.create(options().build())) {
            String base = "http://127.0.0.1:" + server.port();
            long id;
            try (ClientResponse response = client.send(ClientRequest.get(base + "/bytes?n=100000"))) {
                assertEquals("100000", response.header("Content-Length"));
                assertArrayEquals(new byte[100_000], response.bodyBytes());
                id = response.connectionId();
            }
            assertEquals(id, get(client, base + "/", "hello\n"), "the next response starts where the body ended");
        }
    }

    @Test
    void chunkedBodyFromOurServerIsDecodedAndTheConnectionReused() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             HttpClient client = HttpClient.create(options().build())) {
            String base = "http://127.0.0.1:" + server.port();
            long id;
            try (ClientResponse response = client.send(ClientRequest.get(base + "/bytes?n=20000&chunked=1"))) {
                assertEquals("chunked", response.header("Transfer-Encoding"));
                assertEquals(20_000, response.bodyBytes().length);
                id = response.connectionId();
            }
            assertEquals(id, get(client, base + "/", "hello\n"));
        }
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailersIsDecodedAndTheConnectionReused() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().framing(MisbehavingServer.Framing.CHUNKED)
                .body(e -> "chunked body number " + e.request() + "\n").start();
             HttpClient client = HttpClient.create(options().build())) {
            long a = get(client, server.url("/"), "chunked body number 1\n");
            long b = get(client, server.url("/"), "chunked body number 2\n");
            assertEquals(a, b);
            assertEquals(List.of(2), server.requestsPerConnection());
            assertEquals(1, client.stats().idleConnections());
        }
    }

    @Test
    void closeDelimitedBodyIsReadToTheEndAndTheConnectionNotReused() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().framing(MisbehavingServer.Framing.CLOSE)
                .body(e -> "until the end " + e.connection() + "\n").start();
             HttpClient client = HttpClient.create(options().build())) {
            try (ClientResponse response = client.send(ClientRequest.get(server.url("/")))) {
                assertNull(response.header("Content-Length"));
                assertNull(response.header("Transfer-Encoding"));
                assertEquals("until the end 1\n", response.bodyString());
            }
            get(client, server.url("/"), "until the end 2\n");
            assertEquals(List.of(1, 1), server.requestsPerConnection());
            assertEquals(0, server.lateBytes());
            ClientStats stats = client.stats();
            assertEquals(2, stats.closes().get(CloseReason.PEER_CLOSED));
            assertEquals(0, stats.openConnections());
            assertEquals(0, stats.retries());
        }
    }

    @Test
    void headResponseHasNoBodyAndTheConnectionIsReused() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             HttpClient client = HttpClient.create(options().build())) {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/");
            long id;
            try (ClientResponse response = client.send(ClientRequest.of("HEAD", uri, null))) {
                assertEquals(200, response.status());
                assertEquals("6", response.header("Content-Length"), "the length of the GET body");
                assertEquals(0, response.bodyBytes().length);
                id = response.connectionId();
            }
            assertEquals(id, get(client, uri.toString(), "hello\n"), "no body bytes were waited for or eaten");
        }
        try (MisbehavingServer server = MisbehavingServer.builder().framing(MisbehavingServer.Framing.CHUNKED).start();
             HttpClient client = HttpClient.create(options().build())) {
            try (ClientResponse response = client.send(ClientRequest.of("HEAD", URI.create(server.url("/")), null))) {
                assertEquals("chunked", response.header("Transfer-Encoding"));
                assertEquals(0, response.bodyBytes().length);
            }
            get(client, server.url("/"), "hello\n");
            assertEquals(List.of(2), server.requestsPerConnection());
        }
    }

    @Test
    void noContentAndNotModifiedHaveNoBodyAndTheConnectionIsReused() throws Exception {
        try (HttpServer server = HttpServer.start(TestServers.options().build(),
                Handler.nonBlocking(r -> r.path().equals("/204") ? Response.empty(204) : Response.text(200, "ok\n")));
             HttpClient client = HttpClient.create(options().build())) {
            String base = "http://127.0.0.1:" + server.port();
            long id;
            try (ClientResponse response = client.send(ClientRequest.get(base + "/204"))) {
                assertEquals(204, response.status());
                assertEquals(0, response.bodyBytes().length);
                id = response.connectionId();
            }
            assertEquals(id, get(client, base + "/", "ok\n"));
        }
        for (int status : new int[] {204, 304}) {
            // no Content-Length at all: the status alone says there is no body
            try (MisbehavingServer server = MisbehavingServer.builder().status(status).start();
                 HttpClient client = HttpClient.create(options().build())) {
                for (int i = 0; i < 2; i++) {
                    try (ClientResponse response = client.send(ClientRequest.get(server.url("/")))) {
                        assertEquals(status, response.status());
                        assertEquals(0, response.bodyBytes().length);
                    }
                }
                assertEquals(List.of(2), server.requestsPerConnection(), "status " + status);
            }
        }
    }

    @Test
    void bodyClosedBeforeItsEndDiscardsTheConnection() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             HttpClient client = HttpClient.create(options().build())) {
            String base = "http://127.0.0.1:" + server.port();
            for (String path : new String[] {"/bytes?n=100000", "/bytes?n=100000&chunked=1"}) {
                long id;
                try (ClientResponse response = client.send(ClientRequest.get(base + path))) {
                    assertEquals(10, response.body().readNBytes(10).length);
                    id = response.connectionId();
                }
                assertEquals(0, client.stats().idleConnections(), path);
                assertNotEquals(id, get(client, base + "/", "hello\n"), "the rest of the body would poison it: " + path);
            }
            ClientStats stats = client.stats();
            assertEquals(2, stats.closes().get(CloseReason.ERROR));
            assertEquals(3, stats.connectionsCreated(), "1 discarded, 2 carried '/' then was discarded, 3");
        }
    }

    @Test
    void bodyReadToItsEndWithoutCloseReturnsTheConnection() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             HttpClient client = HttpClient.create(options().build())) {
            String base = "http://127.0.0.1:" + server.port();
            ClientResponse response = client.send(ClientRequest.get(base + "/bytes?n=5000&chunked=1"));
            InputStream body = response.body();
            byte[] buf = new byte[777];
            long total = 0;
            int n;
            while ((n = body.read(buf)) >= 0) {
                total += n;
            }
            assertEquals(5_000, total);
            assertEquals(1, client.stats().idleConnections(), "back in the pool at end of body, before close()");
            try (ClientResponse next = client.send(ClientRequest.get(base + "/"))) {
                assertTrue(next.connectionReused());
            }
        }
    }

    @Test
    void malformedFramingFailsTheRequestAndDiscardsTheConnectionOnce() throws Exception {
        try (MisbehavingServer badLength = MisbehavingServer.builder().header("Content-Length: lots").start();
             MisbehavingServer gzip = MisbehavingServer.builder().framing(MisbehavingServer.Framing.CLOSE)
                     .header("Transfer-Encoding: gzip").start();
             HttpClient client = HttpClient.create(options().build())) {
            IOException length = assertThrows(IOException.class, () -> client.send(ClientRequest.get(badLength.url("/"))));
            assertTrue(length.getMessage().contains("Content-Length"), length.getMessage());
            IOException coding = assertThrows(IOException.class, () -> client.send(ClientRequest.get(gzip.url("/"))));
            assertTrue(coding.getMessage().contains("gzip"), coding.getMessage());
            ClientStats stats = client.stats();
            assertEquals(2, stats.closes().get(CloseReason.ERROR), "one close each: " + stats.toJson());
            assertEquals(0, stats.openConnections(), stats.toJson());
            assertEquals(0, stats.retries(), "a response had started: not retried");
            assertEquals(List.of(1), badLength.requestsPerConnection());
        }
    }

    @Test
    void interimResponsesAreSkipped() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().interim("HTTP/1.1 103 Early Hints\r\nLink: </a.css>")
                .start();
             HttpClient client = HttpClient.create(options().build())) {
            try (ClientResponse response = client.send(ClientRequest.get(server.url("/")))) {
                assertEquals(200, response.status());
                assertEquals(List.of(), response.headers("Link"), "headers of the final response only");
                assertEquals("hello\n", response.bodyString());
            }
            get(client, server.url("/"), "hello\n");
            assertEquals(List.of(2), server.requestsPerConnection());
        }
    }
}
