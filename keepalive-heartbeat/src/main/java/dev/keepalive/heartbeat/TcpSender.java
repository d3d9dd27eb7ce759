package dev.keepalive.heartbeat;

import dev.keepalive.core.Backoff;
import dev.keepalive.core.Counter;
import dev.keepalive.core.TimerWheel;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The sending half of TCP heartbeats: one persistent connection to one peer, a heartbeat frame every
 * interval, the peer's ACK frames read back for the round trip. The connection is given up when the
 * peer closes it, on an I/O error, or when {@code missedAcks} intervals pass without an ACK (a fixed
 * timeout over the acks: TCP alone would keep retransmitting into a dead peer for ~15 minutes), and
 * re-established after a full-jitter {@link Backoff} delay.
 *
 * <pre>
 *   BACKOFF --timer--> CONNECTING --connected--> CONNECTED --EOF, error, no ack--> BACKOFF
 *      ^                   |                                                          |
 *      \---fail/timeout----/                   any state --close()--> CLOSED          |
 *      \----------------------------------------------------------------------------/
 * </pre>
 *
 * One timer serves every state: the connect deadline, the next send, the backoff wait. Lives on its
 * node's loop thread; its timer task runs there under the node's lock.
 */
final class TcpSender implements Loop.Handler {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.heartbeat");

    enum State { BACKOFF, CONNECTING, CONNECTED, CLOSED }

    final InetSocketAddress address;
    final String id;
    private final TcpHeartbeatNode node;
    private final long intervalNanos;
    private final long ackTimeoutNanos;
    private final long connectTimeoutNanos;
    private final Backoff.Attempts attempts;
    private final TimerWheel.Timer timer = new TimerWheel.Timer(this::onTimer);
    private final ByteBuffer out = ByteBuffer.allocate(8 * 1024); // write mode
    private final ByteBuffer in = ByteBuffer.allocate(4 * 1024); // write mode
    private final Wire.Frame frame = new Wire.Frame();
    private volatile State state = State.BACKOFF;
    private SocketChannel channel;
    private SelectionKey key;
    private long sequence;
    private long lastAck;
    private long nextSend;
    final Counter connects = new Counter();
    final Counter connectFailures = new Counter();
    final Counter disconnects = new Counter();

    TcpSender(TcpHeartbeatNode node, InetSocketAddress address) {
        this.node = node;
        this.address = address;
        this.id = HeartbeatNode.idOf(address);
        HeartbeatOptions o = node.options();
        this.intervalNanos = o.interval().toNanos();
        this.ackTimeoutNanos = intervalNanos * o.missedAcks();
        this.connectTimeoutNanos = o.connectTimeout().toNanos();
        this.attempts = o.reconnect().attempts();
    }

    State state() {
        return state;
    }

    /** Schedules the first connection attempt at once. Caller holds the lock. */
    void start(long now) {
        node.timers().schedule(timer, now);
    }

    // Timer task: loop thread, lock held.
    private void onTimer() {
        long now = node.timers().now();
        switch (state) {
            case BACKOFF -> connect(now);
            case CONNECTING -> fail("connect timed out after " + connectTimeoutNanos / 1_000_000 + " ms", now);
            case CONNECTED -> tick(now);
            case CLOSED -> { }
        }
    }

    private void connect(long now) {
        state = State.CONNECTING;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // a heartbeat must not wait for Nagle
            if (node.options().tcpKeepAlive() != null) {
                node.options().tcpKeepAlive().applyTo(channel);
            }
            boolean connected = channel.connect(address);
            key = node.loop().register(channel, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (connected) {
                onConnected(now);
            } else {
                node.timers().schedule(timer, now + connectTimeoutNanos);
            }
        } catch (IOException | RuntimeException e) {
            fail("connect failed: " + e, now);
        }
    }

