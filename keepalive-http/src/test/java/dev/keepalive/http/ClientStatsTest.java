package dev.keepalive.http;

import static dev.keepalive.http.ClientReuseTest.get;
import static dev.keepalive.http.ClientReuseTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.FakeTicker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stats add up: every connection is created once and closed once, with a reason; every exchange counts. */
class ClientStatsTest {

    private static long sum(ClientStats stats) {
        return stats.closes().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void createdReusedRetriesAndClosesAddUp() throws Exception {
        // each connection answers two requests and resets the third
        try (MisbehavingServer server = MisbehavingServer.builder().resetOnRequest(3).start()) {
            HttpClient client = HttpClient.create(options().build());
            for (int i = 0; i < 5; i++) {
                get(client, server.url("/"), "hello\n");
            }
            // 1: new A; 2: A reused; 3: A reset -> retry on new B; 4: B reused; 5: B reset -> retry on new C
            ClientStats stats = client.stats();
            assertEquals(5, stats.requests());
            assertEquals(3, stats.connectionsCreated());
            assertEquals(2, stats.reused());
            assertEquals(0.4, stats.reuseRatio(), 1e-9);
            assertEquals(2, stats.retries());
            assertEquals(2, stats.closes().get(CloseReason.PEER_CLOSED));
            assertEquals(2, sum(stats), "only the two reset connections closed: " + stats.closes());
            assertEquals(1, stats.openConnections());
            assertEquals(1, stats.idleConnections());
            assertEquals(stats.connectionsCreated(), sum(stats) + stats.openConnections());
            assertEquals(List.of(3, 3, 1), server.requestsPerConnection());
            assertEquals(server.accepted(), stats.connectionsCreated());
            assertTrue(stats.toJson().contains("\"requests\":5,\"connectionsCreated\":3,\"reused\":2,\"reuseRatio\":0.4,"
                    + "\"retries\":2,\"openConnections\":1,\"idleConnections\":1"), stats.toJson());

            client.close();
            ClientStats after = client.stats();
            assertEquals(1, after.closes().get(CloseReason.SHUTDOWN));
            assertEquals(0, after.openConnections());
            assertEquals(after.connectionsCreated(), sum(after), "every connection closed exactly once");
        }
    }

    @Test
    void everyCloseReasonOfTheClientIsCounted() throws Exception {
        FakeTicker ticker = new FakeTicker();
        try (HttpServer ours = TestServers.start(TestServers.options());
             MisbehavingServer maxOne = MisbehavingServer.builder().header("Keep-Alive: timeout=10, max=1").start();
             HttpClient client = HttpClient.create(options().ticker(ticker).build())) {
            String base = "http://127.0.0.1:" + ours.port();
            // IDLE_TIMEOUT: expired in the pool
            get(client, base + "/", "hello\n");
            ticker.advance(Duration.ofSeconds(50));
            client.evictIdle(ticker.nanoTime());
            // ERROR: body closed early
            client.send(ClientRequest.get(base + "/bytes?n=100000")).close();
            // MAX_REQUESTS: max=1 allows one more, then the connection is done
            get(client, maxOne.url("/"), "hello\n");
            get(client, maxOne.url("/"), "hello\n");
            // PEER_CLOSED: the client asked for close itself
            try (ClientResponse r = client.send(ClientRequest.get(base + "/").header("Connection", "close"))) {
                r.bodyString();
            }
            ClientStats stats = client.stats();
            assertEquals(1, stats.closes().get(CloseReason.IDLE_TIMEOUT), stats.toJson());
            assertEquals(1, stats.closes().get(CloseReason.ERROR), stats.toJson());
            assertEquals(1, stats.closes().get(CloseReason.MAX_REQUESTS), stats.toJson());
            assertEquals(1, stats.closes().get(CloseReason.PEER_CLOSED), stats.toJson());
            assertEquals(4, sum(stats));
            assertEquals(4, stats.connectionsCreated());
            assertEquals(5, stats.requests());
            assertEquals(1, stats.reused());
            assertEquals(0, stats.openConnections());
        }
    }
}
