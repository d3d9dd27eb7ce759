package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Durations;
import dev.keepalive.http.HttpServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * `kal proxy` as a separate process in front of a real echo server: bytes flow, the admin API blackholes
 * a live flow and lists it, a bad flag exits 2 with one line, SIGTERM ends it cleanly and frees its ports.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyProcessTest {
    private static final Pattern STARTUP = Pattern.compile(
            "kal proxy 127\\.0\\.0\\.1:(\\d+) -> 127\\.0\\.0\\.1:(\\d+) \\((.*)\\), admin on http://127\\.0\\.0\\.1:(\\d+)/flows");

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Process process;

    @AfterEach
    void tearDown() throws Exception {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** Runs {@code kal args} in a fresh JVM (this one's java) on this build's class path. */
    private static Process kal(String... args) throws IOException {
        Set<String> classpath = new LinkedHashSet<>();
        for (Class<?> c : List.of(Kal.class, CommandLine.class, HttpServer.class, Durations.class)) {
            try {
                classpath.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        classpath.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-cp", String.join(File.pathSeparator, classpath),
                Kal.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static BlockingQueue<String> lines(InputStream stream) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return lines;
    }

    /** An upstream that echoes every byte on every connection. */
    private ServerSocket echoServer() throws IOException {
        ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(echo);
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    toClose.add(s);
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException e) {
                            // reset by the proxy, or the test is over
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return echo;
    }

    /** One admin request on its own connection; returns "STATUS body". */
    private static String admin(int port, String method, String target) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2_000);
            s.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: kal\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(9, 12) + " " + response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void forwardsBytesTheAdminApiBlackholesALiveFlowAndSigtermStopsItAndFreesItsPorts() throws Exception {
        ServerSocket echo = echoServer();
        process = kal("proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:" + echo.getLocalPort(),
                "--admin", "127.0.0.1:0");
        BlockingQueue<String> out = lines(process.getInputStream());
        BlockingQueue<String> err = lines(process.getErrorStream());
        String startup = out.poll(30, TimeUnit.SECONDS);
        assertNotNull(startup, "no start-up line; stderr: " + err);
        Matcher m = STARTUP.matcher(startup);
        assertTrue(m.matches(), startup);
        int port = Integer.parseInt(m.group(1));
        assertEquals(echo.getLocalPort(), Integer.parseInt(m.group(2)));
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

            String flows = admin(adminPort, "GET", "/flows");
            assertTrue(flows.startsWith("200 {\"upstream\":\"127.0.0.1:" + echo.getLocalPort() + "\",\"accepted\":1,"), flows);
            assertTrue(flows.contains("\"state\":\"open\",\"bytes_up\":5,\"bytes_down\":5,"), flows);

            // mid-connection: the blackhole holds what the live flow sends, closing nothing
            assertEquals("200 latency 0s, bandwidth unlimited, idle-drop off, blackhole on, slow-close 0s, limit-data off\n",
                    admin(adminPort, "POST", "/blackhole?on=true"));
            o.write(bytes("held"));
            client.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, in::read, "no echo, no FIN, no RST while blackholed");
            flows = admin(adminPort, "GET", "/flows");
            assertTrue(flows.contains("\"blackhole\":true"), flows);
            assertTrue(flows.contains("\"state\":\"open\",\"bytes_up\":5,\"bytes_down\":5,"), "held, not forwarded: " + flows);
            assertTrue(admin(adminPort, "POST", "/blackhole?on=maybe").startsWith("400 on: expected 1 or 0: 'maybe'"));

            assertTrue(admin(adminPort, "POST", "/blackhole?on=false").startsWith("200 "));
            client.setSoTimeout(2_000);
            assertArrayEquals(bytes("held"), in.readNBytes(4), "the held bytes flow once the blackhole is off");

            process.toHandle().destroy(); // SIGTERM
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "did not stop on SIGTERM");
            assertEquals(-1, readOrMinusOne(in), "the live flow ends with the process");
        }
        assertEquals(143, process.exitValue(), "ended by SIGTERM after its shutdown hook (128 + 15)");
        String stopped = out.poll(5, TimeUnit.SECONDS);
        assertEquals("kal proxy stopped: flows accepted 1, upstream failures 0", stopped);
        // stderr holds the proxy's log (System.Logger → java.util.logging's console): each admin change as a
        // proxy_options event, and nothing else: no warning, no stack trace
        List<String> logged = new ArrayList<>(err);
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
        process = kal("proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:9", "--idle-drop", "soon");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("kal proxy: --idle-drop: expected a duration such as 500ms, 2s or 1m: 'soon'\n", err);
        assertEquals(0, process.getInputStream().readAllBytes().length, "nothing on stdout");
    }
}
