package dev.keepalive.heartbeat;

import dev.keepalive.core.Counter;
import dev.keepalive.core.Ticker;
import dev.keepalive.core.TimerWheel;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Heartbeats over UDP: one socket both sends to every peer and receives, one thread, one timer wheel.
 * Each heartbeat is one small datagram ({@link Wire}); every heartbeat received is answered with an ACK
 * to its source, which gives the sender a round-trip time. Loss and reordering are expected: a late
 * heartbeat still counts, a duplicate is ignored, and sequence gaps are counted per peer
 * ({@link PeerStatus#lost()}).
 *
 * <p>A heartbeat is attributed to the watched peer whose id it carries, or else to the watched peer
 * whose address it came from (a node bound to a wildcard address has an id nobody else knows).
 *
 * <p>Sends to one peer are strictly periodic, so the detector sees the network's jitter and no more. To
 * keep a node's peers (and nodes started together) from firing in the same millisecond, each peer's
 * schedule is shifted once by a random phase of up to 10 % of an interval.
 *
 * <pre>
 *   start() --> RUNNING: every interval, per peer: HEARTBEAT(seq++) --> peer;  peer --> ACK (rtt)
 *                        heartbeat from a peer: monitor.heartbeat(), ACK back
 *           --close()--> CLOSED
 * </pre>
 */
public final class UdpHeartbeatNode implements HeartbeatNode {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.heartbeat");
    private static final int READS_PER_WAKEUP = 64; // then let timers run: a flood must not starve checks

    /** One peer we send to; guarded by the timers' lock. */
    private final class Target {
        final InetSocketAddress address;
        final String id;
        final TimerWheel.Timer sendTimer = new TimerWheel.Timer(() -> send(this));
        long sequence;
        long nextSend;

        Target(InetSocketAddress address) {
            this.address = address;
            this.id = HeartbeatNode.idOf(address);
        }
    }

    private final HeartbeatOptions options;
    private final Ticker ticker;
    private final HeartbeatMonitor monitor;
    private final Timers timers;
    private final Loop loop;
    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;
    private final String id;
    private final byte[] idBytes;
    private final int incarnation;
    private final long intervalNanos;
    private final Map<String, Target> targets = new HashMap<>();
    private final Map<SocketAddress, Target> byAddress = new HashMap<>();
    private final ByteBuffer out = ByteBuffer.allocate(Wire.MAX_FRAME);
    private final ByteBuffer in = ByteBuffer.allocate(2048);
    private final Wire.Frame frame = new Wire.Frame();
    private final Counter sent = new Counter();
    private final Counter received = new Counter();
    private final Counter acksSent = new Counter();
    private final Counter acksReceived = new Counter();
    private final Counter malformed = new Counter();
    private final Counter unknownSenders = new Counter();
    private final Counter sendErrors = new Counter();

    private UdpHeartbeatNode(HeartbeatOptions options, InetSocketAddress bind, HeartbeatListener listener,
            Ticker ticker) throws IOException {
        this.options = options;
        this.ticker = ticker;
        this.timers = new Timers(options.timerTick(), ticker.nanoTime());
        this.monitor = new HeartbeatMonitor(options, listener, timers);
        this.intervalNanos = options.interval().toNanos();
        this.incarnation = ThreadLocalRandom.current().nextInt();
        DatagramChannel ch = DatagramChannel.open();
        try {
            // no SO_REUSEADDR: on Linux two UDP sockets with it may share a port, and one would go deaf
            ch.bind(bind);
            ch.configureBlocking(false);
            this.localAddress = (InetSocketAddress) ch.getLocalAddress();
            this.id = options.id() != null ? options.id() : HeartbeatNode.idOf(localAddress);
            this.idBytes = Wire.idBytes(id);
            this.loop = new Loop("kal-heartbeat-udp-" + localAddress.getPort(), ticker, timers);
            loop.register(ch, SelectionKey.OP_READ, new Loop.Handler() {
                @Override
                public void ready(SelectionKey key) throws IOException {
                    receive();
                }

                @Override
                public void failed(SelectionKey key, Exception e) {
                    // a datagram socket survives a bad datagram; only log, and keep reading
                    if (LOG.isLoggable(Level.WARNING)) {
                        LOG.log(Level.WARNING, "receive_failed node=" + id, e);
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        this.channel = ch;
    }

    /** Binds {@code bind}, starts the thread, and sends to and watches {@code peers}. */
    public static UdpHeartbeatNode start(HeartbeatOptions options, InetSocketAddress bind,
            Collection<InetSocketAddress> peers, HeartbeatListener listener) throws IOException {
        return start(options, bind, peers, listener, Ticker.system());
    }

    public static UdpHeartbeatNode start(HeartbeatOptions options, InetSocketAddress bind,
            Collection<InetSocketAddress> peers, HeartbeatListener listener, Ticker ticker) throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        UdpHeartbeatNode node = new UdpHeartbeatNode(options, bind, listener, ticker);
        return HeartbeatNodes.started(node, peers, node.loop);
    }

    @Override
    public String addPeer(InetSocketAddress peer) {
        Target target = new Target(peer);
        timers.lock.lock();
        try {
            if (targets.containsKey(target.id)) {
                return target.id;
            }
            targets.put(target.id, target);
            byAddress.put(peer, target);
            monitor.addPeer(target.id);
            long now = ticker.nanoTime();
            // first heartbeat at once (the peer learns of us quickly), then on a phase of its own
            target.nextSend = now;
            timers.schedule(target.sendTimer, now);
        } finally {
            timers.lock.unlock();
        }
        loop.wakeup();
        return target.id;
    }

    @Override
    public boolean removePeer(InetSocketAddress peer) {
        timers.lock.lock();
        try {
            Target target = targets.remove(HeartbeatNode.idOf(peer));
            if (target == null) {
                return false;
            }
            byAddress.remove(target.address);
            timers.cancel(target.sendTimer);
            monitor.removePeer(target.id);
            return true;
        } finally {
            timers.lock.unlock();
        }
    }

    // On the loop thread, inside Timers.advance (lock held).
    private void send(Target target) {
        long now = timers.now();
        out.clear();
        Wire.encode(out, Wire.HEARTBEAT, incarnation, target.sequence++, ticker.nanoTime(), idBytes);
        out.flip();
        try {
            if (channel.send(out, target.address) == 0) {
                sendErrors.increment(); // no room in the socket buffer: the datagram is lost, like any other
            } else {
                sent.increment();
            }
        } catch (IOException | RuntimeException e) { // a task must not throw out of the wheel
            sendErrors.increment();
            if (LOG.isLoggable(Level.DEBUG)) {
                LOG.log(Level.DEBUG, "send_failed node=" + id + " peer=" + target.id + ": " + e);
            }
        }
        if (target.sequence == 1) {
            target.nextSend = now + intervalNanos - ThreadLocalRandom.current().nextLong(intervalNanos / 10 + 1);
        } else {
            target.nextSend += intervalNanos;
            if (target.nextSend - now <= 0) { // we were paused for a whole interval: don't send a burst
                target.nextSend = now + intervalNanos;
            }
        }
        timers.schedule(target.sendTimer, target.nextSend);
    }

    // On the loop thread.
    private void receive() throws IOException {
        for (int i = 0; i < READS_PER_WAKEUP; i++) {
            in.clear();
            SocketAddress source = channel.receive(in);
            if (source == null) {
                return;
            }
            long now = ticker.nanoTime();
            in.flip();
            if (Wire.decode(in, frame) != Wire.OK || in.hasRemaining()) {
                malformed.increment();
                if (LOG.isLoggable(Level.DEBUG)) {
                    LOG.log(Level.DEBUG, "malformed_datagram node=" + id + " from=" + source + " bytes=" + in.limit());
                }
                continue;
            }
            if (frame.type == Wire.HEARTBEAT) {
                onHeartbeat(source, now);
            } else {
                onAck(source, now);
            }
        }
    }

    private void onHeartbeat(SocketAddress source, long now) throws IOException {
        received.increment();
        String sender = frame.id();
        timers.lock.lock();
        try {
            if (!monitor.heartbeat(sender, frame.incarnation, frame.sequence, now)) {
                Target target = byAddress.get(source);
                if (target == null || !monitor.heartbeat(target.id, frame.incarnation, frame.sequence, now)) {
                    unknownSenders.increment();
                    if (LOG.isLoggable(Level.DEBUG)) {
                        LOG.log(Level.DEBUG, "unknown_sender node=" + id + " sender=" + sender + " from=" + source);
                    }
                }
            }
        } finally {
            timers.lock.unlock();
        }
        out.clear();
        Wire.encode(out, Wire.ACK, frame.incarnation, frame.sequence, frame.timestamp, idBytes);
        out.flip();
        if (channel.send(out, source) == 0) {
            sendErrors.increment();
        } else {
            acksSent.increment();
        }
    }

    private void onAck(SocketAddress source, long now) {
        acksReceived.increment();
        long rtt = now - frame.timestamp;
        if (frame.incarnation != incarnation || rtt < 0) {
            return; // an answer to a previous life of this node, or garbage: no round trip to learn
        }
        String acker = frame.id();
        timers.lock.lock();
        try {
            Target target = targets.get(acker);
            if (target == null) {
                target = byAddress.get(source);
            }
            if (target != null) {
                monitor.ack(target.id, rtt);
            }
        } finally {
            timers.lock.unlock();
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public HeartbeatMonitor monitor() {
        return monitor;
    }

    public HeartbeatOptions options() {
        return options;
    }

    @Override
    public TransportStats stats() {
        return new TransportStats(sent.get(), received.get(), acksSent.get(), acksReceived.get(), malformed.get(),
                unknownSenders.get(), sendErrors.get(), 0, 0, 0);
    }

    @Override
    public void close() {
        loop.close();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing to do about it
        }
    }

    @Override
    public String toString() {
        return "UdpHeartbeatNode[" + id + " on " + localAddress + "]";
    }
}
