package dev.keepalive.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Backoff;
import dev.keepalive.core.CloseReason;
import dev.keepalive.core.RealTime;
import dev.keepalive.core.TcpKeepAlive;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wss://}: our client against Node's {@code ws} on Node's https server (a third-party TLS stack),
 * with a private CA and a server certificate for {@code localhost} made at test time by {@code openssl}.
 * The CA is trusted only through {@link WebSocketOptions#sslContext()}; without node, npm or openssl the
 * tests that need them are skipped with a printed reason.
 */
class WssTest {
    @TempDir
    static Path dir;
    private static Path serverKey;
    private static Path serverCert;
    private static SSLContext trustsOurCa;

    private final Recorder clientSide = new Recorder(false);

    /** Skips unless node, {@code ws} and openssl are usable; makes the CA and the certificate once. */
    private static synchronized void requirePeer() throws Exception {
        NodeTools.require("ws");
        if (trustsOurCa != null) {
            return;
        }
        openssl("version");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Keepalive test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        // the name is only in the SAN, and only as a DNS name: wss://127.0.0.1 must not match it
        Files.writeString(dir.resolve("server.ext"),
                "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        serverKey = dir.resolve("server.key");
        serverCert = dir.resolve("server.pem");
        trustsOurCa = context;
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            NodeTools.skip("openssl is missing (" + e.getMessage() + ")");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + " failed: " + out);
    }

    private static NodeTools.NodeProcess startPeer(String port) throws Exception {
        return new NodeTools.NodeProcess("wss-server.js", serverKey.toString(), serverCert.toString(), port);
    }

    /** Fast options trusting our CA. */
    private static WebSocketOptions.Builder options() {
        return Servers.ws().sslContext(trustsOurCa);
    }

    @Test
    void echoesOverWssWithAPrivateCaTrustedThroughTheOption() throws Exception {
        requirePeer();
        WebSocketOptions options = options().pingInterval(Duration.ofMillis(100)).build();
        try (NodeTools.NodeProcess node = startPeer("0");
             WebSocketClient client = WebSocketClient.create(options)) {
            String port = node.await("port:", 10_000);
            WebSocket ws = client.connect(URI.create("wss://localhost:" + port + "/"), clientSide);
            String[] seen = node.await("connected:", 5_000).split(" ");
            assertEquals("localhost", seen[1], "SNI carried the host name");
            assertTrue(seen[2].startsWith("TLSv1."), "a TLS connection: " + seen[2]);
            ws.sendText("hello over TLS ✓");
            assertEquals("hello over TLS ✓", clientSide.awaitMessage(5_000));
            byte[] big = new byte[60_000]; // at least four TLS records (16 KiB at most), one frame under maxFrameSize
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31);
            }
            ws.sendBinary(ByteBuffer.wrap(big));
            assertArrayEquals(big, (byte[]) clientSide.awaitMessage(5_000));
            Duration rtt = clientSide.rtts.poll(5, TimeUnit.SECONDS);
            assertNotNull(rtt, "their pong, through TLS, answered our ping");
            ws.close(CloseStatus.NORMAL, "bye");
            assertEquals("1000 bye", node.await("closed:", 5_000));
            assertEquals(new CloseStatus(1000, "bye", CloseReason.SHUTDOWN, false), clientSide.awaitClose(5_000));
        }
    }

    @Test
    void tcpKeepAliveStillAppliesUnderTls() throws Exception {
        requirePeer();
        List<Path> procTcp = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
        if (!Files.isReadable(procTcp.get(0))) {
            NodeTools.skip("no " + procTcp.get(0) + " to read the socket's keepalive timer from (not Linux)");
        }
        // pings off: no data in flight, so the kernel shows the keepalive timer, not a retransmit timer
        WebSocketOptions options = options().pingInterval(Duration.ZERO)
                .tcpKeepAlive(TcpKeepAlive.of(Duration.ofSeconds(77), Duration.ofSeconds(5), 3)).build();
        try (NodeTools.NodeProcess node = startPeer("0");
             WebSocketClient client = WebSocketClient.create(options)) {
            int port = Integer.parseInt(node.await("port:", 10_000));
            WebSocket ws = client.connect(URI.create("wss://localhost:" + port + "/"), clientSide);
            int clientPort = Integer.parseInt(node.await("connected:", 5_000).split(" ")[3]);
            ws.sendText("x");
            assertEquals("x", clientSide.awaitMessage(5_000));
            String timer = keepAliveTimer(procTcp, clientPort, port);
            // "tr:when": 02 = keepalive timer pending, when in 1/100 s; the OS default idle would be 7200 s
            assertTrue(timer.startsWith("02:"), "keepalive timer on our TLS socket: " + timer);
            long seconds = Long.parseLong(timer.substring(3), 16) / 100;
            System.out.println("wss socket keepalive timer fires in " + seconds + " s (TCP_KEEPIDLE 77 s)");
            assertTrue(seconds > 60 && seconds <= 77, "our 77 s idle, not the OS default: " + seconds + " s");
            ws.close(CloseStatus.NORMAL, "");
            clientSide.awaitClose(5_000);
        }
    }

    /**
     * The {@code tr:tm->when} column of our socket (local port {@code local}, remote {@code remote}); a
     * dual-stack Java socket shows up in tcp6 with an IPv4-mapped address.
     */
    private static String keepAliveTimer(List<Path> procTcp, int local, int remote) throws IOException {
        String localHex = String.format(":%04X", local);
        String remoteHex = String.format(":%04X", remote);
        for (Path table : procTcp) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 5 && f[1].endsWith(localHex) && f[2].endsWith(remoteHex)) {
                    return f[5];
                }
            }
        }
        throw new AssertionError("no socket " + local + " -> " + remote + " in " + procTcp);
    }

    @Test
    void refusesACertificateForAnotherHostName() throws Exception {
        requirePeer();
        try (NodeTools.NodeProcess node = startPeer("0");
             WebSocketClient client = WebSocketClient.create(options().build())) {
            String port = node.await("port:", 10_000);
            // the certificate says DNS:localhost; an IP literal must be an IP SAN to match (RFC 2818 §3.1)
            URI uri = URI.create("wss://127.0.0.1:" + port + "/");
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> client.connect(uri, clientSide));
            System.out.println("wrong host name: " + e.getMessage());
            assertTrue(e.getMessage().startsWith("TLS handshake with " + uri + " failed: "), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1"), "names what did not match: " + e.getMessage());
            assertTrue(causedBy(e, CertificateException.class), "the certificate was refused: " + e);
            assertTrue(clientSide.opened.isEmpty());
            client.connect(URI.create("wss://localhost:" + port + "/"), clientSide);
            assertEquals("1", node.await("connected:", 5_000).split(" ")[0], "the refused attempt never got through");
        }
    }

    @Test
    void refusesACertificateFromACaTheJvmDoesNotTrust() throws Exception {
        requirePeer();
        try (NodeTools.NodeProcess node = startPeer("0");
             WebSocketClient jvmDefault = WebSocketClient.create(Servers.ws().build());
             WebSocketClient ours = WebSocketClient.create(options().build())) {
            String port = node.await("port:", 10_000);
            URI uri = URI.create("wss://localhost:" + port + "/");
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> jvmDefault.connect(uri, clientSide));
            System.out.println("untrusted: " + e.getMessage());
            assertTrue(e.getMessage().startsWith("TLS handshake with " + uri + " failed: "), e.getMessage());
            assertTrue(causedBy(e, CertificateException.class), "the certificate was refused: " + e);
            ours.connect(uri, clientSide);
            assertEquals("1", node.await("connected:", 5_000).split(" ")[0], "only the trusting client got through");
        }
    }

    @Test
    void connectTimeoutCoversTheTlsHandshake() throws Exception {
        // TCP is accepted (by the kernel backlog) but no ServerHello ever comes
        long timeout = 300;
        try (ServerSocket mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             WebSocketClient client = WebSocketClient.create(Servers.ws()
                     .connectTimeout(Duration.ofMillis(timeout)).build())) {
            URI uri = URI.create("wss://localhost:" + mute.getLocalPort() + "/");
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> client.connect(uri, clientSide));
            long took = (System.nanoTime() - start) / 1_000_000;
            System.out.println("TLS handshake timed out after " + took + " ms (connectTimeout " + timeout + " ms)");
            assertEquals("no WebSocket handshake with " + uri + " within " + timeout + " ms", e.getMessage());
            assertTrue(took >= timeout - 20 && took <= timeout * 12 / 10 + 100,
                    "gave up after " + took + " ms, connectTimeout " + timeout + " ms");
        }
    }

    @Test
    void detectsAHungTlsPeerWithinPingIntervalPlusPongTimeout() throws Exception {
        requirePeer();
        long interval = 300;
        long pongTimeout = 400;
        WebSocketOptions options = options().pingInterval(Duration.ofMillis(interval))
                .pongTimeout(Duration.ofMillis(pongTimeout)).build();
        try (NodeTools.NodeProcess node = startPeer("0");
             WebSocketClient client = WebSocketClient.create(options)) {
            String port = node.await("port:", 10_000);
            WebSocket ws = client.connect(URI.create("wss://localhost:" + port + "/"), clientSide);
            for (int i = 0; i < 2; i++) {
                assertNotNull(clientSide.rtts.poll(2, TimeUnit.SECONDS), "pongs come back over TLS while it reads");
            }
            ws.sendText("silence");
            node.await("silenced", 5_000);
            long silent = System.nanoTime();
            CloseStatus status = clientSide.awaitClose(3_000);
            long detection = (clientSide.closedAt.take() - silent) / 1_000_000;
            long bound = (interval + pongTimeout) * 12 / 10;
            System.out.println("hung TLS peer detected after " + detection + " ms (bound " + bound + " ms)");
            assertEquals(1006, status.code());
            assertEquals(CloseReason.PEER_DEAD, status.cause());
            assertTrue(status.reason().startsWith("no pong within 400 ms"), status.reason());
            assertTrue(detection <= bound, "detected after " + detection + " ms, bound " + bound + " ms");
        }
    }

    @Test
    void reconnectsOverWssAfterTheServerRestarts() throws Exception {
        requirePeer();
        WebSocketOptions options = options().reconnect(Backoff.of(Duration.ofMillis(50), Duration.ofMillis(200),
                Duration.ofSeconds(10))).build();
        BlockingQueue<String> again = new LinkedBlockingQueue<>();
        ReconnectListener hooks = new ReconnectListener() {
            @Override
            public void onConnectedAgain(WebSocket ws, int attempts, Duration downtime) {
                again.add(attempts + " attempts, down " + downtime.toMillis() + " ms");
                ws.sendText("resubscribe");
            }
        };
        NodeTools.NodeProcess node = startPeer("0");
        try (WebSocketClient client = WebSocketClient.create(options)) {
            String port = node.await("port:", 10_000);
            try (ReconnectingWebSocket ws = client.reconnecting(URI.create("wss://localhost:" + port + "/"),
                    clientSide, hooks)) {
                assertTrue(clientSide.awaitOpen(5_000) == ws);
                node.close(); // the whole server process goes: FIN from the kernel, no close frame
                assertEquals(1006, clientSide.awaitClose(3_000).code());
                RealTime.sleep(300, "a few refused attempts while it is down");
                node = startPeer(port);
                assertEquals(port, node.await("port:", 10_000));
                clientSide.awaitOpen(3_000);
                String reconnected = again.poll(3, TimeUnit.SECONDS);
                assertNotNull(reconnected, "onConnectedAgain");
                System.out.println("reconnected over wss after " + reconnected);
                assertEquals("1", node.await("connected:", 5_000).split(" ")[0]);
                assertEquals("resubscribe", clientSide.awaitMessage(3_000), "echoed by the restarted server");
            }
        } finally {
            node.close();
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
