package dev.keepalive.http;

import static dev.keepalive.http.ClientReuseTest.get;
import static dev.keepalive.http.ClientReuseTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.RealTime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS through JSSE against a local TLS server with certificates made at test time by the running
 * JDK's keytool: SNI is sent, the hostname is verified, connections are kept, and a new connection
 * resumes the TLS session instead of a full handshake.
 */
class ClientTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    private static SSLContext localhostServer;
    private static SSLContext otherNameServer;
    private static KeyStore trusted;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Process localhostKey = keytool("localhost", "dns:localhost,ip:127.0.0.1");
        Process otherKey = keytool("other.example", "dns:other.example");
        KeyStore localhost = load(localhostKey, "localhost");
        KeyStore other = load(otherKey, "other.example");
        localhostServer = serverContext(localhost);
        otherNameServer = serverContext(other);
        // the client trusts both: a failure against the other certificate is about its name, not its issuer
        trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("localhost", localhost.getCertificate("key"));
        trusted.setCertificateEntry("other", other.getCertificate("key"));
    }

    /** Starts the running JDK's keytool making a self-signed EC key pair with {@code san}. */
    private static Process keytool(String cn, String san) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "key", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + cn, "-ext", "SAN=" + san, "-validity", "2",
                "-keystore", dir.resolve(cn + ".p12").toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
    }

    private static KeyStore load(Process keytool, String cn) throws Exception {
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(30, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed: " + out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(cn + ".p12"))) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static SSLContext serverContext(KeyStore ks) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** A client context trusting the two test certificates; one per HttpClient, like an application's. */
    private static SSLContext clientContext() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static HttpClient client() throws Exception {
        return HttpClient.create(options().sslContext(clientContext()).build());
    }

    @Test
    void sendsSniAndKeepsTheTlsConnection() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().tls(localhostServer).start();
             HttpClient client = client()) {
            String url = "https://localhost:" + server.port() + "/";
            long a = get(client, url, "hello\n");
            long b = get(client, url, "hello\n");
            long c = get(client, url, "hello\n");
            assertTrue(a == b && b == c, "one TLS connection for three requests");
            assertEquals(List.of(3), server.requestsPerConnection());
            assertEquals(List.of(new SNIHostName("localhost")), server.connection(1).serverNames);
        }
    }

    @Test
    void neverWritesOnATlsConnectionTheServerClosed() throws Exception {
        // close_notify and FIN after 100 ms idle: the check before reuse sees them under the TLS layer
        try (MisbehavingServer server = MisbehavingServer.builder().tls(localhostServer)
                .idleClose(java.time.Duration.ofMillis(100), MisbehavingServer.End.FIN).start();
             HttpClient client = client()) {
            String url = "https://localhost:" + server.port() + "/";
            for (int i = 1; i <= 3; i++) {
                get(client, url, "hello\n");
                assertTrue(server.awaitEnds(i, 2_000));
            }
            assertEquals(List.of(1, 1, 1), server.requestsPerConnection());
            assertEquals(0, server.lateBytes(), server.lateText());
            assertEquals(0, client.stats().retries());
            assertEquals(2, client.stats().closes().get(dev.keepalive.core.CloseReason.PEER_CLOSED));
        }
    }

    @Test
    void ipLiteralSendsNoSniAndMatchesTheIpAddressSan() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().tls(localhostServer).start();
             HttpClient client = client()) {
            get(client, "https://127.0.0.1:" + server.port() + "/", "hello\n");
            assertEquals(List.of(), server.connection(1).serverNames, "RFC 6066 §3: no IP literals in SNI");
        }
    }

    @Test
    void rejectsACertificateIssuedForAnotherName() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().tls(otherNameServer).start();
             HttpClient client = client()) {
            IOException e = assertThrows(IOException.class,
                    () -> client.send(ClientRequest.get("https://localhost:" + server.port() + "/")));
            assertTrue(e instanceof SSLHandshakeException, "a handshake failure: " + e);
            assertTrue(causedBy(e, CertificateException.class), "the certificate was refused: " + e);
            assertTrue(String.valueOf(e.getMessage()).contains("localhost"), "names the host: " + e.getMessage());
            assertEquals(0, server.totalRequests(), "no request was sent");
            assertEquals(0, client.stats().openConnections());
            // control: without hostname verification the same trust store accepts that certificate, so
            // the refusal above was about the name, not about trust
            try (SSLSocket raw = (SSLSocket) clientContext().getSocketFactory().createSocket("127.0.0.1", server.port())) {
                raw.startHandshake();
                assertEquals("CN=other.example", ((java.security.cert.X509Certificate) raw.getSession()
                        .getPeerCertificates()[0]).getSubjectX500Principal().getName());
            }
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void newConnectionResumesTheTlsSession() throws Exception {
        // Connection: close on every response: each request needs a new TLS connection
        try (MisbehavingServer server = MisbehavingServer.builder().tls(localhostServer).header("Connection: close").start();
             HttpClient client = client();
             HttpClient stranger = client()) {
            String url = "https://localhost:" + server.port() + "/";
            get(client, url, "hello\n");
            RealTime.sleep(20, "the wall clock moves on: a resumed session keeps an older creation time");
            get(client, url, "hello\n");
            RealTime.sleep(20, "the wall clock moves on: a new session gets a later creation time");
            get(stranger, url, "hello\n"); // its own SSLContext: its own session cache
            MisbehavingServer.Conn first = server.connection(1);
            MisbehavingServer.Conn second = server.connection(2);
            MisbehavingServer.Conn third = server.connection(3);
            assertEquals("TLSv1.3", first.protocol);
            // a TLS 1.3 resumption (PSK) carries the original session's creation time over
            assertEquals(first.sessionCreated, second.sessionCreated, "second connection resumed the session");
            assertTrue(second.acceptedAtMillis > first.sessionCreated);
            assertNotEquals(first.sessionCreated, third.sessionCreated, "a client with another context starts afresh");
        }
    }

    @Test
    void newConnectionResumesTheSameSessionIdOverTls12() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.builder().tls(localhostServer).tlsProtocols("TLSv1.2")
                .header("Connection: close").start();
             HttpClient client = client();
             HttpClient stranger = client()) {
            String url = "https://localhost:" + server.port() + "/";
            get(client, url, "hello\n");
            get(client, url, "hello\n");
            get(stranger, url, "hello\n");
            MisbehavingServer.Conn first = server.connection(1);
            assertEquals("TLSv1.2", first.protocol);
            assertNotNull(first.sessionId);
            assertEquals(first.sessionId, server.connection(2).sessionId, "the client offered its session and the server took it");
            assertNotEquals(first.sessionId, server.connection(3).sessionId);
        }
    }
}
