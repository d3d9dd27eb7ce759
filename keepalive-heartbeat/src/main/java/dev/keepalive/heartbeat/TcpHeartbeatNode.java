package dev.keepalive.heartbeat;

import dev.keepalive.core.Counter;
import dev.keepalive.core.Ticker;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Heartbeats over TCP, one persistent connection per direction and peer. As a <em>sender</em> the node
 * keeps a connection to each peer and writes a heartbeat frame every interval ({@link TcpSender}:
 * reconnects with backoff). As a <em>monitor</em> it accepts connections, feeds each heartbeat frame to
 * its {@link HeartbeatMonitor} and writes an ACK frame back. Same frames as UDP ({@link Wire}).
 *
 * <p>A sender that connects is watched under the id its frames carry, whether or not it was configured
 * as a peer, so a node with no peers is a pure monitor. Such discovered senders are bounded
 * ({@link HeartbeatMonitor#discoverPeer}): beyond {@link HeartbeatOptions#maxDiscoveredPeers()} a sender is
 * acknowledged but not watched, counted in {@link TransportStats#unknownSenders()} and logged
 * ({@code peer_refused}, WARNING) once per connection and at most once per 10 s node-wide;
 * it is watched as soon as a place frees up. A closed connection is not a verdict: the
 * detector decides, and a sender that reconnects in time is never suspected. A second connection with
 * the same sender id replaces the first.
 *
 * <pre>
 *   inbound connection:  OPEN --first frame--> BOUND to sender id --EOF, error, replaced--> CLOSED
 * </pre>
 */
public final class TcpHeartbeatNode implements HeartbeatNode {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.heartbeat");
    static final int REFUSED_LOG_SECONDS = 10;

    /** The connection state of the sender half towards one peer. */
    public enum SenderState { BACKOFF, CONNECTING, CONNECTED, CLOSED }

    private final HeartbeatOptions options;
    private final Timers timers;
    private final HeartbeatMonitor monitor;
    private final Loop loop;
    private final ServerSocketChannel server;
    private final InetSocketAddress localAddress;
    private final String id;
    private final byte[] idBytes;
    private final int incarnation = ThreadLocalRandom.current().nextInt();
    private final Map<String, TcpSender> senders = new LinkedHashMap<>();
    private final Map<String, Inbound> inbound = new HashMap<>();
    final Counter sent = new Counter();
    final Counter received = new Counter();
    final Counter acksSent = new Counter();
    final Counter acksReceived = new Counter();
    final Counter malformed = new Counter();
    final Counter sendErrors = new Counter();
    private final Counter accepted = new Counter();
    private final Counter inboundClosed = new Counter();
    private final Counter unknownSenders = new Counter();
    private boolean refusedLogged;     // loop thread only: a peer_refused line was written...
    private long refusedLoggedAt;      // ...at this time
    private long refusedNotLogged;     // refused connections since then, not logged

    private TcpHeartbeatNode(HeartbeatOptions options, InetSocketAddress bind, HeartbeatListener listener,
            Ticker ticker) throws IOException {
        this.options = options;
        this.timers = new Timers(options.timerTick(), ticker.nanoTime());
        this.monitor = new HeartbeatMonitor(options, listener, timers);
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(bind);
            ch.configureBlocking(false);
            this.localAddress = (InetSocketAddress) ch.getLocalAddress();
            this.id = options.id() != null ? options.id() : HeartbeatNode.idOf(localAddress);
            this.idBytes = Wire.idBytes(id);
            this.loop = new Loop("kal-heartbeat-tcp-" + localAddress.getPort(), ticker, timers);
            loop.register(ch, SelectionKey.OP_ACCEPT, new Loop.Handler() {
                @Override
                public void ready(SelectionKey key) throws IOException {
                    accept();
                }

                @Override
                public void failed(SelectionKey key, Exception e) {
                    if (LOG.isLoggable(Level.WARNING)) { // e.g. out of file descriptors: keep the listener
                        LOG.log(Level.WARNING, "accept_failed node=" + id, e);
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        this.server = ch;
    }

    /** Listens on {@code bind}, starts the thread, connects to {@code peers} and watches them. */
    public static TcpHeartbeatNode start(HeartbeatOptions options, InetSocketAddress bind,
            Collection<InetSocketAddress> peers, HeartbeatListener listener) throws IOException {
        return start(options, bind, peers, listener, Ticker.system());
    }

    public static TcpHeartbeatNode start(HeartbeatOptions options, InetSocketAddress bind,
            Collection<InetSocketAddress> peers, HeartbeatListener listener, Ticker ticker) throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        TcpHeartbeatNode node = new TcpHeartbeatNode(options, bind, listener, ticker);
        return HeartbeatNodes.started(node, peers, node.loop);
    }

    @Override
    public String addPeer(InetSocketAddress peer) {
        String peerId = HeartbeatNode.idOf(peer);
        timers.lock.lock();
        try {
            if (!senders.containsKey(peerId)) {
                TcpSender sender = new TcpSender(this, peer);
                senders.put(peerId, sender);
                monitor.addPeer(peerId);
                sender.start(loop.ticker.nanoTime());
            }
        } finally {
            timers.lock.unlock();
        }
        loop.wakeup();
        return peerId;
    }

    @Override
    public boolean removePeer(InetSocketAddress peer) {
        timers.lock.lock();
        try {
            TcpSender sender = senders.remove(HeartbeatNode.idOf(peer));
            if (sender == null) {
                return false;
            }
            sender.close();
            monitor.removePeer(sender.id);
            return true;
        } finally {
            timers.lock.unlock();
        }
    }

    /** The state of the connection towards {@code peer}, or null if it is not a peer. */
    public SenderState senderState(InetSocketAddress peer) {
        timers.lock.lock();
        try {
            TcpSender sender = senders.get(HeartbeatNode.idOf(peer));
            return sender == null ? null : SenderState.valueOf(sender.state().name());
        } finally {
            timers.lock.unlock();
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (options.tcpKeepAlive() != null) {
                    options.tcpKeepAlive().applyTo(ch);
                }
                Inbound connection = new Inbound(ch);
                connection.key = loop.register(ch, SelectionKey.OP_READ, connection);
                accepted.increment();
            } catch (IOException e) {
                ch.close();
            }
        }
    }

    /** One accepted connection: heartbeat frames in, ACK frames out. Loop thread only. */
    private final class Inbound implements Loop.Handler {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(4 * 1024);
        final ByteBuffer out = ByteBuffer.allocate(8 * 1024);
        final Wire.Frame frame = new Wire.Frame();
        SelectionKey key;
        String sender;
        boolean refusalSeen; // for the current sender: log a refusal once per connection and sender

        Inbound(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void ready(SelectionKey k) throws IOException {
            if (k.isWritable()) {
                flush();
            }
            if (k.isReadable() && channel.read(in) < 0) {
                close("peer closed the connection");
                return;
            }
            in.flip();
            int result;
            long now = loop.ticker.nanoTime();
            while ((result = Wire.decode(in, frame)) == Wire.OK) {
                if (frame.type == Wire.HEARTBEAT) {
                    onHeartbeat(now);
                }
            }
            in.compact();
            if (result == Wire.MALFORMED) {
                malformed.increment();
                close("malformed frame");
                return;
            }
            flush();
        }

        private void onHeartbeat(long now) {
            received.increment();
            String frameSender = frame.id();
            if (!frameSender.equals(sender)) {
                bind(frameSender);
            }
            boolean watched;
            timers.lock.lock();
            try {
                // watched from its first frame, configured or not, while there is room
                watched = monitor.discoverPeer(sender, now);
                if (watched) {
                    monitor.heartbeat(sender, frame.incarnation, frame.sequence, now);
                }
            } finally {
                timers.lock.unlock();
            }
            if (!watched) {
                refused(now);
            }
            if (out.remaining() < Wire.MAX_FRAME) {
                sendErrors.increment(); // the sender does not read its acks; it will time out and reconnect
                return;
            }
            Wire.encode(out, Wire.ACK, frame.incarnation, frame.sequence, frame.timestamp, idBytes);
            acksSent.increment();
        }

        // Acknowledged all the same: the sender is healthy, only our table is full.
        private void refused(long now) {
            unknownSenders.increment();
            if (refusalSeen) {
                return;
            }
            refusalSeen = true;
            if (refusedLogged && now - refusedLoggedAt < REFUSED_LOG_SECONDS * 1_000_000_000L) {
                refusedNotLogged++;
                return;
            }
            if (LOG.isLoggable(Level.WARNING)) {
                LOG.log(Level.WARNING, "peer_refused node=" + id + " sender=" + printable(sender)
                        + " from=" + remote() + " maxDiscoveredPeers=" + options.maxDiscoveredPeers()
                        + " reached: acknowledged, not watched (" + refusedNotLogged
                        + " other refused connections not logged)");
            }
            refusedLogged = true;
            refusedLoggedAt = now;
            refusedNotLogged = 0;
        }

        private String remote() {
            try {
                return String.valueOf(channel.getRemoteAddress());
            } catch (IOException e) {
                return "?";
            }
        }

        private void bind(String newSender) {
            refusalSeen = false;
            if (sender != null) {
                inbound.remove(sender, this);
            }
            sender = newSender;
            Inbound previous = inbound.put(sender, this);
            if (previous != null && previous != this) {
                previous.close("replaced by a new connection from the same sender");
            }
        }

        private void flush() throws IOException {
            out.flip();
            try {
                channel.write(out);
            } finally {
                out.compact();
            }
            if (key.isValid()) {
                key.interestOps(out.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                        : SelectionKey.OP_READ);
            }
        }

        @Override
        public void failed(SelectionKey k, Exception e) {
            close("I/O error: " + e);
        }

        void close(String why) {
            if (!channel.isOpen()) {
                return;
            }
            inboundClosed.increment();
            if (sender != null) {
                inbound.remove(sender, this);
            }
            Loop.closeQuietly(key);
            if (LOG.isLoggable(Level.DEBUG)) {
                LOG.log(Level.DEBUG, "connection_closed node=" + id + " sender=" + sender + " reason=" + why);
            }
        }
    }

    /** An untrusted id as one log line: control characters escaped. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    HeartbeatOptions options() {
        return options;
    }

    Timers timers() {
        return timers;
    }

    Loop loop() {
        return loop;
    }

    int incarnation() {
        return incarnation;
    }

    byte[] idBytes() {
        return idBytes;
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

    @Override
    public TransportStats stats() {
        long connects = 0;
        long failures = 0;
        long disconnects = inboundClosed.get();
        timers.lock.lock();
        try {
            for (TcpSender s : senders.values()) {
                connects += s.connects.get();
                failures += s.connectFailures.get();
                disconnects += s.disconnects.get();
            }
        } finally {
            timers.lock.unlock();
        }
        return new TransportStats(sent.get(), received.get(), acksSent.get(), acksReceived.get(), malformed.get(),
                unknownSenders.get(), sendErrors.get(), connects + accepted.get(), failures, disconnects);
    }

    @Override
    public void close() {
        timers.lock.lock();
        try {
            for (TcpSender s : senders.values()) {
                s.close();
            }
        } finally {
            timers.lock.unlock();
        }
        loop.close();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing: nothing to do about it
        }
    }

    @Override
    public String toString() {
        return "TcpHeartbeatNode[" + id + " on " + localAddress + "]";
    }
}
