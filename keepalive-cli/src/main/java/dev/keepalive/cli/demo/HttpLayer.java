package dev.keepalive.cli.demo;

import dev.keepalive.cli.FaultProxyHandle;
import dev.keepalive.cli.Problems;
import dev.keepalive.cli.ServeCommand;
import dev.keepalive.core.CloseReason;
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
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP keep-alive: a target {@link HttpServer} (idle timeout 5 s, Keep-Alive header), a fault proxy, and our
 * pooled {@link HttpClient} (idle TTL 3 s, read timeout 1 s, idempotent retry) sending GETs from two virtual
 * threads, about 10 per second together; each thread pauses longer than the idle TTL now and then, so new and
 * reused connections both show.
 *
 * <p>An idle drop (the proxy forgets flows idle 1.5 s) makes both threads pause for 2 s once, a lull in traffic:
 * the pool still holds their connections (idle TTL 3 s), the proxy has forgotten them, and the next request on
 * one meets the read timeout. That is the rule the card's note states: a client must drop idle connections
 * before any middlebox on the path does.
 *
 * <p>Detection: a request fails (read timeout on a dead pooled connection), is retried (a reused connection
 * was reset), or the pool's idle check finds a pooled connection closed or reset. Recovery: a request answered on a connection opened after the fault.
 */
final class HttpLayer implements Layer {
    static final Duration IDLE_TTL = Duration.ofSeconds(3);
    static final Duration SERVER_IDLE = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final long PAUSE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(16);
    private static final long PAUSE_MS = IDLE_TTL.toMillis() + 600;
    private static final long DEAD_SHOWN_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The lull an idle drop brings: past the idle drop, well within the idle TTL, so a pooled connection dies. */
    static final long LULL_MS = ProxyFaults.IDLE_DROP.toMillis() + 500;

    private final LayerState state;
    private final Timeline timeline;
    private final HttpServer target;
    private final FaultProxyHandle proxy;
    private final ProxyFaults faults;
    private final HttpClient client;
    private final URI uri;
    private final List<Thread> workers = new ArrayList<>();
    private final Map<Long, Conn> connections = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();
    private final AtomicLong lastRetries = new AtomicLong();
    private final AtomicLong lastBroken = new AtomicLong();
    /** Connection ids up to this one existed when the current fault was injected. */
    private final AtomicLong idsBeforeFault = new AtomicLong(Long.MAX_VALUE);
    /** Incremented by each idle drop: every worker pauses {@link #LULL_MS} once when it sees a new value. */
    private final AtomicLong lulls = new AtomicLong();
    private volatile boolean idleDropOn;
    private final DoubleAdder windowLatencyMs = new DoubleAdder();
    private final LongAdder windowCount = new LongAdder();
    private volatile double newLatencyMs = Double.NaN;
    private volatile double reusedLatencyMs = Double.NaN;
    private volatile boolean running = true;

    /** One client connection as the workers saw it. */
    private static final class Conn {
        final long id;
        final long firstNanos;
        final AtomicLong requests = new AtomicLong();
        volatile long lastNanos;
        volatile boolean busy;
        volatile long deadNanos; // 0 = alive

        Conn(long id, long now) {
            this.id = id;
            this.firstNanos = now;
            this.lastNanos = now;
        }
    }

    HttpLayer(String host, Timeline timeline) throws IOException {
        this.timeline = timeline;
        this.state = new LayerState("http", "HTTP keep-alive", "pool idle TTL " + IDLE_TTL.toSeconds()
                + " s · server idle timeout " + SERVER_IDLE.toSeconds() + " s · read timeout "
                + READ_TIMEOUT.toSeconds() + " s · retry idempotent on", timeline);
        this.target = HttpServer.start(ServerOptions.builder().host(host).port(0).idleTimeout(SERVER_IDLE)
                .keepAliveHeader(true).eventLoops(1).drainTimeout(Duration.ofMillis(200)).build(),
                Handler.nonBlocking(request -> Response.text(200, "hello from the demo's target\n")));
        FaultProxyHandle p;
        try {
            p = FaultProxyHandle.start(host, target.address());
        } catch (IOException e) {
            target.close();
            throw e;
        }
        this.proxy = p;
        this.faults = new ProxyFaults(proxy, state, "a request every 150..250 ms kept the pooled connections");
        this.client = HttpClient.create(ClientOptions.builder().idleTtl(IDLE_TTL).readTimeout(READ_TIMEOUT)
                .connectTimeout(READ_TIMEOUT).retryIdempotent(true).idleCheckInterval(Duration.ofMillis(250))
                .build());
        this.uri = URI.create("http://" + ServeCommand.hostPort(host, proxy.port()) + "/");
        for (int i = 0; i < 2; i++) {
            int n = i;
            workers.add(Thread.ofVirtual().name("kal-demo-http-" + i).start(() -> work(n)));
        }
    }

    @Override
    public LayerState state() {
        return state;
    }

    @Override
    public String inject(String kind) {
        idsBeforeFault.set(maxConnectionId());
        idleDropOn = kind.equals("idle-drop");
        String done = faults.inject(kind, timeline.ticker().nanoTime());
        if (idleDropOn) {
            lulls.incrementAndGet();
            done += "; the http workers pause " + LULL_MS + " ms once";
        }
        return done;
    }

