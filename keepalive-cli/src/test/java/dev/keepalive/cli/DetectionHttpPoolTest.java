package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.RealTime;
import dev.keepalive.http.ClientOptions;
import dev.keepalive.http.ClientRequest;
import dev.keepalive.http.ClientResponse;
import dev.keepalive.http.ClientStats;
import dev.keepalive.http.Handler;
import dev.keepalive.http.HttpClient;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.Response;
import dev.keepalive.http.ServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Detection matrix (issue 7), HTTP client pool row. A middlebox ({@code kal proxy --idle-drop 600ms})
 * silently forgets flows idle for D = 600 ms, while the server behind it keeps connections for 30 s and
 * says so ({@code Keep-Alive: timeout=30}). Nothing tells the client about D: the only defence is the rule
 * of DESIGN.md, a client idle TTL below the idle timeout of everything on the path.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DetectionHttpPoolTest {
    private static final Duration IDLE_DROP = Duration.ofMillis(600);
    private static final Duration SAFE_TTL = Duration.ofMillis(400);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private FaultProxy proxy;
    private String url;

    @BeforeEach
    void start() throws IOException {
        HttpServer server = HttpServer.start(ServerOptions.builder().host("127.0.0.1").port(0).eventLoops(1)
                        .idleTimeout(Duration.ofSeconds(30)).drainTimeout(Duration.ofMillis(200)).build(),
                Handler.nonBlocking(request -> Response.text(200, "ok\n")));
        toClose.add(server);
        proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", server.port()),
                ProxyOptions.builder().idleDrop(IDLE_DROP).build());
        toClose.add(proxy);
        url = "http://127.0.0.1:" + proxy.port() + "/";
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private HttpClient client(ClientOptions.Builder options) {
        HttpClient client = HttpClient.create(options.build());
        toClose.add(client);
        return client;
    }

    /** One GET; returns whether it reused a pooled connection. */
    private boolean get(HttpClient client) throws IOException {
        try (ClientResponse r = client.send(ClientRequest.get(url))) {
            assertEquals(200, r.status());
            assertEquals("ok\n", r.bodyString());
            assertTrue(String.valueOf(r.header("Keep-Alive")).startsWith("timeout=30,"),
                    "the server advertises its own, long, idle timeout: " + r.header("Keep-Alive"));
            return r.connectionReused();
        }
    }

    @Test
    void aPoolIdleTtlBelowTheMiddleboxIdleDropNeverFailsAndStillReuses() throws Exception {
        HttpClient client = client(ClientOptions.builder().idleTtl(SAFE_TTL).readTimeout(Duration.ofSeconds(2))
                .retryIdempotent(false)); // a retry would hide a failure: count every one
        Random random = new Random(7);
        List<Long> gaps = new ArrayList<>(List.of(50L, 150L, 900L, 1_150L, 250L));
        for (int i = 0; i < 6; i++) {
            gaps.add((long) random.nextInt((int) IDLE_DROP.toMillis() * 2 + 1)); // 0..2×D
        }
        get(client);
        List<String> failures = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        int reusedShort = 0;
        int shortGaps = 0;
        for (long gap : gaps) {
            RealTime.sleep(gap, "a lull: the pooled connection and the proxy's flow sit idle");
            try {
                boolean reused = get(client);
                log.append(gap).append(reused ? "ms:reused " : "ms:new ");
                if (gap < SAFE_TTL.toMillis() - 100) {
                    shortGaps++;
                    reusedShort += reused ? 1 : 0;
                }
                if (gap > IDLE_DROP.toMillis()) {
                    assertFalse(reused, "after " + gap + " ms idle the pooled connection was already past its TTL");
                }
            } catch (IOException e) {
                failures.add("after " + gap + " ms: " + e);
            }
        }
        ClientStats stats = client.stats();
        System.out.println("detection-matrix: http pool idleTtl 400ms behind idle-drop 600ms: " + (gaps.size() + 1)
                + " requests, " + failures.size() + " failed, " + stats.reused() + " reused, "
                + stats.connectionsCreated() + " connections; gaps " + log);
        assertEquals(List.of(), failures, "no failed request");
        assertEquals(shortGaps, reusedShort, "every request after a short gap reused the connection: " + log);
        assertTrue(stats.reused() >= shortGaps && shortGaps >= 3, "reuse still happens: " + stats);
        assertEquals(0, stats.retries());
    }

    @Test
    void controlAPoolIdleTtlAboveTheIdleDropSendsIntoADeadFlowAndTheRequestFails() throws Exception {
        // Default idleTtl 50 s, capped by the server's Keep-Alive: timeout=30 to 29 s: far above D.
        HttpClient client = client(ClientOptions.builder().readTimeout(Duration.ofSeconds(1)));
        assertFalse(get(client));
        RealTime.sleep(200, "a short lull, well inside the proxy's idle-drop");
        assertTrue(get(client), "a short gap reuses the connection: the proxy forwards");

        RealTime.sleep(IDLE_DROP.toMillis() + 400, "a lull past the proxy's idle-drop: it forgets the flow");
        long t0 = System.nanoTime();
        IOException failure = assertThrows(IOException.class, () -> get(client),
                "the pooled connection looks fine to the client, but the proxy forgot its flow");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("detection-matrix: http pool control (idleTtl 29s behind idle-drop 600ms): the request after"
                + " a 1000 ms gap failed after " + tookMs + " ms: " + failure);
        assertTrue(failure instanceof SocketTimeoutException, "no FIN, no RST: only the read timeout ends it: " + failure);
        assertTrue(tookMs >= 900 && tookMs < 3_000, "failed after the 1 s read timeout: " + tookMs + " ms");
        assertEquals(0, client.stats().retries(), "a read timeout is not retried (the server may be working on it)");
        assertEquals(Flow.State.DROPPED, proxy.flows().get(0).state(), "the proxy dropped the flow");

        assertFalse(get(client), "the next request opens a new connection and succeeds");
    }
}
