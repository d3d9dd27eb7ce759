package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keepalive.http.HttpServer;
import dev.keepalive.http.ServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `kal proxy`'s POST /drop: every current flow goes silent for good (a NAT that forgot them); new flows pass. */
class ProxyDropTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private FaultProxy proxy;
    private HttpServer admin;

    @BeforeEach
    void start() throws IOException {
        ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(echo);
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    toClose.add(s);
                    Thread.ofVirtual().start(() -> echoAll(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
        proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", echo.getLocalPort()), ProxyOptions.defaults());
        toClose.add(proxy);
        admin = HttpServer.start(ServerOptions.builder().host("127.0.0.1").port(0).eventLoops(1).build(),
                new ProxyAdmin(proxy));
        toClose.add(admin);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private static void echoAll(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
            s.shutdownOutput();
        } catch (IOException e) {
            // the test is over
        }
    }

    private Socket client() throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(2_000);
        toClose.add(s);
        return s;
    }

    private static byte[] roundTrip(Socket s, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(b);
        return s.getInputStream().readNBytes(b.length);
    }

    private String adminCall(String method, String target) throws IOException {
        try (Socket s = new Socket("127.0.0.1", admin.port())) {
            s.setSoTimeout(2_000);
            s.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: kal\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(9, 12) + " " + response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void dropSilencesEveryCurrentFlowForeverButNewFlowsPass() throws Exception {
        Socket a = client();
        Socket b = client();
        assertArrayEquals("a".getBytes(StandardCharsets.US_ASCII), roundTrip(a, "a"));
        assertArrayEquals("b".getBytes(StandardCharsets.US_ASCII), roundTrip(b, "b"));

        assertEquals("200 dropped 2 flows\n", adminCall("POST", "/drop"));

        for (Socket s : List.of(a, b)) {
            s.getOutputStream().write("lost".getBytes(StandardCharsets.US_ASCII)); // the write succeeds: no RST
            s.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(),
                    "no echo, no FIN, no RST after the drop");
        }
        a.shutdownOutput(); // not even a FIN gets through
        b.setSoTimeout(300);
        assertThrows(SocketTimeoutException.class, () -> b.getInputStream().read());
        assertEquals(List.of("dropped", "dropped"), flowStates(), "GET /flows");

        Socket c = client();
        assertArrayEquals("c".getBytes(StandardCharsets.US_ASCII), roundTrip(c, "c"));
        assertEquals("200 dropped 1 flows\n", adminCall("POST", "/drop"), "only the new flow was still forwarding");
    }

    @Test
    void dropIsPostOnly() throws Exception {
        assertEquals("405 GET not allowed on /drop; use POST\n", adminCall("GET", "/drop"));
    }

    /** The state of each flow as GET /flows reports it. */
    private List<String> flowStates() throws IOException {
        String json = adminCall("GET", "/flows");
        List<String> states = new ArrayList<>();
        int i = 0;
        while ((i = json.indexOf("\"state\":\"", i)) >= 0) {
            int end = json.indexOf('"', i + 9);
            states.add(json.substring(i + 9, end));
            i = end;
        }
        return states;
    }
}
