package dev.keepalive.http;

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
 * With {@code tcpKeepAlive} set, accepted sockets run the kernel's keepalive timer with the configured
 * idle time, as {@code ss -tno} shows it: {@code timer:(keepalive,6.9sec,0)}. Without it, no timer.
 */
class TcpKeepAliveServerTest {
    private static final Pattern KEEPALIVE_TIMER = Pattern.compile("timer:\\(keepalive,([^,]+),(\\d+)\\)");
    /**
     * ss's {@code print_ms_timer}: {@code [Nmin][Nsec | N.]NNNms}. "6.688ms" is 6 s 688 ms, "7sec" is 7 s,
     * "688ms" is 688 ms, "1min30sec" is 90 s.
     */
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
            System.out.println("TcpKeepAliveServerTest skipped: `ss` (iproute2) is not installed");
        }
        assumeTrue(ss != null, "`ss` (iproute2) is not installed");
        if (!TcpKeepAlive.supported()) {
            System.out.println("TcpKeepAliveServerTest skipped: this OS/JDK cannot set TCP_KEEPIDLE per socket");
        }
        assumeTrue(TcpKeepAlive.supported(), "this OS/JDK cannot set TCP_KEEPIDLE per socket");
    }

    @Test
    void acceptedSocketShowsAKeepaliveTimerWithTheConfiguredIdleTime() throws Exception {
        TcpKeepAlive keepAlive = TcpKeepAlive.of(Duration.ofSeconds(7), Duration.ofSeconds(3), 4);
        try (HttpServer server = TestServers.start(TestServers.options().tcpKeepAlive(keepAlive));
             RawClient client = new RawClient(server.port())) {
            assertEquals(200, client.get1("/").status());
            String sockets = serverSockets(server.port());
            Matcher timer = KEEPALIVE_TIMER.matcher(sockets);
            assertTrue(timer.find(), "no keepalive timer on the server's socket:\n" + sockets);
            long remainingMs = millis(timer.group(1));
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
            String sockets = serverSockets(server.port());
            // "127.0.0.1:PORT" or, on a dual-stack socket, "[::ffff:127.0.0.1]:PORT"
            String local = "127.0.0.1" + (sockets.contains("[::ffff:") ? "]" : "") + ":" + server.port() + " ";
            assertTrue(sockets.contains(local), "the server's socket is listed:\n" + sockets);
            assertFalse(sockets.contains("keepalive"), "keepalive is off by default:\n" + sockets);
        }
    }

    /** The established sockets whose local port is the server's: the accepted side, not our client. */
    private static String serverSockets(int port) throws Exception {
        return run(List.of("ss", "-tnoi", "state", "established", "( sport = :" + port + " )"));
    }

    private static long millis(String text) {
        Matcher m = SS_TIME.matcher(text);
        assertTrue(!text.isEmpty() && m.matches(), "unexpected ss duration '" + text + "'");
        return 60_000 * number(m.group(1)) + 1_000 * number(m.group(2)) + 1_000 * number(m.group(3))
                + number(m.group(4));
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    @Test
    void readsSsTimerDurations() {
        assertEquals(6_688, millis("6.688ms"));
        assertEquals(7_000, millis("7sec"));
        assertEquals(688, millis("688ms"));
        assertEquals(12_000, millis("12sec"));
        assertEquals(90_000, millis("1min30sec"));
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
