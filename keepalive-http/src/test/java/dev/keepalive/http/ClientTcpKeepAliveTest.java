package dev.keepalive.http;

import static dev.keepalive.http.ClientReuseTest.get;
import static dev.keepalive.http.ClientReuseTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.TcpKeepAlive;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code tcpKeepAlive} set, the client's sockets run the kernel's keepalive timer with the
 * configured idle time, as {@code ss -tnoi} shows it on the client side of the connection.
 */
class ClientTcpKeepAliveTest {

    @BeforeAll
    static void needsSsAndKeepaliveOptions() {
        SsSockets.assumeAvailable("ClientTcpKeepAliveTest");
    }

    @Test
    void clientSocketShowsAKeepaliveTimerWithTheConfiguredIdleTime() throws Exception {
        TcpKeepAlive keepAlive = TcpKeepAlive.of(Duration.ofSeconds(7), Duration.ofSeconds(3), 4);
        try (HttpServer server = TestServers.start(TestServers.options());
             HttpClient client = HttpClient.create(options().tcpKeepAlive(keepAlive).build())) {
            get(client, "http://127.0.0.1:" + server.port() + "/", "hello\n");
            String sockets = SsSockets.remotePort(server.port());
            Matcher timer = SsSockets.KEEPALIVE_TIMER.matcher(sockets);
            assertTrue(timer.find(), "no keepalive timer on the client's socket:\n" + sockets);
            long remainingMs = SsSockets.millis(timer.group(1));
            assertTrue(remainingMs > 5_000 && remainingMs <= 7_000,
                    "keepalive timer should be about 7 s (the idle time), was " + timer.group(1) + ":\n" + sockets);
            assertEquals("0", timer.group(2), "no probe sent yet");
            assertFalse(timer.find(), "one client socket, one timer:\n" + sockets);
        }
    }

    @Test
    void withoutTheOptionClientSocketsHaveNoKeepaliveTimer() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             HttpClient client = HttpClient.create(options().build())) {
            get(client, "http://127.0.0.1:" + server.port() + "/", "hello\n");
            String sockets = SsSockets.remotePort(server.port());
            assertTrue(Pattern.compile(":" + server.port() + "\\s").matcher(sockets).find(),
                    "the client's socket is listed:\n" + sockets);
            assertFalse(sockets.contains("keepalive"), "keepalive is off by default:\n" + sockets);
        }
    }

}
