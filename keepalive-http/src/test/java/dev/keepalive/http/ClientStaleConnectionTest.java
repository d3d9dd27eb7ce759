package dev.keepalive.http;

import static dev.keepalive.http.ClientReuseTest.get;
import static dev.keepalive.http.ClientReuseTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.RealTime;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classic keep-alive failure is writing a request on a connection the server has already closed.
 * The client must never do that on its own: a FIN or RST from the server removes the connection before
 * reuse (checked when acquired, and by the idle watcher). When a reused connection dies before any
 * response byte anyway, an idempotent request is retried once on a fresh connection; a POST is not.
 */
class ClientStaleConnectionTest {

    @Test
    void neverWritesOnAConnectionTheServerClosedWithFin() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().closeAfter(1, MisbehavingServer.End.FIN).start();
             HttpClient client = HttpClient.create(options().build())) {
            for (int i = 1; i <= 10; i++) {
                get(client, server.url("/"), "hello\n");
                assertTrue(server.awaitEnds(i, 2_000), "server ended connection " + i);
            }
            assertEquals(0, server.lateBytes(), "bytes written on a closed connection:\n" + server.lateText());
            assertEquals(Collections.nCopies(10, 1), server.requestsPerConnection());
            ClientStats stats = client.stats();
            assertEquals(0, stats.retries(), "no attempt failed: the FIN was seen before writing");
            assertEquals(9, stats.closes().get(CloseReason.PEER_CLOSED));
            assertEquals(0, stats.reused());
        }
    }

    @Test
    void neverWritesOnAConnectionTheServerResetWhileIdle() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder()
                .idleClose(Duration.ofMillis(100), MisbehavingServer.End.RST).start();
             HttpClient client = HttpClient.create(options().build())) {
            for (int i = 1; i <= 5; i++) {
                get(client, server.url("/"), "hello\n");
                assertTrue(server.awaitEnds(i, 2_000), "server reset connection " + i);
            }
            assertEquals(Collections.nCopies(5, 1), server.requestsPerConnection());
            ClientStats stats = client.stats();
            assertEquals(0, stats.retries(), "an RST'd connection was written to and failed");
            assertEquals(4, stats.closes().get(CloseReason.PEER_CLOSED));
            assertEquals(0, stats.closes().get(CloseReason.ERROR));
        }
    }

    @Test
    void serverThatClosesAfterThreeRequestsWithoutSayingSoCostsNoFailedAttempt() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().closeAfter(3, MisbehavingServer.End.FIN).start();
             HttpClient client = HttpClient.create(options().build())) {
            for (int i = 0; i < 9; i++) {
                get(client, server.url("/"), "hello\n");
                RealTime.sleep(10, "a realistic gap: the FIN is on the wire before the next request");
            }
            assertEquals(List.of(3, 3, 3), server.requestsPerConnection());
            assertEquals(0, server.lateBytes(), "bytes written on a closed connection:\n" + server.lateText());
            ClientStats stats = client.stats();
            assertEquals(0, stats.retries());
            assertEquals(2, stats.closes().get(CloseReason.PEER_CLOSED));
            assertEquals(6, stats.reused());
            client.evictIdle(System.nanoTime());
            assertEquals(3, client.stats().closes().get(CloseReason.PEER_CLOSED), "the last one, found by evictIdle");
            assertEquals(0, client.stats().openConnections());
        }
    }

    @Test
    void connectionWithBytesNobodyAskedForIsNotReused() throws Exception {
        // the server says 3 body bytes and sends 6: what is left would be read as the next response
        try (MisbehavingServer server = MisbehavingServer.builder().header("Content-Length: 3").start();
             HttpClient client = HttpClient.create(options().build())) {
            get(client, server.url("/"), "hel");
            get(client, server.url("/"), "hel");
            assertEquals(List.of(1, 1), server.requestsPerConnection());
            assertEquals(0, client.stats().retries());
            assertEquals(1, client.stats().closes().get(CloseReason.PEER_CLOSED));
        }
    }

    @Test
    void idleConnectionLeavesThePoolWhenTheServerClosesItSilently() throws Exception {
        // the server closes after 200 ms idle and never sent a Keep-Alive header to say so
        try (MisbehavingServer server = MisbehavingServer.builder()
                .idleClose(Duration.ofMillis(200), MisbehavingServer.End.FIN).start();
             HttpClient client = HttpClient.create(options().idleCheckInterval(Duration.ofMillis(50)).build())) {
            get(client, server.url("/"), "hello\n");
            long released = System.nanoTime();
            assertEquals(1, client.stats().idleConnections());
            long left = awaitNoIdle(client, 2_000);
            assertTrue(left >= 150, "left the pool after " + left + " ms, before the server closed it");
            assertTrue(left <= 200 + 50 + 150, "left the pool " + left + " ms after release: more than "
                    + "the server's 200 ms + one 50 ms check (+ slack)");
            assertTrue((System.nanoTime() - released) / 1_000_000 >= left);
            ClientStats stats = client.stats();
            assertEquals(1, stats.closes().get(CloseReason.PEER_CLOSED));
            assertEquals(0, stats.openConnections());
            assertEquals(0, server.lateBytes());
        }
    }

    @Test
    void idleConnectionLeavesThePoolWhenTheServerResetsIt() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder()
                .idleClose(Duration.ofMillis(200), MisbehavingServer.End.RST).start();
             HttpClient client = HttpClient.create(options().idleCheckInterval(Duration.ofMillis(50)).build())) {
            get(client, server.url("/"), "hello\n");
            long left = awaitNoIdle(client, 2_000);
            assertTrue(left >= 150 && left <= 400, "left the pool " + left + " ms after release");
            assertEquals(1, client.stats().closes().get(CloseReason.PEER_CLOSED));
            assertEquals(0, client.stats().openConnections());
        }
    }

    /** Milliseconds until the client has no idle connection; fails after {@code millis}. */
    private static long awaitNoIdle(HttpClient client, long millis) {
        long start = System.nanoTime();
        while (client.stats().idleConnections() > 0) {
            if (System.nanoTime() - start > millis * 1_000_000L) {
                throw new AssertionError("idle connection still pooled after " + millis + " ms: " + client.stats());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
        }
        return (System.nanoTime() - start) / 1_000_000L;
    }

    @Test
    void retriesAGetOnceOnAFreshConnectionWhenAReusedOneIsResetBeforeAnyResponseByte() throws Exception {
        // the server takes the second request on each connection and resets it: the case no check can
        // see in advance (it happens after the request was written)
        try (MisbehavingServer server = MisbehavingServer.builder().resetOnRequest(2).start();
             HttpClient client = HttpClient.create(options().build())) {
            long first = get(client, server.url("/"), "hello\n");
            long second = get(client, server.url("/"), "hello\n");
            assertNotEquals(first, second, "answered on a fresh connection");
            assertEquals(List.of(2, 1), server.requestsPerConnection());
            ClientStats stats = client.stats();
            assertEquals(1, stats.retries());
            assertEquals(2, stats.requests());
            assertEquals(2, stats.connectionsCreated());
            assertEquals(1, stats.closes().get(CloseReason.PEER_CLOSED));
        }
    }

    @Test
    void doesNotRetryAPost() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().resetOnRequest(2).start();
             HttpClient client = HttpClient.create(options().build())) {
            URI uri = URI.create(server.url("/orders"));
            try (ClientResponse response = client.send(ClientRequest.post(uri, "one"))) {
                assertEquals("hello\n", response.bodyString());
            }
            assertThrows(IOException.class, () -> client.send(ClientRequest.post(uri, "two")));
            assertEquals(List.of(2), server.requestsPerConnection(), "the POST was sent once, never repeated");
            assertEquals(0, client.stats().retries());
        }
    }

    @Test
    void retriesAPostTheCallerMarkedIdempotent() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().resetOnRequest(2).start();
             HttpClient client = HttpClient.create(options().build())) {
            URI uri = URI.create(server.url("/orders"));
            client.send(ClientRequest.post(uri, "one")).bodyString();
            try (ClientResponse response = client.send(ClientRequest.post(uri, "two").idempotent(true))) {
                assertEquals(200, response.status());
                assertEquals("hello\n", response.bodyString());
            }
            assertEquals(List.of(2, 1), server.requestsPerConnection());
            assertEquals(1, client.stats().retries());
        }
    }

    @Test
    void doesNotRetryAGetTheCallerMarkedNotIdempotent() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().resetOnRequest(2).start();
             HttpClient client = HttpClient.create(options().build())) {
            get(client, server.url("/"), "hello\n");
            assertThrows(IOException.class, () -> client.send(ClientRequest.get(server.url("/")).idempotent(false)));
            assertEquals(List.of(2), server.requestsPerConnection());
            assertEquals(0, client.stats().retries());
        }
    }

    @Test
    void doesNotRetryWhenAFreshConnectionFails() throws Exception {
        // a fresh connection failing says nothing about staleness: the server itself is failing
        try (MisbehavingServer server = MisbehavingServer.builder().resetOnRequest(1).start();
             HttpClient client = HttpClient.create(options().build())) {
            assertThrows(IOException.class, () -> client.send(ClientRequest.get(server.url("/"))));
            assertEquals(List.of(1), server.requestsPerConnection());
            assertEquals(0, client.stats().retries());
            assertEquals(0, client.stats().openConnections());
        }
    }

    @Test
    void doesNotRetryOnceTheResponseHasStarted() throws Exception {
        // the server answers "HTTP/1.1 2" of the second response and resets: it processed the request
        try (MisbehavingServer server = MisbehavingServer.builder().cutWhen((c, r) -> r == 2, 10).start();
             HttpClient client = HttpClient.create(options().build())) {
            get(client, server.url("/"), "hello\n");
            assertThrows(IOException.class, () -> client.send(ClientRequest.get(server.url("/"))));
            assertEquals(List.of(2), server.requestsPerConnection(), "not repeated on a new connection");
            assertEquals(0, client.stats().retries());
            assertEquals(1, client.stats().closes().get(CloseReason.ERROR));
        }
    }

    @Test
    void doesNotRetryAReadTimeout() throws Exception {
        // a slow server is not a dead connection: the request may be running, so repeating it is unsafe
        try (HttpServer server = TestServers.start(TestServers.options());
             HttpClient client = HttpClient.create(options().readTimeout(Duration.ofMillis(150)).build())) {
            String base = "http://127.0.0.1:" + server.port();
            get(client, base + "/", "hello\n");
            long start = System.nanoTime();
            assertThrows(java.net.SocketTimeoutException.class,
                    () -> client.send(ClientRequest.get(base + "/sleep?ms=400")));
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited >= 150 && waited < 380, "gave up after the read timeout: " + waited + " ms");
            assertEquals(0, client.stats().retries());
            assertEquals(1, client.stats().closes().get(CloseReason.ERROR));
            assertEquals(1, server.stats().accepted(), "no second attempt on a new connection");
        }
    }

    @Test
    void retriesOnlyOnce() throws Exception {
        // connection 1 answers its first request and resets the second; every later connection resets
        // at once: the retry fails too, and that failure reaches the caller without a third attempt
        try (MisbehavingServer server = MisbehavingServer.builder()
                .resetWhen((connection, request) -> connection == 1 ? request == 2 : true).start();
             HttpClient client = HttpClient.create(options().build())) {
            get(client, server.url("/"), "hello\n");
            assertThrows(IOException.class, () -> client.send(ClientRequest.get(server.url("/"))));
            assertEquals(List.of(2, 1), server.requestsPerConnection());
            assertEquals(1, client.stats().retries());
            assertEquals(0, client.stats().openConnections());
        }
    }

    @Test
    void retriesCanBeSwitchedOff() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().resetOnRequest(2).start();
             HttpClient client = HttpClient.create(options().retryIdempotent(false).build())) {
            get(client, server.url("/"), "hello\n");
            assertThrows(IOException.class, () -> client.send(ClientRequest.get(server.url("/"))));
            assertEquals(List.of(2), server.requestsPerConnection());
            assertEquals(0, client.stats().retries());
        }
    }
}
