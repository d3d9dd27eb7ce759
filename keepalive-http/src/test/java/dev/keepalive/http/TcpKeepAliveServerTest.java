package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.TcpKeepAlive;
import java.time.Duration;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code tcpKeepAlive} set, accepted sockets run the kernel's keepalive timer with the configured
 * idle time, as {@code ss -tno} shows it: {@code timer:(keepalive,6.9sec,0)}. Without it, no timer.
 */
class TcpKeepAliveServerTest {

    @BeforeAll
    static void needsSsAndKeepaliveOptions() {
        SsSockets.assumeAvailable("TcpKeepAliveServerTest");
    }

    @Test
    void acceptedSocketShowsAKeepaliveTimerWithTheConfiguredIdleTime() throws Exception {
        TcpKeepAlive keepAlive = TcpKeepAlive.of(Duration.ofSeconds(7), Duration.ofSeconds(3), 4);
        try (HttpServer server = TestServers.start(TestServers.options().tcpKeepAlive(keepAlive));
             RawClient client = new RawClient(server.port())) {
            assertEquals(200, client.get1("/").status());
            String sockets = SsSockets.localPort(server.port());
            Matcher timer = SsSockets.KEEPALIVE_TIMER.matcher(sockets);
            assertTrue(timer.find(), "no keepalive timer on the server's socket:\n" + sockets);
            long remainingMs = SsSockets.millis(timer.group(1));
            assertTrue(remainingMs > 5_000 && remainingMs <= 7_000,
                    "keepalive timer should be about 7 s (the idle time), was " + timer.group(1) + ":\n" + sockets);
            assertEquals("0", timer.group(2), "no probe sent yet");
            assertFalse(timer.find(), "one server-side socket, one timer:\n" + sockets);
        }
    }

    @Test
    void withoutTheOptionAcceptedSocketsHaveNoKeepaliveTimer() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port())) {
            assertEquals(200, client.get1("/").status());
            String sockets = SsSockets.localPort(server.port());
            // "127.0.0.1:PORT" or, on a dual-stack socket, "[::ffff:127.0.0.1]:PORT"
            String local = "127.0.0.1" + (sockets.contains("[::ffff:") ? "]" : "") + ":" + server.port() + " ";
            assertTrue(sockets.contains(local), "the server's socket is listed:\n" + sockets);
            assertFalse(sockets.contains("keepalive"), "keepalive is off by default:\n" + sockets);
        }
    }

    @Test
    void readsSsTimerDurations() {
        assertEquals(6_688, SsSockets.millis("6.688ms"));
        assertEquals(7_000, SsSockets.millis("7sec"));
        assertEquals(688, SsSockets.millis("688ms"));
        assertEquals(12_000, SsSockets.millis("12sec"));
        assertEquals(90_000, SsSockets.millis("1min30sec"));
    }

}
