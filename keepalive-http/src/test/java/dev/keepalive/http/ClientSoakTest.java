package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.RealTime;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The stale-connection scenario at scale: a server that closes idle connections after 250 ms and does
 * not advertise it, callers pausing 0–400 ms between requests, so many pooled connections die while
 * idle, some of them at the very moment they are picked. Callers must see none of it.
 */
class ClientSoakTest {
    private static final int THREADS = 40;
    private static final int REQUESTS_PER_THREAD = 50;
    private static final int TOTAL = THREADS * REQUESTS_PER_THREAD;

    @Test
    void twoThousandRequestsWithRandomGapsAgainstA250msIdleTimeoutSeeNoFailures() throws Exception {
        ServerOptions.Builder serverOptions = TestServers.options()
                .idleTimeout(Duration.ofMillis(250)).keepAliveHeader(false).maxRequestsPerConnection(0);
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        try (HttpServer server = TestServers.start(serverOptions);
             HttpClient client = HttpClient.create(ClientOptions.builder()
                     .connectTimeout(Duration.ofMillis(2_000))
                     .readTimeout(Duration.ofMillis(5_000))
                     .acquireTimeout(Duration.ofMillis(5_000))
                     .build());
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            long start = System.nanoTime();
            List<Future<?>> done = IntStream.range(0, THREADS).<Future<?>>mapToObj(t -> threads.submit(() -> {
                Random random = new Random(20_240_000L + t); // each caller its own seeded gaps
                for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                    try {
                        RealTime.sleep(random.nextInt(401), "a caller's pause: connections idle past the server's 250 ms");
                        try (ClientResponse response = client.send(ClientRequest.get(url))) {
                            String body = response.bodyString();
                            if (response.status() == 200 && body.equals("hello\n")) {
                                ok.incrementAndGet();
                            } else {
                                failures.add("thread " + t + " request " + i + ": " + response + " " + body);
                            }
                        }
                    } catch (Exception e) {
                        failures.add("thread " + t + " request " + i + ": " + e);
                    }
                }
            })).toList();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            ClientStats stats = client.stats();
            ServerStats serverStats = server.stats();
            System.out.println("ClientSoakTest: " + TOTAL + " requests in " + millis + " ms; client " + stats.toJson()
                    + "; server " + serverStats.toJson());

            assertEquals(List.of(), List.copyOf(failures), "failures visible to the caller");
            assertEquals(TOTAL, ok.get());
            assertEquals(TOTAL, stats.requests());
            assertEquals(TOTAL, serverStats.requests(), "the server answered each request exactly once");
            assertEquals(TOTAL, stats.connectionsCreated() + stats.reused(), "each exchange: a new or a reused connection");
            assertEquals(serverStats.accepted(), stats.connectionsCreated(), "every connection the client opened");
            long closed = stats.closes().values().stream().mapToLong(Long::longValue).sum();
            assertEquals(stats.connectionsCreated(), closed + stats.openConnections(), "closed once each, or still open");
            assertTrue(stats.reuseRatio() > 0.5, "reuse ratio " + stats.reuseRatio());
            long serverIdleCloses = serverStats.closes().get(dev.keepalive.core.CloseReason.IDLE_TIMEOUT);
            assertTrue(serverIdleCloses > 0, "the server really closed idle connections under the client");
            // zero failures must come from seeing the FIN before reuse, not from retrying: a retry is only
            // for the rare close that races the request itself
            assertTrue(stats.retries() * 4 <= serverIdleCloses, stats.retries() + " retries for "
                    + serverIdleCloses + " idle closes: stale connections were written to");
        }
    }
}
