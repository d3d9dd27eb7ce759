package dev.keepalive.http;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An HTTP/1.1 server built for keep-alive: persistent connections by default (RFC 9112 §9.3), an idle
 * timeout that shrinks under pressure, request and age limits per connection, a whole-head deadline
 * against slowloris, bounded connections with eviction of the oldest idle one, and graceful shutdown.
 *
 * <pre>{@code
 * try (HttpServer server = HttpServer.start(ServerOptions.builder().port(0).build(),
 *         Handler.nonBlocking(request -> Response.text(200, "hello\n")))) {
 *     System.out.println("listening on " + server.port());
 * }
 * }</pre>
 *
 * One event loop per {@link ServerOptions#eventLoops()} owns a share of the connections; handlers that
 * may block run on virtual threads. Responses on one connection always leave in request order.
 */
public final class HttpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());
    private static final long ONE_SECOND = 1_000_000_000L;

    private final ServerOptions options;
    private final Handler handler;
    private final Ticker ticker;
    private final ServerSocketChannel serverChannel;
    private final EventLoop[] loops;
    private final ExecutorService handlerExecutor;
    private final InetSocketAddress address;

    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<Object, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder acceptPauses = new LongAdder();
    private final EnumMap<CloseReason, LongAdder> closes = new EnumMap<>(CloseReason.class);

    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition allClosed = stateLock.newCondition();
    private volatile boolean shuttingDown;
    private volatile boolean acceptPaused;
    private boolean stopped;
    private SelectionKey acceptKey;
    private SocketChannel held; // accepted at the limit, waiting for a slot (loop 0 only)
    private final java.util.concurrent.atomic.AtomicBoolean evictNextIdle = new java.util.concurrent.atomic.AtomicBoolean();
    private int nextLoop;

    private HttpServer(ServerOptions options, Handler handler, Ticker ticker) throws IOException {
        this.options = options;
        this.handler = handler;
        this.ticker = ticker;
        for (CloseReason r : CloseReason.values()) {
            closes.put(r, new LongAdder());
        }
        this.serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            serverChannel.bind(new InetSocketAddress(options.host(), options.port()), options.backlog());
            serverChannel.configureBlocking(false);
            this.address = (InetSocketAddress) serverChannel.getLocalAddress();
            this.loops = new EventLoop[options.eventLoops()];
            for (int i = 0; i < loops.length; i++) {
                loops[i] = new EventLoop(this, i, ticker);
            }
        } catch (IOException | RuntimeException e) {
            serverChannel.close();
            throw e;
        }
        this.handlerExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("kal-handler-", 0).factory());
    }

    /** Binds and starts serving with the system clock. */
    public static HttpServer start(ServerOptions options, Handler handler) throws IOException {
        return start(options, handler, Ticker.system());
    }

    /** Binds and starts serving; {@code ticker} drives every timeout. */
    public static HttpServer start(ServerOptions options, Handler handler, Ticker ticker) throws IOException {
        if (options == null || handler == null || ticker == null) {
            throw new NullPointerException("options, handler and ticker are required");
        }
        HttpServer server = new HttpServer(options, handler, ticker);
        EventLoop first = server.loops[0];
        first.execute(() -> {
            try {
                server.acceptKey = server.serverChannel.register(first.selector, SelectionKey.OP_ACCEPT,
                        (Runnable) server::acceptReady);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "accept_register_failed", e);
            }
        });
        for (EventLoop loop : server.loops) {
            loop.start();
        }
        return server;
    }

    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    public ServerOptions options() {
        return options;
    }

    Handler handler() {
        return handler;
    }

    ExecutorService handlerExecutor() {
        return handlerExecutor;
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    void countRequest() {
        requests.increment();
    }

    /**
     * The idle timeout in force now: the configured one up to 75 % of {@code maxConnections}, then
     * shrinking linearly toward 1 s at the limit (DESIGN.md, adaptive idle timeout).
     */
    long effectiveIdleNanos() {
        return adaptiveIdleNanos(options.idleTimeout().toNanos(), open.get(), options.maxConnections());
    }

    static long adaptiveIdleNanos(long idleNanos, int open, int maxConnections) {
        long threshold = maxConnections * 3L / 4;
        if (open <= threshold) {
            return idleNanos;
        }
        long floor = Math.min(idleNanos, ONE_SECOND);
        double pressure = Math.min(1.0, (double) (open - threshold) / Math.max(1, maxConnections - threshold));
        return idleNanos - (long) ((idleNanos - floor) * pressure);
    }

    /** Whether a connection turning idle now should close to admit one held at the limit (claims it). */
    boolean claimEvictionForWaiting() {
        return evictNextIdle.get() && evictNextIdle.compareAndSet(true, false);
    }

    // ---- accepting (loop 0) ----

    private void acceptReady() {
        while (!shuttingDown && held == null) {
            SocketChannel channel;
            try {
                channel = serverChannel.accept();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "accept_failed", e);
                return;
            }
            if (channel == null) {
                return;
            }
            accepted.increment();
            if (open.get() >= options.maxConnections()) {
                waitForSlot(channel);
                return;
            }
            admit(channel);
        }
    }

    private void admit(SocketChannel channel) {
        open.incrementAndGet();
        EventLoop loop = loops[nextLoop];
        nextLoop = (nextLoop + 1) % loops.length;
        if (loop.inLoop()) {
            register(loop, channel);
        } else {
            loop.execute(() -> register(loop, channel));
        }
    }

    /**
     * At the limit with a connection waiting: hold it (unread) and stop accepting; close the oldest
     * idle connection to make room if there is one, else wait for a busy one to finish.
     */
    private void waitForSlot(SocketChannel channel) {
        held = channel;
        acceptPaused = true;
        if (acceptKey != null && acceptKey.isValid()) {
            acceptKey.interestOps(0);
        }
        EventLoop oldest = null;
        for (EventLoop loop : loops) {
            if (loop.idleCount() > 0 && (oldest == null || loop.oldestIdleSince() < oldest.oldestIdleSince())) {
                oldest = loop;
            }
        }
        if (oldest != null) {
            oldest.execute(oldest::evictOldestIdle);
        } else {
            acceptPauses.increment();
            evictNextIdle.set(true); // the first busy connection to turn idle makes room
        }
        // a connection may have closed between the check and the pause
        slotFreedOrNot();
    }

    /** Called when a slot may be free: admits the held connection and resumes accepting, on loop 0. */
    void slotFreedOrNot() {
        if (acceptPaused && !shuttingDown) {
            loops[0].execute(() -> {
                if (!acceptPaused || open.get() >= options.maxConnections()) {
                    return;
                }
                SocketChannel waiting = held;
                held = null;
                evictNextIdle.set(false);
                if (waiting != null) {
                    admit(waiting);
                }
                if (acceptKey != null && acceptKey.isValid()) {
                    acceptPaused = false;
                    acceptKey.interestOps(SelectionKey.OP_ACCEPT);
                    acceptReady();
                }
            });
        }
    }

    private void register(EventLoop loop, SocketChannel channel) {
        Object peer = null;
        boolean overCap = false;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (options.tcpKeepAlive() != null) {
                options.tcpKeepAlive().applyTo(channel);
            }
            if (options.maxConnectionsPerIp() > 0) {
                InetAddress ip = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
                peer = ip;
                overCap = perIp.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet()
                        > options.maxConnectionsPerIp();
            }
            Connection connection = new Connection(loop, channel, peer, ticker.nanoTime());
            connection.register(channel.register(loop.selector, SelectionKey.OP_READ, connection));
            if (overCap) {
                connection.fail(503, CloseReason.LIMIT, "too many connections from this address");
                connection.flushNow();
            } else if (shuttingDown) {
                connection.onShutdown();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "accept_setup_failed", e);
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            releaseSlot(peer, CloseReason.ERROR);
        }
    }

    void onClosed(Connection connection, CloseReason reason) {
        releaseSlot(connection.peer, reason);
    }

    private void releaseSlot(Object peer, CloseReason reason) {
        closes.get(reason).increment();
        if (peer != null) {
            AtomicInteger n = perIp.get(peer);
            if (n != null && n.decrementAndGet() <= 0) {
                perIp.remove(peer, n);
            }
        }
        int left = open.decrementAndGet();
        if (shuttingDown) {
            if (left == 0) {
                stateLock.lock();
                try {
                    allClosed.signalAll();
                } finally {
                    stateLock.unlock();
                }
            }
        } else {
            slotFreedOrNot();
        }
    }

    // ---- stats ----

    public ServerStats stats() {
        long idle = 0;
        for (EventLoop loop : loops) {
            idle += loop.idleCount();
        }
        long openNow = open.get();
        idle = Math.min(idle, openNow);
        Map<CloseReason, Long> byReason = new EnumMap<>(CloseReason.class);
        for (Map.Entry<CloseReason, LongAdder> e : closes.entrySet()) {
            byReason.put(e.getKey(), e.getValue().sum());
        }
        return new ServerStats(openNow, openNow - idle, idle, accepted.sum(), requests.sum(), acceptPauses.sum(),
                byReason);
    }

    // ---- shutdown ----

    /**
     * Graceful shutdown: stops accepting, closes idle connections at once, lets in-flight requests
     * finish with {@code Connection: close}, and force-closes what is left after the drain timeout.
     * Blocks until done. Returns true when every connection ended before the drain timeout.
     */
    public boolean shutdown() {
        stateLock.lock();
        try {
            if (stopped) {
                return true;
            }
            stopped = true;
        } finally {
            stateLock.unlock();
        }
        shuttingDown = true;
        loops[0].execute(() -> {
            if (acceptKey != null) {
                acceptKey.cancel();
            }
            if (held != null) {
                try {
                    held.close();
                } catch (IOException ignored) {
                    // never served: nothing to drain
                }
                held = null;
                closes.get(CloseReason.SHUTDOWN).increment();
            }
            try {
                serverChannel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        });
        for (EventLoop loop : loops) {
            loop.execute(() -> loop.connections().forEach(Connection::onShutdown));
        }
        boolean clean = awaitClosed(options.drainTimeout().toNanos());
        if (!clean) {
            for (EventLoop loop : loops) {
                loop.execute(() -> loop.connections().forEach(c -> c.close(CloseReason.SHUTDOWN)));
            }
            awaitClosed(TimeUnit.SECONDS.toNanos(5));
        }
        for (EventLoop loop : loops) {
            loop.stop();
        }
        for (EventLoop loop : loops) {
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        handlerExecutor.shutdownNow();
        return clean;
    }

    private boolean awaitClosed(long nanos) {
        stateLock.lock();
        try {
            while (open.get() > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = allClosed.awaitNanos(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            stateLock.unlock();
        }
    }

    @Override
    public void close() {
        shutdown();
    }

    @Override
    public String toString() {
        return "HttpServer[" + address + "]";
    }
}
