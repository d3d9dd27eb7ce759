package dev.keepalive.cli;

import static dev.keepalive.cli.ProbeAcceptanceTest.assertWithinTenPercent;
import static dev.keepalive.cli.ProbeAcceptanceTest.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.cli.ProbeReport.Idle;
import dev.keepalive.cli.ServeFlagsTest.Run;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kal probe https://...}: handshake cost measured, idle close seen through TLS, bad certificates refused. */
class ProbeTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static SSLContext serverContext;

    /** A self-signed certificate for 127.0.0.1 from the JDK's keytool, valid for a day. */
    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "probe", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "1", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD)).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertTrue(keytool.waitFor(30, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
    }

    static TinyServer httpsServer() throws Exception {
        SSLServerSocket socket = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new TinyServer(socket);
    }

    @Test
    void measuresHandshakeCostAndIdleTimeoutOverTls() throws Exception {
        try (TinyServer server = httpsServer().idleClose(Duration.ofSeconds(1), TinyServer.IdleEnd.FIN)
                .maxRequests(10, true).start()) {
            ProbeOptions options = ProbeOptions.builder().insecure(true).samples(5).maxIdle(Duration.ofSeconds(10))
                    .timeout(Duration.ofSeconds(5)).build();
            ProbeReport r = probe(server.url(), options);
            assertNotNull(r.latency().tls(), "handshake timed for https");
            assertEquals(5, r.latency().tls().count());
            assertTrue(r.latency().firstTls() > 0);
            assertTrue(r.latency().newConnection().p50() > r.latency().tls().p50(), "a new connection includes it");
            assertEquals(Idle.Result.MEASURED, r.idle().result(), r.idle().toString());
            assertWithinTenPercent(Duration.ofSeconds(1), r.idle().measured());
            assertEquals(10, r.maxRequests().enforced());
            assertTrue(ProbeTable.render(r).contains("\n  TLS handshake       first "), ProbeTable.render(r));
        }
    }

    @Test
    void untrustedCertificateExitsOneWithOneLine() throws Exception {
        try (TinyServer server = httpsServer().start()) {
            Run run = ServeFlagsTest.run("probe", server.url());
            assertEquals(1, run.exit(), run.err());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.errLines().get(0).startsWith("kal probe: TLS handshake with 127.0.0.1:" + server.port()
                    + " failed: "), run.err());
        }
    }

    @Test
    void plainHttpToAnHttpsPortExitsOneWithOneLine() throws Exception {
        try (TinyServer server = httpsServer().start()) {
            Run run = ServeFlagsTest.run("probe", "http://127.0.0.1:" + server.port() + "/");
            assertEquals(1, run.exit(), run.err());
            // JSSE answers plaintext with a TLS alert record
            assertEquals(List.of("kal probe: 127.0.0.1:" + server.port()
                    + " is not an HTTP/1.x server: answered in TLS (an https:// port?)"), run.errLines());
        }
    }
}
