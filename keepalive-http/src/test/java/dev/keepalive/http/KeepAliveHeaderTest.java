package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code Keep-Alive: timeout=<s>, max=<remaining>} on persistent responses (RFC 2068 §19.7.1.1). */
class KeepAliveHeaderTest {

    @Test
    void persistentResponsesAdvertiseTimeoutAndRemainingRequests() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options()
                .idleTimeout(Duration.ofSeconds(7)).maxRequestsPerConnection(5));
             RawClient client = new RawClient(server.port())) {
            assertEquals("timeout=7, max=4", client.get1("/").header("Keep-Alive"));
            assertEquals("timeout=7, max=3", client.get1("/").header("Keep-Alive"));
        }
    }

    @Test
    void unlimitedRequestsOmitMax() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options()
                .idleTimeout(Duration.ofSeconds(75)).maxRequestsPerConnection(0));
             RawClient client = new RawClient(server.port())) {
            assertEquals("timeout=75", client.get1("/").header("Keep-Alive"));
        }
    }

    @Test
    void headerCanBeTurnedOff() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options().keepAliveHeader(false));
             RawClient client = new RawClient(server.port())) {
            RawClient.Reply reply = client.get1("/");
            assertNull(reply.header("Keep-Alive"));
            assertEquals(200, client.get1("/").status()); // still persistent
        }
    }

    @Test
    void advertisedTimeoutIsRoundedDownNeverUp() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options().idleTimeout(Duration.ofMillis(1_900)));
             RawClient client = new RawClient(server.port())) {
            assertEquals("timeout=1, max=999", client.get1("/").header("Keep-Alive"));
        }
        try (HttpServer server = TestServers.start(TestServers.options().idleTimeout(Duration.ofMillis(300)));
             RawClient client = new RawClient(server.port())) {
            assertEquals("timeout=0, max=999", client.get1("/").header("Keep-Alive"));
        }
    }

    @Test
    void closingResponseHasNoKeepAliveHeader() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            assertNull(client.read().header("Keep-Alive"));
        }
    }
}
