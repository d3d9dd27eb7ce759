package dev.keepalive.http;

import static dev.keepalive.http.ClientReuseTest.get;
import static dev.keepalive.http.ClientReuseTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.RealTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-route limits: a wait at the limit is bounded and its failure says route, in use, waiting, waited. */
class ClientPoolTest {
    private static final Pattern WAITED = Pattern.compile("waited (\\d+) ms");

    private HttpServer server;
    private ExecutorService threads;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestServers.options());
        base = "http://127.0.0.1:" + server.port();
        threads = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        server.close();
    }

    /** Starts {@code n} requests to /sleep?ms=millis and waits until the client has n connections busy. */
    private List<Future<String>> slowRequests(HttpClient client, int n, long millis) throws Exception {
        List<Future<String>> slow = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            slow.add(threads.submit(() -> {
                try (ClientResponse r = client.send(ClientRequest.get(base + "/sleep?ms=" + millis))) {
                    return r.bodyString();
                }
            }));
        }
        // the snapshot that showed them all in flight: a fresh look could already see the first one done when a
        // loaded machine started the last one late
        ServerStats inFlight = TestServers.awaitStats(server, s -> s.activeConnections() == n, 2_000);
        assertEquals(n, inFlight.activeConnections(), "slow requests in flight");
        return slow;
    }

    @Test
    void thirdRequestTimesOutWhileTwoSlowRequestsHoldBothConnections() throws Exception {
        try (HttpClient client = HttpClient.create(options().maxConnectionsPerRoute(2).maxIdlePerRoute(2)
                .acquireTimeout(Duration.ofMillis(100)).build())) {
            // 1 s: the acquire timeout (100 ms) must run out while both are still held, even if they started apart
            List<Future<String>> slow = slowRequests(client, 2, 1_000);
            long start = System.nanoTime();
            ConnectionPoolTimeoutException e = assertThrows(ConnectionPoolTimeoutException.class,
                    () -> client.send(ClientRequest.get(base + "/")));
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            String message = e.getMessage();
            assertTrue(message.contains("http://127.0.0.1:" + server.port()), "names the route: " + message);
            assertTrue(message.contains("2/2 in use"), "in use / limit: " + message);
            assertTrue(message.contains("0 waiting"), "waiting count: " + message);
            Matcher waited = WAITED.matcher(message);
            assertTrue(waited.find(), "how long it waited: " + message);
            assertTrue(Long.parseLong(waited.group(1)) >= 100, message);
            assertTrue(elapsed >= 100 && elapsed < 450, "gave up after the 100 ms acquire timeout, took " + elapsed);
            for (Future<String> f : slow) {
                assertEquals("slept\n", f.get(3, TimeUnit.SECONDS));
            }
            assertEquals(2, client.stats().connectionsCreated(), "the failed wait opened nothing");
            assertEquals(2, client.stats().requests());
            get(client, base + "/", "hello\n"); // the route recovers, on a kept connection
            assertEquals(1, client.stats().reused());
        }
    }

    @Test
    void timeoutMessageCountsTheOtherWaiters() throws Exception {
        try (HttpClient client = HttpClient.create(options().maxConnectionsPerRoute(2).maxIdlePerRoute(2)
                .acquireTimeout(Duration.ofMillis(300)).build())) {
            slowRequests(client, 2, 800);
            CompletableFuture<String> first = new CompletableFuture<>();
            CompletableFuture<String> second = new CompletableFuture<>();
            threads.submit(() -> attempt(client, first));
            RealTime.sleep(100, "the second waiter starts later, so it still waits when the first gives up");
            threads.submit(() -> attempt(client, second));
            // the first gives up at ~300 ms while the second (started at ~100 ms) still waits
            assertTrue(first.get(2, TimeUnit.SECONDS).contains("2/2 in use, 1 waiting"), first.get());
            assertTrue(second.get(2, TimeUnit.SECONDS).contains("2/2 in use, 0 waiting"), second.get());
        }
    }

    private void attempt(HttpClient client, CompletableFuture<String> result) {
        try (ClientResponse r = client.send(ClientRequest.get(base + "/"))) {
            result.complete("got a response: " + r.status());
        } catch (ConnectionPoolTimeoutException e) {
            result.complete(e.getMessage());
        } catch (Exception e) {
            result.completeExceptionally(e);
        }
    }

    @Test
    void waiterGetsTheConnectionReleasedByASlowRequest() throws Exception {
        try (HttpClient client = HttpClient.create(options().maxConnectionsPerRoute(2).maxIdlePerRoute(2)
                .acquireTimeout(Duration.ofMillis(2_000)).build())) {
            slowRequests(client, 2, 300);
            long start = System.nanoTime();
            try (ClientResponse response = client.send(ClientRequest.get(base + "/"))) {
                long waited = (System.nanoTime() - start) / 1_000_000;
                assertEquals("hello\n", response.bodyString());
                assertTrue(response.connectionReused(), "took a released connection, did not open a third");
                assertTrue(waited >= 150 && waited < 1_500, "waited for a slow request to finish: " + waited + " ms");
            }
            assertEquals(2, client.stats().connectionsCreated());
            assertEquals(2, server.stats().accepted());
        }
    }

    @Test
    void connectionsBeyondMaxIdleAreClosedOnRelease() throws Exception {
        try (HttpClient client = HttpClient.create(options().maxConnectionsPerRoute(3).maxIdlePerRoute(1).build())) {
            List<Future<String>> slow = slowRequests(client, 3, 200);
            for (Future<String> f : slow) {
                assertEquals("slept\n", f.get(3, TimeUnit.SECONDS));
            }
            ClientStats stats = client.stats();
            assertEquals(1, stats.idleConnections());
            assertEquals(1, stats.openConnections());
            assertEquals(2, stats.closes().get(CloseReason.LIMIT));
        }
    }
}
