package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An idle persistent connection closes with a FIN after the idle timeout, never before. */
class IdleTimeoutTest {

    @Test
    void closesIdleConnectionAfterIdleTimeoutNotBefore() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options().idleTimeout(Duration.ofMillis(300)));
             RawClient client = new RawClient(server.port())) {
            assertEquals(200, client.get1("/").status());
            long start = System.nanoTime();
            assertEquals(RawClient.End.OPEN, client.awaitEnd(250), "closed before the idle timeout");
            assertEquals(RawClient.End.FIN, client.awaitEnd(1_000));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs >= 295 && elapsedMs < 600, "closed after " + elapsedMs + " ms");
            assertEquals(1, TestServers.await(() -> server.stats().closes().get(CloseReason.IDLE_TIMEOUT), 1));
        }
    }

    @Test
    void slowHandlerIsNotIdle() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options().idleTimeout(Duration.ofMillis(200)));
             RawClient client = new RawClient(server.port())) {
            RawClient.Reply reply = client.get1("/sleep?ms=600");
            assertEquals(200, reply.status());
            assertEquals("slept\n", reply.text());
            assertEquals(200, client.get1("/").status());
        }
    }

    @Test
    void eachRequestRestartsTheIdleClock() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options().idleTimeout(Duration.ofMillis(300)));
             RawClient client = new RawClient(server.port())) {
            for (int i = 0; i < 5; i++) { // 5 x 200 ms = 1 s, well past one idle timeout
                assertEquals(200, client.get1("/").status());
                assertEquals(RawClient.End.OPEN, client.awaitEnd(200));
            }
            assertEquals(1, server.stats().accepted());
        }
    }

    @Test
    void newConnectionWithoutRequestIsClosedAfterIdleTimeout() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options().idleTimeout(Duration.ofMillis(200)));
             RawClient client = new RawClient(server.port())) {
            assertEquals(RawClient.End.OPEN, client.awaitEnd(150));
            assertEquals(RawClient.End.FIN, client.awaitEnd(1_000));
        }
    }

    @Test
    void defaultIdleTimeoutOf75sHoldsInFakeTime() throws Exception {
        FakeTicker ticker = new FakeTicker();
        try (HttpServer server = HttpServer.start(TestServers.options().build(), TestServers.routes(), ticker);
             RawClient client = new RawClient(server.port())) {
            assertEquals("timeout=75, max=999", client.get1("/").header("Keep-Alive"));
            // the loop marks the connection idle just after writing: let it, before time jumps
            assertEquals(RawClient.End.OPEN, client.awaitEnd(50));
            ticker.advance(Duration.ofMillis(74_900));
            assertEquals(RawClient.End.OPEN, client.awaitEnd(100), "closed before 75 s");
            ticker.advance(Duration.ofMillis(200));
            assertEquals(RawClient.End.FIN, client.awaitEnd(2_000));
            assertEquals(1, TestServers.await(() -> server.stats().closes().get(CloseReason.IDLE_TIMEOUT), 1));
        }
    }
}
