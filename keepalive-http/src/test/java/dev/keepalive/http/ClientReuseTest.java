package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client reuses what the server keeps alive and nothing else: {@code Connection: close}, HTTP/1.0
 * without keep-alive, {@code Keep-Alive: timeout=N} (idle TTL N − 1 s) and {@code max=M}. The
 * misbehaving server keeps every connection open regardless of what it says, so only the client's
 * respect for the headers stops reuse.
 */
class ClientReuseTest {

    static ClientOptions.Builder options() {
        return ClientOptions.builder()
                .connectTimeout(Duration.ofMillis(1_000))
                .readTimeout(Duration.ofMillis(3_000))
                .acquireTimeout(Duration.ofMillis(1_000))
                .idleCheckInterval(Duration.ofHours(1)); // only the acquire path and explicit evictIdle run
    }

    /** Sends a GET, reads the body to its end, returns the connection id that carried it. */
    static long get(HttpClient client, String url, String expectedBody) throws IOException {
        try (ClientResponse response = client.send(ClientRequest.get(url))) {
            assertEquals(200, response.status());
            assertEquals(expectedBody, response.bodyString());
            return response.connectionId();
        }
    }

    @Test
    void reusesOneConnectionForSequentialRequestsToOurServer() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             HttpClient client = HttpClient.create(options().build())) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                try (ClientResponse response = client.send(ClientRequest.get(url))) {
                    assertEquals("hello\n", response.bodyString());
                    assertEquals(i > 0, response.connectionReused(), "request " + i);
                    ids.add(response.connectionId());
                }
            }
            assertEquals(List.of(ids.get(0), ids.get(0), ids.get(0), ids.get(0), ids.get(0)), ids);
            ClientStats stats = client.stats();
            assertEquals(5, stats.requests());
            assertEquals(1, stats.connectionsCreated());
            assertEquals(4, stats.reused());
            assertEquals(0.8, stats.reuseRatio(), 1e-9);
            assertEquals(1, stats.idleConnections());
            assertEquals(1, stats.openConnections());
            assertEquals(1, server.stats().accepted());
            assertEquals(5, server.stats().requests());
        }
    }

    @Test
    void honoursConnectionCloseEvenWhenTheServerKeepsTheSocketOpen() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().header("Connection: close").start();
             HttpClient client = HttpClient.create(options().build())) {
            long a = get(client, server.url("/"), "hello\n");
            long b = get(client, server.url("/"), "hello\n");
            long c = get(client, server.url("/"), "hello\n");
            assertTrue(a != b && b != c && a != c, "three connections: " + a + ", " + b + ", " + c);
            assertEquals(List.of(1, 1, 1), server.requestsPerConnection());
            ClientStats stats = client.stats();
            assertEquals(3, stats.connectionsCreated());
            assertEquals(0, stats.reused());
            assertEquals(3, stats.closes().get(CloseReason.PEER_CLOSED));
            assertEquals(0, stats.openConnections());
        }
    }

    @Test
    void honoursConnectionCloseFromOurServer() throws Exception {
        try (HttpServer server = HttpServer.start(TestServers.options().build(),
                Handler.nonBlocking(r -> Response.text(200, "bye\n").close(true)));
             HttpClient client = HttpClient.create(options().build())) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            long a = get(client, url, "bye\n");
            long b = get(client, url, "bye\n");
            assertNotEquals(a, b);
            assertEquals(0, client.stats().retries(), "the close was announced: no failed attempt");
            assertEquals(2, server.stats().accepted());
        }
    }

    @Test
    void http10ResponseWithoutKeepAliveIsNotReused() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().version("HTTP/1.0").start();
             HttpClient client = HttpClient.create(options().build())) {
            for (int i = 0; i < 3; i++) {
                get(client, server.url("/"), "hello\n");
            }
            assertEquals(List.of(1, 1, 1), server.requestsPerConnection());
            assertEquals(3, client.stats().closes().get(CloseReason.PEER_CLOSED));
        }
    }

    @Test
    void http10ResponseWithConnectionKeepAliveIsReused() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().version("HTTP/1.0")
                .header("Connection: keep-alive").start();
             HttpClient client = HttpClient.create(options().build())) {
            for (int i = 0; i < 3; i++) {
                get(client, server.url("/"), "hello\n");
            }
            assertEquals(List.of(3), server.requestsPerConnection());
            assertEquals(2, client.stats().reused());
        }
    }

    @Test
    void http10RequestAsksForKeepAliveAndOurServerKeepsIt() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             HttpClient client = HttpClient.create(options().build())) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                try (ClientResponse response = client.send(ClientRequest.get(url).http10(true))) {
                    assertEquals("hello\n", response.bodyString());
                    assertEquals("keep-alive", response.header("Connection"));
                    ids.add(response.connectionId());
                }
            }
            assertEquals(List.of(ids.get(0), ids.get(0), ids.get(0)), ids);
            assertEquals(1, server.stats().accepted());
        }
    }

    @Test
    void keepAliveTimeoutCapsTheIdleTtlAtOneSecondLess() throws Exception {
        FakeTicker ticker = new FakeTicker(1_000_000_000L);
        try (MisbehavingServer server = MisbehavingServer.builder().header("Keep-Alive: timeout=3, max=100").start();
             HttpClient client = HttpClient.create(options().ticker(ticker).build())) {
            long first = get(client, server.url("/"), "hello\n");
            ticker.advanceMillis(1_999);
            assertEquals(1_000_000L, client.evictIdle(ticker.nanoTime()), "expires 2 s (3 s − 1 s) after release");
            assertEquals(1, client.stats().idleConnections());
            assertEquals(first, get(client, server.url("/"), "hello\n"), "reused inside the TTL");

            // background check: the TTL is 2 s although idleTtl is 50 s
            ticker.advanceMillis(2_000);
            assertEquals(Long.MAX_VALUE, client.evictIdle(ticker.nanoTime()), "nothing left to expire");
            assertEquals(0, client.stats().idleConnections());
            assertEquals(1, client.stats().closes().get(CloseReason.IDLE_TIMEOUT));

            // acquire path: an expired connection is not handed out
            long third = get(client, server.url("/"), "hello\n");
            assertNotEquals(first, third);
            ticker.advanceMillis(2_000);
            long fourth = get(client, server.url("/"), "hello\n");
            assertNotEquals(third, fourth);
            assertEquals(2, client.stats().closes().get(CloseReason.IDLE_TIMEOUT));
            assertEquals(List.of(2, 1, 1), server.requestsPerConnection());
        }
    }

    @Test
    void shorterClientIdleTtlWinsOverTheServersKeepAliveTimeout() throws Exception {
        FakeTicker ticker = new FakeTicker();
        try (MisbehavingServer server = MisbehavingServer.builder().header("Keep-Alive: timeout=30").start();
             HttpClient client = HttpClient.create(options().ticker(ticker).idleTtl(Duration.ofMillis(500)).build())) {
            get(client, server.url("/"), "hello\n");
            assertEquals(500_000_000L, client.evictIdle(ticker.nanoTime()));
            ticker.advanceMillis(500);
            client.evictIdle(ticker.nanoTime());
            assertEquals(0, client.stats().idleConnections());
            assertEquals(1, client.stats().closes().get(CloseReason.IDLE_TIMEOUT));
        }
    }

    @Test
    void keepAliveTimeoutOfOneSecondMeansNoReuse() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().header("Keep-Alive: timeout=1").start();
             HttpClient client = HttpClient.create(options().build())) {
            get(client, server.url("/"), "hello\n");
            get(client, server.url("/"), "hello\n");
            assertEquals(List.of(1, 1), server.requestsPerConnection(), "1 s − 1 s leaves no time to reuse");
            assertEquals(2, client.stats().closes().get(CloseReason.IDLE_TIMEOUT));
        }
    }

    @Test
    void keepAliveMaxLimitsTheRequestsOnAConnectionEvenWhenRepeated() throws Exception {
        // max=2 on every response: two more after the first, then a new connection. The server would
        // take more, so only the client's own count stops it.
        try (MisbehavingServer server = MisbehavingServer.builder().header("Keep-Alive: timeout=5, max=2").start();
             HttpClient client = HttpClient.create(options().build())) {
            for (int i = 0; i < 7; i++) {
                get(client, server.url("/"), "hello\n");
            }
            assertEquals(List.of(3, 3, 1), server.requestsPerConnection());
            assertEquals(2, client.stats().closes().get(CloseReason.MAX_REQUESTS));
        }
    }

    @Test
    void keepAliveMaxIsCountedDownWhenLaterResponsesOmitTheHeader() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder()
                .firstResponseHeader("Keep-Alive: timeout=5, max=2").start();
             HttpClient client = HttpClient.create(options().build())) {
            for (int i = 0; i < 7; i++) {
                get(client, server.url("/"), "hello\n");
            }
            assertEquals(List.of(3, 3, 1), server.requestsPerConnection());
            assertEquals(2, client.stats().closes().get(CloseReason.MAX_REQUESTS));
        }
    }

    @Test
    void keepAliveMaxZeroIsNotReused() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().header("Keep-Alive: timeout=5, max=0").start();
             HttpClient client = HttpClient.create(options().build())) {
            get(client, server.url("/"), "hello\n");
            get(client, server.url("/"), "hello\n");
            assertEquals(List.of(1, 1), server.requestsPerConnection());
            assertEquals(2, client.stats().closes().get(CloseReason.MAX_REQUESTS));
        }
    }

    @Test
    void ourServersMaxRequestsIsFollowedWithoutAFailedAttempt() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options().maxRequestsPerConnection(3));
             HttpClient client = HttpClient.create(options().build())) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                ids.add(get(client, url, "hello\n"));
            }
            long a = ids.get(0);
            long b = ids.get(3);
            long c = ids.get(6);
            assertEquals(List.of(a, a, a, b, b, b, c), ids);
            assertFalse(a == b || b == c);
            assertEquals(0, client.stats().retries());
            assertEquals(3, server.stats().accepted());
        }
    }
}