    private long maxConnectionId() {
        return connections.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private void work(int n) {
        // the two threads pause at different times, so one always carries traffic
        long nextPause = timeline.ticker().nanoTime() + PAUSE_EVERY_NANOS / 2 * (n + 1);
        long lullsSeen = lulls.get();
        while (running) {
            try {
                long lull = lulls.get();
                if (lull != lullsSeen) {
                    lullsSeen = lull;
                    Thread.sleep(LULL_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            exchange();
            try {
                long now = timeline.ticker().nanoTime();
                if (now - nextPause >= 0) {
                    nextPause = now + PAUSE_EVERY_NANOS;
                    Thread.sleep(PAUSE_MS);
                } else {
                    Thread.sleep(150 + ThreadLocalRandom.current().nextInt(100));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void exchange() {
        long t0 = timeline.ticker().nanoTime();
        try (ClientResponse response = client.send(ClientRequest.get(uri))) {
            response.bodyBytes();
            long now = timeline.ticker().nanoTime();
            double ms = (now - t0) / 1e6;
            boolean reused = response.connectionReused();
            if (reused) {
                reusedLatencyMs = ewma(reusedLatencyMs, ms);
            } else {
                newLatencyMs = ewma(newLatencyMs, ms);
            }
            windowLatencyMs.add(ms);
            windowCount.increment();
            Conn c = connections.computeIfAbsent(response.connectionId(), id -> new Conn(id, t0));
            c.requests.incrementAndGet();
            c.lastNanos = now;
            checkRetries();
            if (response.connectionId() > idsBeforeFault.get()) {
                state.recovered("request answered on new connection http-" + response.connectionId());
            }
        } catch (IOException e) {
            if (!running) {
                return;
            }
            failures.increment();
            long now = timeline.ticker().nanoTime();
            markDeadSince(t0, now);
            checkRetries();
            state.noticed(!(e instanceof SocketTimeoutException) ? "request failed: " + Problems.oneLine(e)
                    : idleDropOn && state.status() == LayerState.Status.FAULT
                    ? "no response within the 1 s read timeout: the proxy forgot this pooled connection after 1.5 s"
                            + " idle, the pool keeps idle ones 3 s. A client must drop idle connections before the"
                            + " middlebox does: pool idle TTL 3 s > idle drop 1.5 s"
                    : "no response within the 1 s read timeout: the pooled connection is discarded");
        } catch (RuntimeException e) {
            if (running) {
                failures.increment();
                state.noticed("request failed: " + Problems.oneLine(e));
            }
        }
    }

    /** A retry means a reused connection died under a request and a fresh one answered: the pool noticed. */
    private void checkRetries() {
        long retries = client.stats().retries();
        long before = lastRetries.getAndSet(retries);
        if (retries > before) {
            state.noticed("a reused connection failed before any response byte: GET retried on a new connection");
        }
    }

    /** The failed request ran on a connection last used before it started: the oldest-idle such one is dead. */
    private void markDeadSince(long startNanos, long now) {
        connections.values().stream()
                .filter(c -> c.deadNanos == 0 && c.lastNanos - startNanos < 0)
                .max(Comparator.comparingLong(c -> c.lastNanos))
                .ifPresent(c -> c.deadNanos = now);
    }

    private static double ewma(double old, double sample) {
        return Double.isNaN(old) ? sample : old * 0.8 + sample * 0.2;
    }

    @Override
    public void tick(long nowNanos) {
        faults.tick(nowNanos);
        state.expire();
        Map<CloseReason, Long> closes = client.stats().closes();
        long broken = closes.getOrDefault(CloseReason.PEER_CLOSED, 0L) + closes.getOrDefault(CloseReason.PEER_DEAD, 0L)
                + closes.getOrDefault(CloseReason.ERROR, 0L);
        if (broken > lastBroken.getAndSet(broken)) {
            // the pool's idle check saw a FIN or RST on an idle connection and dropped it before any reuse
            state.noticed("the pool found a pooled connection closed or reset by the peer and discarded it");
        }
        long ttl = IDLE_TTL.toNanos() + TimeUnit.MILLISECONDS.toNanos(500);
        connections.values().removeIf(c -> c.deadNanos != 0 ? nowNanos - c.deadNanos > DEAD_SHOWN_NANOS
                : nowNanos - c.lastNanos > ttl);
    }

    @Override
    public void sample(long nowNanos) {
        long n = windowCount.sumThenReset();
        double sum = windowLatencyMs.sumThenReset();
        state.sample(n == 0 ? 0 : sum / n);
    }

    @Override
    public Map<String, Object> json(long nowNanos) {
        ClientStats s = client.stats();
        List<Map<String, Object>> conns = new ArrayList<>();
        connections.values().stream().sorted(Comparator.comparingLong(c -> c.id)).forEach(c -> {
            String st = c.deadNanos != 0 ? "dead" : nowNanos - c.lastNanos < TimeUnit.MILLISECONDS.toNanos(300)
                    ? "active" : "idle";
            String detail = c.requests.get() + " requests, " + LayerState.age(nowNanos - c.firstNanos) + " old"
                    + (st.equals("idle") ? ", idle " + LayerState.age(nowNanos - c.lastNanos) : "");
            conns.add(LayerState.connection("http-" + c.id, st, detail));
        });
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("requests", s.requests());
        counters.put("failures", failures.sum());
        counters.put("retries", s.retries());
        counters.put("new connections", s.connectionsCreated());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("reuse ratio", s.reuseRatio());
        metrics.put("new-connection latency ms", newLatencyMs);
        metrics.put("reused latency ms", reusedLatencyMs);
        return state.json(conns, counters, metrics);
    }

    @Override
    public void close() {
        running = false;
        workers.forEach(Thread::interrupt);
        client.close();
        proxy.close();
        target.close();
    }
}