    private void onConnected(long now) {
        state = State.CONNECTED;
        connects.increment();
        attempts.onConnected(now);
        lastAck = now;
        out.clear();
        in.clear();
        key.interestOps(SelectionKey.OP_READ);
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "connected node=" + node.id() + " peer=" + id + " attempt=" + attempts.attempt());
        }
        nextSend = now;
        tick(now); // first heartbeat right away
    }

    private void tick(long now) {
        if (now - lastAck >= ackTimeoutNanos) {
            disconnect("no ack for " + (now - lastAck) / 1_000_000 + " ms (" + node.options().missedAcks()
                    + " intervals)", now);
            return;
        }
        if (out.remaining() < Wire.MAX_FRAME) {
            node.sendErrors.increment(); // the peer reads nothing: this heartbeat is skipped, a gap it will see
            sequence++;
        } else {
            Wire.encode(out, Wire.HEARTBEAT, node.incarnation(), sequence++, node.loop().ticker.nanoTime(),
                    node.idBytes());
            node.sent.increment();
            try {
                flush();
            } catch (IOException e) {
                disconnect("write failed: " + e, now);
                return;
            }
        }
        nextSend += intervalNanos;
        if (nextSend - now <= 0) {
            nextSend = now + intervalNanos;
        }
        node.timers().schedule(timer, nextSend);
    }

    private void flush() throws IOException {
        out.flip();
        try {
            channel.write(out);
        } finally {
            out.compact();
        }
        key.interestOps(out.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    // Selector readiness: loop thread, lock not held; take it, the timer task touches the same state.
    @Override
    public void ready(SelectionKey k) throws IOException {
        node.timers().lock.lock();
        try {
            long now = node.loop().ticker.nanoTime();
            if (state == State.CONNECTING && k.isConnectable()) {
                channel.finishConnect(); // throws when refused
                onConnected(now);
                return;
            }
            if (state != State.CONNECTED) {
                return;
            }
            if (k.isWritable()) {
                flush();
            }
            if (k.isReadable()) {
                read(now);
            }
        } finally {
            node.timers().lock.unlock();
        }
    }

    private void read(long now) throws IOException {
        int n = channel.read(in);
        if (n < 0) {
            disconnect("peer closed the connection", now);
            return;
        }
        in.flip();
        int result;
        while ((result = Wire.decode(in, frame)) == Wire.OK) {
            if (frame.type == Wire.ACK) {
                node.acksReceived.increment();
                lastAck = now;
                long rtt = now - frame.timestamp;
                if (frame.incarnation == node.incarnation() && rtt >= 0) {
                    node.monitor().ack(id, rtt);
                }
            }
        }
        in.compact();
        if (result == Wire.MALFORMED) {
            node.malformed.increment();
            disconnect("malformed frame from peer", now);
        }
    }

    @Override
    public void failed(SelectionKey k, Exception e) {
        node.timers().lock.lock();
        try {
            long now = node.loop().ticker.nanoTime();
            if (state == State.CONNECTING) {
                fail("connect failed: " + e, now);
            } else {
                disconnect("I/O error: " + e, now);
            }
        } finally {
            node.timers().lock.unlock();
        }
    }

    private void fail(String why, long now) {
        connectFailures.increment();
        closeChannel();
        backoff(why, now);
    }

    private void disconnect(String why, long now) {
        disconnects.increment();
        attempts.onDisconnected(now);
        closeChannel();
        backoff(why, now);
    }

    private void backoff(String why, long now) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.BACKOFF;
        long delay = attempts.nextDelayNanos();
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "reconnect_scheduled node=" + node.id() + " peer=" + id + " in_ms="
                    + delay / 1_000_000 + " attempt=" + attempts.attempt() + " reason=" + why);
        }
        node.timers().schedule(timer, now + delay);
    }

    private void closeChannel() {
        if (key != null) {
            key.cancel();
            key = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // it is being discarded
            }
            channel = null;
        }
    }

    /** Stops for good. Caller holds the lock. */
    void close() {
        state = State.CLOSED;
        node.timers().cancel(timer);
        closeChannel();
    }
}
