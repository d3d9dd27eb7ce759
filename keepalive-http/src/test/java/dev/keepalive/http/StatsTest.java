package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** After a known sequence of connections and requests, stats() and toJson() report exact numbers. */
class StatsTest {

    @Test
    void reportsExactCountsAfterAKnownSequence() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Handler routes = TestServers.routes();
        Handler handler = request -> {
            if (request.path().equals("/block")) {
                inFlight.countDown();
                release.await(5, TimeUnit.SECONDS);
                return Response.text(200, "released\n");
            }
            return routes.handle(request);
        };
        int idleMs = 400;
        try (HttpServer server = HttpServer.start(TestServers.options().idleTimeout(Duration.ofMillis(idleMs)).build(),
                handler)) {
            ServerStats fresh = server.stats();
            assertEquals(0, fresh.accepted());
            assertEquals(0, fresh.requests());
            assertEquals(0.0, fresh.requestsPerConnection());
            assertEquals(0.0, fresh.reuseRatio());

            // 1. a connection that never sends anything closes at the idle timeout
            try (RawClient silent = new RawClient(server.port(), 2_000)) {
                assertEquals(RawClient.End.FIN, silent.awaitEnd(idleMs + 500));
            }
            // 2. three requests on one connection, which then stays open and idle
            RawClient three = new RawClient(server.port(), 2_000);
            for (int i = 0; i < 3; i++) {
                assertEquals(200, three.get1("/").status());
            }
            // 3. one request that asks to close
            try (RawClient once = new RawClient(server.port(), 2_000)) {
                once.send("GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
                assertEquals("close", once.read().header("Connection"));
                assertEquals(RawClient.End.FIN, once.awaitEnd(1_000));
            }
            // 4. one bad request
            try (RawClient bad = new RawClient(server.port(), 2_000)) {
                bad.send("GET / HTTP/1.1\r\n\r\n"); // no Host
                assertEquals(400, bad.read().status());
                assertEquals(RawClient.End.FIN, bad.awaitEnd(1_000));
            }
            // 5. one request in flight
            RawClient busy = new RawClient(server.port(), 2_000);
            busy.send(RawClient.get("/block"));
            assertTrue(inFlight.await(1, TimeUnit.SECONDS));
            TestServers.await(() -> server.stats().closedConnections(), 3); // closes count when lingering ends

            Map<CloseReason, Long> closes = new EnumMap<>(CloseReason.class);
            for (CloseReason r : CloseReason.values()) {
                closes.put(r, 0L);
            }
            closes.put(CloseReason.IDLE_TIMEOUT, 1L);
            closes.put(CloseReason.PEER_CLOSED, 1L);
            closes.put(CloseReason.BAD_REQUEST, 1L);

            ServerStats during = server.stats();
            // the bad request was answered (400), so it counts as a request
            assertEquals(new ServerStats(2, 1, 1, 5, 5, 0, closes), during);
            assertEquals(1.0, during.requestsPerConnection());
            assertEquals(0.0, during.reuseRatio());
            assertEquals(3, during.closedConnections());

            release.countDown();
            assertEquals("released\n", busy.read().text());
            ServerStats after = TestServers.awaitStats(server, s -> s.idleConnections() == 2, 1_000);
            assertEquals(new ServerStats(2, 0, 2, 5, 6, 0, closes), after);
            assertEquals(1.2, after.requestsPerConnection(), 1e-9);
            assertEquals(1.0 / 6, after.reuseRatio(), 1e-9);
            assertEquals("{\"openConnections\":2,\"activeConnections\":0,\"idleConnections\":2,\"accepted\":5,"
                    + "\"requests\":6,\"requestsPerConnection\":1.2,\"reuseRatio\":0.167,\"acceptPauses\":0,"
                    + "\"closedConnections\":3,\"closes\":{\"IDLE_TIMEOUT\":1,\"MAX_REQUESTS\":0,\"MAX_AGE\":0,"
                    + "\"PEER_CLOSED\":1,\"PEER_DEAD\":0,\"HEADER_TIMEOUT\":0,\"BAD_REQUEST\":1,\"LIMIT\":0,"
                    + "\"SHUTDOWN\":0,\"ERROR\":0}}", after.toJson());
            three.close();
            busy.close();
        }
    }
}
