package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Max connections and the per-IP cap: at the limit the longest-idle connection is closed to admit a new
 * one, else accepting pauses; over the per-IP cap a connection gets 503; above 75 % of the limit the idle
 * timeout shrinks toward 1 s.
 */
class ConnectionLimitTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private final List<RawClient> clients = new ArrayList<>();
    private final CountDownLatch[] release = new CountDownLatch[8];
    private final Semaphore started = new Semaphore(0);

    private HttpServer server;

    /** Handlers first, then clients, then the server: a held request or a lingering close would stall shutdown. */
    @AfterEach
    void stopEverything() throws Exception {
        for (CountDownLatch latch : release) {
            if (latch != null) {
                latch.countDown();
            }
        }
        for (RawClient c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private HttpServer start(ServerOptions.Builder options, Handler handler) throws Exception {
        server = HttpServer.start(options.build(), handler);
        return server;
    }

    private RawClient connect(int port) throws Exception {
        RawClient c = new RawClient(port, 2_000);
        clients.add(c);
        return c;
    }

    private static void assertStillOpen(RawClient c, String message) throws Exception {
        assertEquals(RawClient.End.OPEN, c.awaitEnd(30), message);
        c.socket.setSoTimeout(2_000);
    }

    /** Routes plus {@code /block?id=N}: holds the request until {@code release[N]} opens. */
    private Handler blockingRoutes() {
        for (int i = 0; i < release.length; i++) {
            release[i] = new CountDownLatch(1);
        }
        Handler routes = TestServers.routes();
        return request -> {
            if (request.path().equals("/block")) {
                started.release();
                int id = Integer.parseInt(request.queryParam("id"));
                if (!release[id].await(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
                return Response.text(200, "released " + id + "\n");
            }
            return routes.handle(request);
        };
    }

    @Test
    void atTheLimitTheLongestIdleConnectionIsClosedToAdmitANewOne() throws Exception {
        start(TestServers.options().maxConnections(4).idleTimeout(Duration.ofSeconds(10)), TestServers.routes());
        RawClient[] c = new RawClient[4];
        for (int i = 0; i < 4; i++) {
            c[i] = connect(server.port());
            assertEquals(200, c[i].get1("/").status());
        }
        assertEquals(200, c[0].get1("/").status()); // c[1] is now the one idle the longest
        for (int i = 0; i < 4; i++) {
            assertStillOpen(c[i], "connection " + i + " of 4 closed at the limit");
        }

        RawClient fifth = connect(server.port());
        assertEquals(200, fifth.get1("/").status(), "the new connection is admitted and served");
        assertEquals(RawClient.End.FIN, c[1].awaitEnd(1_000), "the longest-idle connection is closed");
        for (int i : new int[] {0, 2, 3}) {
            assertStillOpen(c[i], "connection " + i + " should have been kept");
            assertEquals(200, c[i].get1("/").status());
        }
        ServerStats stats = server.stats();
        assertEquals(5, stats.accepted());
        assertEquals(4, stats.openConnections());
        assertEquals(1, stats.closes().get(CloseReason.LIMIT));
        assertEquals(0, stats.acceptPauses(), "an idle connection was there to evict: no pause");
    }

    @Test
    void whenEveryConnectionIsBusyAcceptingPausesUntilOneClosesAfterItsResponse() throws Exception {
        start(TestServers.options().maxConnections(4), blockingRoutes());
        RawClient[] c = new RawClient[4];
        for (int i = 0; i < 4; i++) {
            c[i] = connect(server.port());
            c[i].send("GET /block?id=" + i + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            assertTrue(started.tryAcquire(2, TimeUnit.SECONDS), "request " + i + " in flight");
        }

        RawClient fifth = connect(server.port());
        fifth.send(RawClient.get("/"));
        assertFalse(fifth.awaitBytes(300), "a fifth connection must wait while all four are busy");
        assertTrue(server.stats().acceptPauses() > 0, "the pause is counted: " + server.stats());

        release[2].countDown();
        assertEquals("released 2\n", c[2].read().text());
        assertEquals(RawClient.End.FIN, c[2].awaitEnd(1_000));
        c[2].close(); // ends the server's linger: the slot is free
        assertTrue(fifth.awaitBytes(500), "the fifth connection is served once a slot is free");
        assertEquals(200, fifth.read().status());
    }

    @Test
    void whenEveryConnectionIsBusyTheFirstToTurnIdleIsEvictedForTheWaitingOne() throws Exception {
        start(TestServers.options().maxConnections(4).idleTimeout(Duration.ofSeconds(10)), blockingRoutes());
        RawClient[] c = new RawClient[4];
        for (int i = 0; i < 4; i++) {
            c[i] = connect(server.port());
            c[i].send("GET /block?id=" + i + " HTTP/1.1\r\nHost: test\r\n\r\n"); // keep-alive
            assertTrue(started.tryAcquire(2, TimeUnit.SECONDS), "request " + i + " in flight");
        }

        RawClient fifth = connect(server.port());
        fifth.send(RawClient.get("/"));
        assertFalse(fifth.awaitBytes(300), "a fifth connection must wait while all four are busy");

        release[1].countDown();
        assertEquals("released 1\n", c[1].read().text());
        // c[1] is idle now: at the limit with a connection waiting, it is the one to close
        assertTrue(fifth.awaitBytes(500), "the waiting connection is admitted once one turns idle");
        assertEquals(200, fifth.read().status());
        assertEquals(RawClient.End.FIN, c[1].awaitEnd(500));
    }

    @Test
    void connectionOverThePerIpCapGets503AndClose() throws Exception {
        start(TestServers.options().maxConnectionsPerIp(2), TestServers.routes());
        RawClient a = connect(server.port());
        RawClient b = connect(server.port());
        assertEquals(200, a.get1("/").status());
        assertEquals(200, b.get1("/").status());

        RawClient third = connect(server.port());
        third.send(RawClient.get("/"));
        RawClient.Reply refused = third.read();
        assertEquals(503, refused.status(), refused.statusLine());
        assertEquals("close", refused.header("Connection"));
        assertEquals(RawClient.End.FIN, third.awaitEnd(1_000));

        assertEquals("hello\n", a.get1("/").text(), "connections under the cap are untouched");
        assertEquals("hello\n", b.get1("/").text(), "connections under the cap are untouched");
        third.close();
        a.close();
        assertEquals(1, TestServers.await(() -> server.stats().openConnections(), 1));
        RawClient again = connect(server.port());
        assertEquals(200, again.get1("/").status(), "a freed per-IP slot admits a new connection");
    }

    @Test
    void adaptiveIdleTimeoutIsUnchangedUpTo75PercentOfTheLimit() {
        long idle = 75 * S;
        for (int open = 0; open <= 75; open++) {
            assertEquals(idle, HttpServer.adaptiveIdleNanos(idle, open, 100), "open " + open);
        }
        assertEquals(idle, HttpServer.adaptiveIdleNanos(idle, 3, 4));
        assertEquals(idle, HttpServer.adaptiveIdleNanos(idle, 7_500, 10_000));
    }

    @Test
    void adaptiveIdleTimeoutShrinksLinearlyToOneSecondAtTheLimit() {
        long idle = 75 * S;
        // limit 16: 75 % is 12, so 13, 14, 15, 16 open are a quarter, half, three quarters and all the way
        assertEquals(idle, HttpServer.adaptiveIdleNanos(idle, 12, 16));
        assertEquals(75 * S - 74 * S / 4, HttpServer.adaptiveIdleNanos(idle, 13, 16));
        assertEquals(38 * S, HttpServer.adaptiveIdleNanos(idle, 14, 16));
        assertEquals(75 * S - 74 * S * 3 / 4, HttpServer.adaptiveIdleNanos(idle, 15, 16));
        assertEquals(1 * S, HttpServer.adaptiveIdleNanos(idle, 16, 16));
        assertEquals(38 * S, HttpServer.adaptiveIdleNanos(idle, 875, 1_000));
        assertEquals(1 * S, HttpServer.adaptiveIdleNanos(idle, 100, 100));
        assertEquals(1 * S, HttpServer.adaptiveIdleNanos(idle, 4, 4));
        assertEquals(1 * S, HttpServer.adaptiveIdleNanos(idle, 150, 100), "over the limit: still 1 s");
        long previous = Long.MAX_VALUE;
        for (int open = 0; open <= 120; open++) {
            long now = HttpServer.adaptiveIdleNanos(idle, open, 100);
            assertTrue(now <= previous, "never grows with more connections: open " + open);
            assertTrue(now >= 1 * S, "never below 1 s: open " + open);
            previous = now;
        }
    }

    @Test
    void adaptiveIdleTimeoutNeverGoesBelowAnIdleTimeoutShorterThanOneSecond() {
        for (int open = 0; open <= 200; open++) {
            assertEquals(500 * MS, HttpServer.adaptiveIdleNanos(500 * MS, open, 100), "open " + open);
        }
        assertEquals(1 * S, HttpServer.adaptiveIdleNanos(1 * S, 100, 100));
    }

    @Test
    void keepAliveTimeoutHeaderShrinksAbove75PercentOfMaxConnections() throws Exception {
        start(TestServers.options().maxConnections(8).idleTimeout(Duration.ofSeconds(10)).maxRequestsPerConnection(0),
                TestServers.routes());
        List<String> timeouts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            timeouts.add(connect(server.port()).get1("/").header("Keep-Alive"));
        }
        // 6 of 8 open is exactly 75 %: unchanged; 7 of 8 is half way to the limit: 10 - 9 × 0.5 = 5.5 s
        assertEquals(List.of("timeout=10", "timeout=10", "timeout=10", "timeout=10", "timeout=10", "timeout=10",
                "timeout=5"), timeouts);
        assertEquals("timeout=5", clients.get(0).get1("/").header("Keep-Alive"),
                "the first connection sees the pressure now too");
        clients.get(6).close();
        clients.get(5).close();
        TestServers.await(() -> server.stats().openConnections(), 5);
        assertEquals("timeout=10", clients.get(0).get1("/").header("Keep-Alive"), "back below 75 %");
    }
}
