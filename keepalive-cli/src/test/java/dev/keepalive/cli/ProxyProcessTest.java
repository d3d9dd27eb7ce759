package dev.keepalive.cli;

import static dev.keepalive.cli.ProxyFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * `kal proxy` as a separate process in front of a real echo server: bytes flow, the admin API blackholes
 * a live flow and lists it, a bad flag exits 2 with one line, SIGTERM ends it cleanly and frees its ports.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyProcessTest {
    private static final Pattern STARTUP = Pattern.compile(
            "kal proxy 127\\.0\\.0\\.1:(\\d+) -> 127\\.0\\.0\\.1:(\\d+) \\((.*)\\), admin on http://127\\.0\\.0\\.1:(\\d+)/flows");

    private ProxyFixture echo;
    private KalProcess kal;

    @AfterEach
    void tearDown() throws Exception {
        if (kal != null) {
            kal.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    @Test
    void forwardsBytesTheAdminApiBlackholesALiveFlowAndSigtermStopsItAndFreesItsPorts() throws Exception {
        echo = ProxyFixture.echoOnly();
        kal = KalProcess.start("proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:" + echo.echoPort(),
                "--admin", "127.0.0.1:0");
        Process process = kal.process();
        String startup = kal.nextLine(30_000);
        Matcher m = STARTUP.matcher(startup);
        assertTrue(m.matches(), startup);
        int port = Integer.parseInt(m.group(1));
        assertEquals(echo.echoPort(), Integer.parseInt(m.group(2)));
        assertEquals("latency 0s, bandwidth unlimited, idle-drop off, blackhole off, slow-close 0s, limit-data off",
                m.group(3));
        int adminPort = Integer.parseInt(m.group(4));

        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setTcpNoDelay(true);
            client.setSoTimeout(2_000);
            OutputStream o = client.getOutputStream();
            InputStream in = client.getInputStream();
            o.write(bytes("hello"));
            assertArrayEquals(bytes("hello"), in.readNBytes(5), "bytes flow both ways through the process");

            String flows = ProxyFixture.admin(adminPort, "GET", "/flows");
            assertTrue(flows.startsWith("200 {\"upstream\":\"127.0.0.1:" + echo.echoPort() + "\",\"accepted\":1,"), flows);
            assertTrue(flows.contains("\"state\":\"open\",\"bytes_up\":5,\"bytes_down\":5,"), flows);

            // mid-connection: the blackhole holds what the live flow sends, closing nothing
            assertEquals("200 latency 0s, bandwidth unlimited, idle-drop off, blackhole on, slow-close 0s, limit-data off\n",
                    ProxyFixture.admin(adminPort, "POST", "/blackhole?on=true"));
            o.write(bytes("held"));
            client.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, in::read, "no echo, no FIN, no RST while blackholed");
            flows = ProxyFixture.admin(adminPort, "GET", "/flows");
            assertTrue(flows.contains("\"blackhole\":true"), flows);
            assertTrue(flows.contains("\"state\":\"open\",\"bytes_up\":5,\"bytes_down\":5,"), "held, not forwarded: " + flows);
            assertTrue(ProxyFixture.admin(adminPort, "POST", "/blackhole?on=maybe").startsWith("400 on: expected 1 or 0: 'maybe'"));

            assertTrue(ProxyFixture.admin(adminPort, "POST", "/blackhole?on=false").startsWith("200 "));
            client.setSoTimeout(2_000);
            assertArrayEquals(bytes("held"), in.readNBytes(4), "the held bytes flow once the blackhole is off");

            process.toHandle().destroy(); // SIGTERM
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "did not stop on SIGTERM");
            assertEquals(-1, readOrMinusOne(in), "the live flow ends with the process");
        }
        assertEquals(143, process.exitValue(), "ended by SIGTERM after its shutdown hook (128 + 15)");
        String stopped = kal.out().poll(5, TimeUnit.SECONDS);
        assertEquals("kal proxy stopped: flows accepted 1, upstream failures 0", stopped);
        // stderr holds the proxy's log (System.Logger → java.util.logging's console): each admin change as a
        // proxy_options event, and nothing else: no warning, no stack trace
        List<String> logged = new ArrayList<>(kal.err());
        assertTrue(logged.stream().anyMatch(l -> l.equals("INFO: proxy_options latency 0s, bandwidth unlimited,"
                + " idle-drop off, blackhole on, slow-close 0s, limit-data off")), "stderr: " + logged);
        assertTrue(logged.stream().allMatch(l -> l.startsWith("INFO: proxy_options ")
                || l.endsWith(" dev.keepalive.cli.FaultProxy update")), "stderr: " + logged);
        // no leaked listener: both ports are free again
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "proxy port still open");
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", adminPort).close(), "admin port still open");
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort(), "the proxy's port can be bound again");
        }
    }

    /** -1 for a FIN or an RST (the proxy resets its flows when it stops). */
    private static int readOrMinusOne(InputStream in) {
        try {
            return in.read();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void aBadFlagExitsTwoWithOneLineOnStderr() throws Exception {
        kal = KalProcess.start("proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:9", "--idle-drop", "soon");
        assertTrue(kal.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, kal.process().exitValue());
        assertEquals("kal proxy: --idle-drop: expected a duration such as 500ms, 2s or 1m: 'soon'\n", kal.stderr());
        assertEquals("", kal.stdout(), "nothing on stdout");
    }
}
