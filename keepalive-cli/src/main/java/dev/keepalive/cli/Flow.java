package dev.keepalive.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One proxied connection: a client socket, an upstream socket, and a pump per direction on a virtual thread.
 * <pre>
 *            idle-drop                 reset / close / limit-data / both FINs / I/O error
 *   OPEN ──────────────▶ DROPPED          │
 *    │                     │ reset / close ▼
 *    └─────────────────────┴──────────▶ CLOSED
 * </pre>
 * A DROPPED flow keeps both sockets open and forwards nothing ever again, FIN and RST included: what a NAT
 * that forgot the flow looks like from both ends.
 */
final class Flow {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.cli");
    private static final int CHUNK = 16 * 1024;

    enum State { OPEN, DROPPED, CLOSED }

    private final long id;
    private final Socket client;
    private final Socket upstream;
    private final FaultProxy proxy;
    private final long startNanos;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    /** Bytes both ways claimed before they are written, so that --limit-data counts each byte exactly once. */
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicInteger finsForwarded = new AtomicInteger();
    private volatile long lastActiveNanos;

    Flow(long id, Socket client, Socket upstream, FaultProxy proxy) {
        this.id = id;
        this.client = client;
        this.upstream = upstream;
        this.proxy = proxy;
        this.startNanos = proxy.ticker().nanoTime();
        this.lastActiveNanos = startNanos;
    }

    void start() {
        Thread.ofVirtual().name("kal-proxy-up-" + id).start(() -> pump(client, upstream, bytesUp));
        Thread.ofVirtual().name("kal-proxy-down-" + id).start(() -> pump(upstream, client, bytesDown));
    }

    long id() {
        return id;
    }

    State state() {
        return state.get();
    }

    boolean isForwarding() {
        return state.get() == State.OPEN;
    }

    long lastActiveNanos() {
        return lastActiveNanos;
    }

    long bytesUp() {
        return bytesUp.get();
    }

    long bytesDown() {
        return bytesDown.get();
    }

    InetSocketAddress clientAddress() {
        return (InetSocketAddress) client.getRemoteSocketAddress();
    }

    long ageNanos(long nowNanos) {
        return nowNanos - startNanos;
    }

    long idleNanos(long nowNanos) {
        return nowNanos - lastActiveNanos;
    }

    /** Stops forwarding forever without closing anything. */
    void drop(long idleForNanos) {
        if (state.compareAndSet(State.OPEN, State.DROPPED) && LOG.isLoggable(System.Logger.Level.INFO)) {
            LOG.log(System.Logger.Level.INFO, "proxy_idle_drop flow=" + id + " idle_ms="
                    + TimeUnit.NANOSECONDS.toMillis(idleForNanos));
        }
    }

    /** RST to both sides: SO_LINGER 0, then close. */
    void reset() {
        if (state.getAndSet(State.CLOSED) != State.CLOSED) {
            abort(client);
            abort(upstream);
            proxy.removed(this);
        }
    }

    /** FIN to both sides. */
    void close() {
        if (state.getAndSet(State.CLOSED) != State.CLOSED) {
            finish();
        }
    }

    private void finish() {
        shutdownOutput(client);
        shutdownOutput(upstream);
        quietClose(client);
        quietClose(upstream);
        proxy.removed(this);
    }

    private void pump(Socket from, Socket to, AtomicLong counter) {
        byte[] buf = new byte[CHUNK];
        long paceStart = 0;
        long paced = 0;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                proxy.awaitPassable(this);
                ProxyOptions o = proxy.options();
                int want = o.bandwidth() == 0 ? CHUNK : (int) Math.max(1, Math.min(CHUNK, o.bandwidth() / 20));
                int n = in.read(buf, 0, want);
                long now = proxy.ticker().nanoTime();
                // The idle checker may not have run yet: the first packet after the idle time is dropped too.
                long idle = proxy.options().idleDrop().toNanos();
                if (idle > 0 && now - lastActiveNanos >= idle) {
                    drop(now - lastActiveNanos);
                }
                State s = state.get();
                if (s == State.CLOSED) {
                    return;
                }
                if (s == State.DROPPED) {
                    if (n < 0) {
                        return; // the FIN is lost too
                    }
                    continue;
                }
                if (n < 0) {
                    forwardFin(to);
                    return;
                }
                lastActiveNanos = now;
                proxy.awaitPassable(this); // the blackhole went on while we were reading: hold this chunk
                o = proxy.options();
                long delay = o.latency().toNanos()
                        + (o.jitter().isZero() ? 0 : ThreadLocalRandom.current().nextLong(o.jitter().toNanos() + 1));
                if (delay > 0) {
                    Thread.sleep(Duration.ofNanos(delay));
                }
                if (state.get() != State.OPEN) {
                    continue;
                }
                boolean limitReached = false;
                // claimed before writing: the echo of these bytes, pumped the other way, sees them counted
                long carried = claimed.getAndAdd(n);
                if (o.limitData() > 0) {
                    long left = o.limitData() - carried;
                    if (left <= n) {
                        n = (int) Math.max(0, left);
                        limitReached = true;
                    }
                }
                out.write(buf, 0, n);
                counter.addAndGet(n);
                if (limitReached) {
                    if (LOG.isLoggable(System.Logger.Level.INFO)) {
                        LOG.log(System.Logger.Level.INFO, "proxy_limit_data flow=" + id + " bytes=" + o.limitData());
                    }
                    sleepSlowClose();
                    close();
                    return;
                }
                if (o.bandwidth() > 0) {
                    long t = proxy.ticker().nanoTime();
                    if (paced == 0 || t - paceStart > TimeUnit.SECONDS.toNanos(1) + paced * 1_000_000_000L / o.bandwidth()) {
                        paceStart = t; // after a pause, no burst of saved-up credit
                        paced = 0;
                    }
                    paced += n;
                    long due = paceStart + paced * 1_000_000_000L / o.bandwidth();
                    if (due > t) {
                        Thread.sleep(Duration.ofNanos(due - t));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reset();
        } catch (IOException e) {
            if (state.get() == State.OPEN) {
                // A side reset or failed: pass the abort on rather than pretend an orderly close.
                if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                    LOG.log(System.Logger.Level.DEBUG, "proxy_flow_error flow=" + id + " " + Problems.oneLine(e));
                }
                reset();
            }
        }
    }

    private void forwardFin(Socket to) throws InterruptedException {
        sleepSlowClose();
        if (state.get() != State.OPEN) {
            return;
        }
        shutdownOutput(to);
        if (finsForwarded.incrementAndGet() == 2 && state.compareAndSet(State.OPEN, State.CLOSED)) {
            quietClose(client);
            quietClose(upstream);
            proxy.removed(this);
        }
    }

    private void sleepSlowClose() throws InterruptedException {
        Duration slow = proxy.options().slowClose();
        if (!slow.isZero()) {
            Thread.sleep(slow);
        }
    }

    static void abort(Socket s) {
        try {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            // closing anyway
        }
        quietClose(s);
    }

    private static void shutdownOutput(Socket s) {
        try {
            if (!s.isClosed() && !s.isOutputShutdown()) {
                s.shutdownOutput();
            }
        } catch (IOException e) {
            // the peer is gone already
        }
    }

    private static void quietClose(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
