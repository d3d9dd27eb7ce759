package dev.keepalive.cli;

import dev.keepalive.core.Ticker;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The TCP proxy of {@code kal proxy}: one virtual thread accepts, each {@link Flow} forwards its two
 * directions on two virtual threads, and one more drops idle flows. The faults ({@link ProxyOptions}) are
 * one volatile record, swapped by {@link #update}; pumps read it per chunk, so a change applies
 * mid-connection.
 */
final class FaultProxy implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.cli");
    private static final long CONNECT_TIMEOUT_MS = 5_000;

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled on every options change and on close: wakes held pumps and the idle checker. */
    private final Condition changed = lock.newCondition();
    private final Set<Flow> flows = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong upstreamFailures = new AtomicLong();
    private volatile ProxyOptions options;
    private volatile boolean closed;

    private FaultProxy(ServerSocket server, InetSocketAddress upstream, ProxyOptions options, Ticker ticker) {
        this.server = server;
        this.upstream = upstream;
        this.options = options;
        this.ticker = ticker;
    }

    /** Listens on {@code listen} (port 0 picks one) and forwards every accepted connection to {@code upstream}. */
    static FaultProxy start(InetSocketAddress listen, InetSocketAddress upstream, ProxyOptions options)
            throws IOException {
        return start(listen, upstream, options, Ticker.system());
    }

    /** As {@link #start(InetSocketAddress, InetSocketAddress, ProxyOptions)}, idle times read from {@code ticker}. */
    static FaultProxy start(InetSocketAddress listen, InetSocketAddress upstream, ProxyOptions options, Ticker ticker)
            throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(listen);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        FaultProxy proxy = new FaultProxy(server, upstream, options, ticker);
        Thread.ofVirtual().name("kal-proxy-accept").start(proxy::acceptLoop);
        Thread.ofVirtual().name("kal-proxy-idle").start(proxy::idleLoop);
        return proxy;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    int port() {
        return server.getLocalPort();
    }

    InetSocketAddress upstream() {
        return upstream;
    }

    ProxyOptions options() {
        return options;
    }

    Ticker ticker() {
        return ticker;
    }

    long accepted() {
        return accepted.get();
    }

    long upstreamFailures() {
        return upstreamFailures.get();
    }

    /** Applies {@code change} to the faults; held pumps and the idle checker see the result at once. */
    ProxyOptions update(UnaryOperator<ProxyOptions> change) {
        lock.lock();
        try {
            options = change.apply(options);
            changed.signalAll();
            if (LOG.isLoggable(System.Logger.Level.INFO)) {
                LOG.log(System.Logger.Level.INFO, "proxy_options " + options.describe());
            }
            return options;
        } finally {
            lock.unlock();
        }
    }

    /** Open flows, oldest first. */
    List<Flow> flows() {
        List<Flow> list = new ArrayList<>(flows);
        list.sort(Comparator.comparingLong(Flow::id));
        return list;
    }

    /** RST on every flow; returns how many. */
    int resetAll() {
        int n = 0;
        for (Flow f : flows()) {
            f.reset();
            n++;
        }
        return n;
    }

    /**
     * Every flow that still forwards stops forwarding forever, with no FIN and no RST, as if a NAT had
     * forgotten them all at once; connections opened afterwards pass. Returns how many.
     */
    int dropAll() {
        int n = 0;
        long now = ticker.nanoTime();
        for (Flow f : flows()) {
            if (f.isForwarding()) {
                f.drop(f.idleNanos(now));
                n++;
            }
        }
        return n;
    }

    /** FIN on every flow (both sides); returns how many. */
    int closeAll() {
        int n = 0;
        for (Flow f : flows()) {
            f.close();
            n++;
        }
        return n;
    }

    void removed(Flow flow) {
        flows.remove(flow);
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks while the blackhole is on (and the flow still forwards): data stays where it is, as in a
     * network that stopped delivering, and flows again when it is turned off.
     */
    void awaitPassable(Flow flow) throws InterruptedIOException {
        if (!options.blackhole()) {
            return;
        }
        lock.lock();
        try {
            while (options.blackhole() && !closed && flow.isForwarding()) {
                changed.await(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while blackholed");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops every flow idle for the idle-drop time at {@code nowNanos}; returns the nanoseconds until the
     * next flow could become due (rechecking for the remaining time rather than polling).
     */
    long dropIdle(long nowNanos) {
        long idle = options.idleDrop().toNanos();
        if (idle == 0) {
            return TimeUnit.SECONDS.toNanos(1);
        }
        long next = idle;
        for (Flow f : flows) {
            if (!f.isForwarding()) {
                continue;
            }
            long idleFor = nowNanos - f.lastActiveNanos();
            if (idleFor >= idle) {
                f.drop(idleFor);
            } else {
                next = Math.min(next, idle - idleFor);
            }
        }
        return Math.max(next, TimeUnit.MILLISECONDS.toNanos(1));
    }

    private void idleLoop() {
        while (!closed) {
            long delay = dropIdle(ticker.nanoTime());
            lock.lock();
            try {
                if (!closed) {
                    changed.awaitNanos(delay);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed && LOG.isLoggable(System.Logger.Level.WARNING)) {
                    LOG.log(System.Logger.Level.WARNING, "proxy_accept_failed " + Problems.oneLine(e));
                }
                continue;
            }
            accepted.incrementAndGet();
            long id = ids.incrementAndGet(); // numbered in accept order, before the upstream connect races
            Thread.ofVirtual().name("kal-proxy-connect").start(() -> connect(client, id));
        }
    }

    private void connect(Socket client, long id) {
        Socket up = new Socket();
        try {
            client.setTcpNoDelay(true);
            up.setTcpNoDelay(true);
            up.connect(upstream, (int) CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            upstreamFailures.incrementAndGet();
            if (LOG.isLoggable(System.Logger.Level.WARNING)) {
                LOG.log(System.Logger.Level.WARNING, "proxy_upstream_failed " + upstream + ": " + Problems.oneLine(e));
            }
            Flow.abort(client);
            Flow.abort(up);
            return;
        }
        Flow flow = new Flow(id, client, up, this);
        flows.add(flow);
        if (closed) {
            flow.reset();
            return;
        }
        flow.start();
    }

    /** Stops accepting and resets every flow. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        resetAll();
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
