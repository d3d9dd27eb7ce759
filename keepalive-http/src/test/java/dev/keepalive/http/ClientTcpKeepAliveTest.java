package dev.keepalive.http;

import static dev.keepalive.http.ClientReuseTest.get;
import static dev.keepalive.http.ClientReuseTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keepalive.core.TcpKeepAlive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code tcpKeepAlive} set, the client's sockets run the kernel's keepalive timer with the
 * configured idle time, as {@code ss -tnoi} shows it on the client side of the connection.
 */
class ClientTcpKeepAliveTest {
    private static final Pattern KEEPALIVE_TIMER = Pattern.compile("timer:\\(keepalive,([^,]+),(\\d+)\\)");
    /** ss's {@code print_ms_timer}: {@code [Nmin][Nsec | N.]NNNms}, e.g. "6.688ms" is 6 s 688 ms. */
    private static final Pattern SS_TIME = Pattern.compile("(?:(\\d+)min)?(?:(\\d+)sec)?(?:(\\d+)\\.)?(?:(\\d+)ms)?");

    @BeforeAll
    static void needsSsAndKeepaliveOptions() {
        String ss = null;
        try {
            ss = run(List.of("ss", "-V"));
        } catch (IOException | InterruptedException e) {
            // missing: skipped below
        }
        if (ss == null) {
            System.out.println("ClientTcpKeepAliveTest skipped: `ss` (iproute2) is not installed");
        }
        assumeTrue(ss != null, "`ss` (iproute2) is not installed");
        if (!TcpKeepAlive.supported()) {
            System.out.println("ClientTcpKeepAliveTest skipped: this OS/JDK cannot set TCP_KEEPIDLE per socket");
        }
        assumeTrue(TcpKeepAlive.supported(), "this OS/JDK cannot set TCP_KEEPIDLE per socket");
    }

    @Test
    void clientSocketShowsAKeepaliveTimerWithTheConfiguredIdleTime() throws Exception {
        TcpKeepAlive keepAlive = TcpKeepAlive.of(Duration.ofSeconds(7), Duration.ofSeconds(3), 4);
        try (HttpServer server = TestServers.start(TestServers.options());
             HttpClient client = HttpClient.create(options().tcpKeepAlive(keepAlive).build())) {
            get(client, "http://127.0.0.1:" + server.port() + "/", "hello\n");
            String sockets = clientSockets(server.port());
            Matcher timer = KEEPALIVE_TIMER.matcher(sockets);
            assertTrue(timer.find(), "no keepalive timer on the client's socket:\n" + sockets);
            long remainingMs = millis(timer.group(1));
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
            String sockets = clientSockets(server.port());
            assertTrue(Pattern.compile(":" + server.port() + "\\s").matcher(sockets).find(),
                    "the client's socket is listed:\n" + sockets);
            assertFalse(sockets.contains("keepalive"), "keepalive is off by default:\n" + sockets);
        }
    }

    /** Established sockets whose remote port is the server's: the client side. */
    private static String clientSockets(int port) throws Exception {
        return run(List.of("ss", "-tnoi", "state", "established", "( dport = :" + port + " )"));
    }

    private static long millis(String text) {
        Matcher m = SS_TIME.matcher(text);
        assertTrue(!text.isEmpty() && m.matches(), "unexpected ss duration '" + text + "'");
        return 60_000 * number(m.group(1)) + 1_000 * number(m.group(2)) + 1_000 * number(m.group(3)) + number(m.group(4));
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(command + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
