package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A connection older than maxConnectionAge closes at its next response boundary, not mid-request. */
class MaxAgeTest {

    @Test
    void oldConnectionClosesAfterItsNextResponse() throws Exception {
        FakeTicker ticker = new FakeTicker();
        try (HttpServer server = HttpServer.start(TestServers.options()
                .maxConnectionAge(Duration.ofMinutes(10)).idleTimeout(Duration.ofHours(1)).build(),
                TestServers.routes(), ticker);
             RawClient client = new RawClient(server.port())) {
            assertNull(client.get1("/").header("Connection"));
            assertEquals(RawClient.End.OPEN, client.awaitEnd(50));
            ticker.advance(Duration.ofMinutes(9));
            assertNull(client.get1("/").header("Connection"));
            ticker.advance(Duration.ofMinutes(2));
            assertEquals(RawClient.End.OPEN, client.awaitEnd(100), "an idle old connection waits for a boundary");
            RawClient.Reply reply = client.get1("/");
            assertEquals(200, reply.status());
            assertEquals("close", reply.header("Connection"));
            assertEquals(RawClient.End.FIN, client.awaitEnd(2_000));
            client.close();
            assertEquals(1, TestServers.await(() -> server.stats().closes().get(CloseReason.MAX_AGE), 1));
        }
    }

    @Test
    void ageReachedDuringASlowRequestStillCompletesIt() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options().maxConnectionAge(Duration.ofMillis(100)));
             RawClient client = new RawClient(server.port())) {
            RawClient.Reply reply = client.get1("/sleep?ms=250");
            assertEquals("slept\n", reply.text());
            assertEquals("close", reply.header("Connection"));
        }
    }

    @Test
    void zeroMeansNoAgeLimit() throws Exception {
        FakeTicker ticker = new FakeTicker();
        try (HttpServer server = HttpServer.start(TestServers.options()
                .maxConnectionAge(Duration.ZERO).idleTimeout(Duration.ofDays(1)).build(), TestServers.routes(), ticker);
             RawClient client = new RawClient(server.port())) {
            client.get1("/");
            ticker.advance(Duration.ofHours(5));
            assertNull(client.get1("/").header("Connection"));
        }
    }
}
