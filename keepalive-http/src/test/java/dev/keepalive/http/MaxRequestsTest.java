package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.keepalive.core.CloseReason;
import org.junit.jupiter.api.Test;

/** After maxRequestsPerConnection responses the last one says {@code Connection: close}. */
class MaxRequestsTest {

    @Test
    void lastAllowedResponseCarriesConnectionClose() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options().maxRequestsPerConnection(3));
             RawClient client = new RawClient(server.port())) {
            assertNull(client.get1("/").header("Connection"));
            assertNull(client.get1("/").header("Connection"));
            RawClient.Reply last = client.get1("/");
            assertEquals(200, last.status());
            assertEquals("close", last.header("Connection"));
            assertEquals(RawClient.End.FIN, client.awaitEnd(2_000));
            client.close();
            assertEquals(1, TestServers.await(() -> server.stats().closes().get(CloseReason.MAX_REQUESTS), 1));
        }
    }

    @Test
    void pipelinedRequestsBeyondTheLimitAreNotAnswered() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options().maxRequestsPerConnection(2));
             RawClient client = new RawClient(server.port())) {
            client.send(RawClient.get("/") + RawClient.get("/") + RawClient.get("/"));
            assertEquals("timeout=75, max=1", client.read().header("Keep-Alive"));
            assertEquals("close", client.read().header("Connection"));
            assertEquals(RawClient.End.FIN, client.awaitEnd(2_000));
            assertEquals(2, server.stats().requests());
        }
    }

    @Test
    void defaultIsOneThousand() {
        assertEquals(1000, ServerOptions.defaults().maxRequestsPerConnection());
    }
}
