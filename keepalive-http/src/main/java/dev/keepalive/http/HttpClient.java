package dev.keepalive.http;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.Counter;
import dev.keepalive.core.EnumCounter;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pooled HTTP/1.1 client that keeps connections alive the way servers allow: it honours
 * {@code Connection: close}, HTTP/1.0 semantics and {@code Keep-Alive: timeout=, max=}, drops an idle
 * connection a second before the server would, never writes on a connection the server has already
 * closed, and retries an idempotent request once on a fresh connection when a reused one fails before
 * any response byte.
 *
 * <p>Blocking, made for virtual threads: {@link #send} parks only its own thread, and no lock is held
 * across I/O.
 *
 * <pre>{@code
 * try (HttpClient client = HttpClient.create();
 *      ClientResponse response = client.send(ClientRequest.get("http://127.0.0.1:8080/"))) {
 *     System.out.println(response.status() + " " + response.bodyString());
 * }
 * }</pre>
 */
public final class HttpClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpClient.class.getName());

    private final ClientOptions options;
    private final ConcurrentHashMap<Route, RoutePool> pools = new ConcurrentHashMap<>();
    private final ScheduledExecutorService maintenance;
    private final AtomicLong ids = new AtomicLong();
    private final Counter requests = new Counter();
    private final Counter created = new Counter();
    private final Counter reused = new Counter();
    private final Counter retries = new Counter();
    private final EnumCounter<CloseReason> closes = new EnumCounter<>(CloseReason.class);
    private volatile boolean closed;

    private HttpClient(ClientOptions options) {
        this.options = options;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kal-client-idle");
            t.setDaemon(true);
            return t;
        });
        long interval = options.idleCheckInterval().toNanos();
        maintenance.scheduleWithFixedDelay(this::maintain, interval, interval, TimeUnit.NANOSECONDS);
    }

    public static HttpClient create() {
        return new HttpClient(ClientOptions.defaults());
    }

    public static HttpClient create(ClientOptions options) {
        return new HttpClient(options);
    }

    public ClientOptions options() {
        return options;
    }

    /**
     * Sends {@code request} and returns once the response head arrived. Read the body to its end or
     * close the response.
     *
     * @throws ConnectionPoolTimeoutException when the route stays at its limit for acquireTimeout
     * @throws IOException on connect, write or read failure (after the one retry, where allowed)
     */
    public ClientResponse send(ClientRequest request) throws IOException {
        if (closed) {
            throw new IllegalStateException("client is closed");
        }
        Route route = Route.of(request.uri());
        RoutePool pool = pools.computeIfAbsent(route, r -> new RoutePool(r, options, this));
        boolean retried = false;
        while (true) {
            ClientConnection connection = pool.acquire(!retried);
            boolean wasReused = connection != null;
            if (connection == null) {
                try {
                    connection = ClientConnection.open(ids.incrementAndGet(), route, options);
                } catch (IOException | RuntimeException e) {
                    pool.cancelReservation();
                    throw e;
                }
                created.increment();
            }
            try {
                connection.writeRequest(request);
                ClientConnection.Head head = connection.readHead();
                connection.requests++;
                requests.increment();
                if (wasReused) {
                    reused.increment();
                }
                return respond(pool, connection, request, head, wasReused);
            } catch (IOException e) {
                // a timeout may mean the server is still working on it: only a dead connection is retried
                boolean beforeResponse = !connection.responseStarted()
                        && !(e instanceof java.net.SocketTimeoutException);
                pool.discard(connection, beforeResponse ? CloseReason.ofIoFailure(e) : CloseReason.ERROR);
                if (wasReused && beforeResponse && !retried && options.retryIdempotent() && request.isIdempotent()) {
                    // the server closed a connection it had kept for us: nothing was processed, try a new one
                    retried = true;
                    retries.increment();
                    if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                        LOG.log(System.Logger.Level.DEBUG, "client_retry route=" + route + " cause=" + e);
                    }
                    continue;
                }
                throw e;
            }
        }
    }

    private ClientResponse respond(RoutePool pool, ClientConnection connection, ClientRequest request,
                                   ClientConnection.Head head, boolean wasReused) throws IOException {
        boolean http11 = head.version().equals("HTTP/1.1");
        CloseReason reason = null;
        if (head.hasToken("Connection", "close") || "close".equalsIgnoreCase(request.header("Connection"))) {
            reason = CloseReason.PEER_CLOSED;
        } else if (!http11 && !head.hasToken("Connection", "keep-alive")) {
            reason = CloseReason.PEER_CLOSED; // RFC 9112 §9.3: HTTP/1.0 persists only when both say so
        }
        long ttl = options.idleTtl().toNanos();
        long[] keepAlive = ClientConnection.parseKeepAlive(head.header("Keep-Alive"));
        if (keepAlive[0] >= 0) {
            // leave before the server does: one second under what it advertises
            ttl = Math.min(ttl, TimeUnit.SECONDS.toNanos(keepAlive[0] - 1));
            if (ttl <= 0 && reason == null) {
                reason = CloseReason.IDLE_TIMEOUT;
            }
        }
        // max= is how many more requests the server takes after this one. Count down ourselves as well:
        // a server may repeat its first figure or send it only once, and neither grants more requests.
        if (connection.remainingRequests > 0) {
            connection.remainingRequests--;
        }
        if (keepAlive[1] >= 0) {
            int max = (int) Math.min(Integer.MAX_VALUE, keepAlive[1]);
            connection.remainingRequests = connection.remainingRequests < 0 ? max
                    : Math.min(connection.remainingRequests, max);
        }
        if (connection.remainingRequests == 0 && reason == null) {
            reason = CloseReason.MAX_REQUESTS;
        }
        connection.ttlNanos = Math.max(0, ttl);

        int status = head.status();
        ClientBody.Framing framing;
        long length = 0;
        String transferEncoding = head.header("Transfer-Encoding");
        String contentLength = head.header("Content-Length");
        if (request.method().equals("HEAD") || status == 204 || status == 304 || status < 200) {
            framing = ClientBody.Framing.EMPTY;
        } else if (transferEncoding != null) {
            if (!head.hasToken("Transfer-Encoding", "chunked")) {
                // send() discards the connection on this IOException; a discard here as well freed its slot twice
                throw new IOException("unsupported response transfer coding: " + transferEncoding);
            }
            framing = ClientBody.Framing.CHUNKED;
        } else if (contentLength != null) {
            try {
                length = Long.parseLong(contentLength.split(",")[0].trim());
            } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length: " + contentLength);
            }
            framing = ClientBody.Framing.LENGTH;
        } else {
            framing = ClientBody.Framing.CLOSE;
            if (reason == null) {
                reason = CloseReason.PEER_CLOSED;
            }
        }
        ClientBody body = new ClientBody(connection, framing, length, reason == null,
                reason == null ? CloseReason.PEER_CLOSED : reason, pool::release);
        return new ClientResponse(head, body, wasReused, connection.id);
    }

    void closed(ClientConnection connection, CloseReason reason) {
        closes.increment(reason);
        connection.close();
    }

    /** Runs idle maintenance on every route now; returns nanoseconds until the next connection expires. */
    long evictIdle(long nowNanos) {
        long next = Long.MAX_VALUE;
        for (RoutePool pool : pools.values()) {
            next = Math.min(next, pool.evictIdle(nowNanos));
        }
        return next;
    }

    private void maintain() {
        try {
            evictIdle(options.ticker().nanoTime());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "client_maintenance_failed", e);
        }
    }

    public ClientStats stats() {
        long open = 0;
        long idle = 0;
        for (RoutePool pool : pools.values()) {
            open += pool.totalCount();
            idle += pool.idleCount();
        }
        Map<CloseReason, Long> byReason = closes.snapshot();
        return new ClientStats(requests.get(), created.get(), reused.get(), retries.get(), open, idle, byReason);
    }

    /** Closes idle connections and stops maintenance; busy connections close when their bodies end. */
    @Override
    public void close() {
        closed = true;
        maintenance.shutdownNow();
        pools.values().forEach(RoutePool::close);
    }
}
