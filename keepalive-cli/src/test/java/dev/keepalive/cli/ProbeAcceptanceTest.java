package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keepalive.cli.ProbeReport.Idle;
import dev.keepalive.cli.ProbeReport.MaxRequests;
import dev.keepalive.core.Await;
import dev.keepalive.core.Ticker;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's acceptance: {@code kal probe} against our own server, against a server whose Keep-Alive
 * header lies, against nothing, and against nginx from the Debian package (skipped when absent).
 */
class ProbeAcceptanceTest {
    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run kal(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Kal.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static ProbeReport probe(String url, ProbeOptions options) throws Exception {
        return new Prober(ProbeTarget.parse(url), options, Ticker.system()).probe(line -> { });
    }

    static ProbeOptions quick() {
        return ProbeOptions.builder().maxIdle(Duration.ofSeconds(20)).samples(10).timeout(Duration.ofSeconds(5)).build();
    }

    static void assertWithinTenPercent(Duration expected, Duration actual) {
        long error = Math.abs(actual.toNanos() - expected.toNanos());
        assertTrue(error <= expected.toNanos() / 10, () -> "expected " + expected + " ± 10 %, measured " + actual);
    }

    @Test
    void measuresTheIdleTimeoutAndMaxRequestsOfKalServeWithoutWarnings() throws Exception {
        ServerOptions options = ServerOptions.builder().port(0).eventLoops(2).idleTimeout(Duration.ofSeconds(3))
                .maxRequestsPerConnection(20).drainTimeout(Duration.ofSeconds(1)).build();
        try (HttpServer server = HttpServer.start(options, new DemoRoutes(() -> null))) {
            long t0 = System.nanoTime();
            ProbeReport r = probe("http://127.0.0.1:" + server.port() + "/", quick());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertEquals("HTTP/1.1", r.basics().version());
            assertTrue(r.basics().persistent());
            assertEquals(Duration.ofSeconds(3), r.basics().advertisedIdle());
            assertEquals(20, r.basics().advertisedMax(), "Keep-Alive: max=19 on the first of 20");

            assertEquals(Idle.Result.MEASURED, r.idle().result(), r.idle().toString());
            assertWithinTenPercent(Duration.ofSeconds(3), r.idle().measured());
            assertEquals("FIN", r.idle().signal());
            assertFalse(r.idle().verifications().isEmpty());
            r.idle().verifications().forEach(v -> assertTrue(v.ok(), v.toString()));

            assertEquals(MaxRequests.Result.CONNECTION_CLOSE, r.maxRequests().result());
            assertEquals(20, r.maxRequests().enforced());

            assertFalse(r.http10().plain().persisted(), "HTTP/1.0 without keep-alive closes");
            assertTrue(r.http10().keepAlive().persisted(), "HTTP/1.0 with Connection: keep-alive persists");
            assertNotNull(r.latency().newConnection());
            assertNotNull(r.latency().reused());
            assertEquals(10, r.latency().reused().count());

            assertEquals(List.of(), r.advice().warnings());
            assertEquals(Duration.ofSeconds(2), r.advice().idleTtl(), "min(3 s - 1 s, 0.9 x 3 s)");
            assertEquals(20, r.advice().maxRequests());
            assertTrue(took.compareTo(Duration.ofMillis(5_500)) < 0, "about the idle timeout, not a multiple: " + took);
        }
    }

    @Test
    void warnsWhenTheKeepAliveHeaderPromisesMoreThanTheServerKeeps() throws Exception {
        try (TinyServer server = new TinyServer().advertiseTimeout(10).advertiseMax(100)
                .idleClose(Duration.ofSeconds(1), TinyServer.IdleEnd.FIN).maxRequests(5, true).start()) {
            Run run = kal("probe", server.url(), "--samples", "5", "--max-idle", "20s");
            assertEquals(0, run.exit(), run.err());
            assertEquals("", run.err());
            assertTrue(run.out().matches("(?s).*\n  idle timeout +(9\\d\\dms|1\\.0\\ds) measured .*"), run.out());
            assertTrue(run.out().contains("WARNING: the server advertises Keep-Alive: timeout=10 but closes idle"
                    + " connections after "), run.out());
            assertTrue(run.out().contains("WARNING: the server advertises Keep-Alive: max=99 on the first response"
                    + " (100 requests per connection) but closed the connection after 5"), run.out());
            assertFalse(run.out().contains("no warnings"), run.out());
        }
    }

    @Test
    void unreachablePortExitsOneWithOneLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run run = kal("probe", "http://127.0.0.1:" + port + "/");
        assertEquals(1, run.exit());
        assertEquals(List.of("kal probe: cannot connect to 127.0.0.1:" + port + ": Connection refused"), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void serverThatIsNotHttpExitsOneWithOneLine() throws IOException {
        try (TinyServer server = new TinyServer().banner("SSH-2.0-OpenSSH_9.2p1").start()) {
            Run run = kal("probe", server.url());
            assertEquals(1, run.exit());
            assertEquals(List.of("kal probe: 127.0.0.1:" + server.port()
                    + " is not an HTTP/1.x server: answered 'SSH-2.0-OpenSSH_9.2p1'"), run.errLines());
        }
    }

    @Test
    void badArgumentsExitTwoWithOneLineNamingThem() {
        Run url = kal("probe", "ftp://example.com/");
        assertEquals(2, url.exit());
        assertEquals(List.of("kal probe: URL: expected an http:// or https:// URL: 'ftp://example.com/'"),
                url.errLines());
        Run duration = kal("probe", "http://127.0.0.1:1/", "--max-idle", "soon");
        assertEquals(2, duration.exit());
        assertEquals(List.of("kal probe: --max-idle: expected a duration such as 500ms, 2s or 1m: 'soon'"),
                duration.errLines());
    }

    /**
     * nginx from the Debian package ({@code apt-get install nginx-light}; .ci/run installs it), started
     * here in the foreground on a free loopback port with everything under a temp dir.
     */
    @Test
    void measuresNginxKeepaliveTimeoutAndRequests(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(NGINX),
                "nginx not installed at " + NGINX + " (apt-get install nginx-light): skipping the nginx probe test");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, nginxConf(dir, port));
        Process nginx = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", conf.toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        try {
            awaitPort(nginx, port, dir);
            ProbeReport r = probe("http://127.0.0.1:" + port + "/", quick());
            assertEquals(Idle.Result.MEASURED, r.idle().result(), r.idle().toString());
            assertWithinTenPercent(Duration.ofSeconds(4), r.idle().measured());
            r.idle().verifications().forEach(v -> assertTrue(v.ok(), v.toString()));
            assertEquals(MaxRequests.Result.CONNECTION_CLOSE, r.maxRequests().result());
            assertEquals(30, r.maxRequests().enforced());
            assertTrue(r.basics().server().startsWith("nginx"), r.basics().server());
            assertNull(r.basics().advertisedIdle(), "keepalive_timeout without a header timeout sends no Keep-Alive");
            assertEquals(List.of(), r.advice().warnings());
            assertEquals(Duration.ofSeconds(3), r.advice().idleTtl());
        } finally {
            nginx.destroy();
            if (!nginx.waitFor(5, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
    }

    private static String nginxConf(Path dir, int port) throws IOException, InterruptedException {
        // Temp paths only for modules this build has: an unknown directive stops nginx.
        Process v = new ProcessBuilder(NGINX.toString(), "-V").redirectErrorStream(true).start();
        String build = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        v.waitFor(5, TimeUnit.SECONDS);
        StringBuilder temp = new StringBuilder();
        temp.append("  client_body_temp_path ").append(dir.resolve("client_body")).append(";\n");
        for (String module : List.of("proxy", "fastcgi", "uwsgi", "scgi")) {
            if (!build.contains("--without-http_" + module + "_module")) {
                temp.append("  ").append(module).append("_temp_path ").append(dir.resolve(module)).append(";\n");
            }
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        return (root ? "user root;\n" : "") + """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %s;
                error_log %s;
                events { worker_connections 256; }
                http {
                  access_log off;
                %s  keepalive_timeout 4s;
                  keepalive_requests 30;
                  server {
                    listen 127.0.0.1:%d;
                    location / { return 200 "ok\\n"; }
                  }
                }
                """.formatted(dir.resolve("nginx.pid"), dir.resolve("error.log"), temp, port);
    }

    private static void awaitPort(Process process, int port, Path dir) throws Exception {
        Await.until("nginx listening on " + port, () -> {
            if (!process.isAlive()) {
                fail("nginx exited with " + process.exitValue() + ": " + Files.readString(dir.resolve("stdout.log"))
                        + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }, Duration.ofSeconds(10));
    }
}
