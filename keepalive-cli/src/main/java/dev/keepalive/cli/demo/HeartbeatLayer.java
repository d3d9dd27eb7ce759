package dev.keepalive.cli.demo;

import dev.keepalive.cli.FaultProxyHandle;
import dev.keepalive.core.Backoff;
import dev.keepalive.core.Liveness;
import dev.keepalive.heartbeat.HeartbeatEvent;
import dev.keepalive.heartbeat.HeartbeatNode;
import dev.keepalive.heartbeat.HeartbeatOptions;
import dev.keepalive.heartbeat.PeerStatus;
import dev.keepalive.heartbeat.TcpHeartbeatNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heartbeats with a phi accrual detector: two {@link TcpHeartbeatNode}s beating every 100 ms; node-b reaches
 * node-a's monitor through the fault proxy, node-a reaches node-b directly, so one direction can be faulted
 * while the other stays healthy for contrast. node-b's sender gives its connection up after 10 intervals
 * without an ack (1 s) and reconnects.
 *
 * <p>Detection: phi of node-b at node-a reaches the threshold, or node-b's sender loses its connection.
 * Recovery: node-b's heartbeats arrive again and it is no longer suspected.
 */
final class HeartbeatLayer implements Layer {
    static final Duration INTERVAL = Duration.ofMillis(100);
    static final int MISSED_ACKS = 10;
    /** Phi history: one sample (the highest phi seen) per 500 ms, a minute of them, capped for display. */
    static final int HISTORY = 120;
    static final double HISTORY_CAP = 16;

    private final LayerState state;
    private final Timeline timeline;
    private final TcpHeartbeatNode nodeA;
    private final TcpHeartbeatNode nodeB;
    private final FaultProxyHandle proxy;
    private final ProxyFaults faults;
    private final String viaProxyId;
    private final Peer peerB = new Peer("node-b");
    private final Peer peerA = new Peer("node-a");
    private final AtomicLong lastDisconnects = new AtomicLong();

    /** One direction: the peer as its monitor sees it, with its phi history. */
    private static final class Peer {
        final String id;
        final Samples history = new Samples(HISTORY);
        volatile double windowMax;
        volatile PeerStatus status;

        Peer(String id) {
            this.id = id;
        }

        void observe(PeerStatus s) {
            status = s;
            if (s != null) {
                windowMax = Math.max(windowMax, s.suspicion());
            }
        }

        void sample() {
            history.add(Math.min(HISTORY_CAP, windowMax));
            PeerStatus s = status;
            windowMax = s == null ? 0 : s.suspicion();
        }
    }

    HeartbeatLayer(String host, Timeline timeline) throws IOException {
        this.timeline = timeline;
        HeartbeatOptions base = HeartbeatOptions.builder().interval(INTERVAL).missedAcks(MISSED_ACKS)
                .connectTimeout(Duration.ofSeconds(1)).tcpKeepAlive(null)
                .reconnect(Backoff.of(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(5))).build();
        this.state = new LayerState("heartbeat", "Heartbeat · phi accrual", "interval " + INTERVAL.toMillis()
                + " ms · phi threshold 8 · min std dev 100 ms · sender gives up after " + MISSED_ACKS
                + " missed acks", timeline);
        this.nodeA = TcpHeartbeatNode.start(base.toBuilder().id("node-a").build(), new InetSocketAddress(host, 0),
                List.of(), this::onNodeAEvent, timeline.ticker());
        FaultProxyHandle p = null;
        TcpHeartbeatNode b = null;
        try {
            p = FaultProxyHandle.start(host, nodeA.localAddress());
            b = TcpHeartbeatNode.start(base.toBuilder().id("node-b").build(), new InetSocketAddress(host, 0),
                    List.of(p.address()), this::onNodeBEvent, timeline.ticker());
            nodeA.addPeer(b.localAddress());
        } catch (IOException | RuntimeException e) {
            if (b != null) {
                b.close();
            }
            if (p != null) {
                p.close();
            }
            nodeA.close();
            throw e;
        }
        this.proxy = p;
        this.nodeB = b;
        this.viaProxyId = HeartbeatNode.idOf(proxy.address());
        this.faults = new ProxyFaults(proxy, state, "a heartbeat every 100 ms kept the flow");
    }

    /** node-a's monitor: runs on its loop, under its lock; quick. */
    private void onNodeAEvent(HeartbeatEvent event) {
        PeerStatus s = event.peer();
        if (!s.id().equals(peerB.id)) {
            return;
        }
        switch (event.type()) {
            case PEER_SUSPECTED -> state.noticed(String.format(Locale.ROOT,
                    "node-a suspects node-b: phi %.1f ≥ %.0f after %d ms without a heartbeat", s.suspicion(),
                    s.threshold(), s.sinceLastHeartbeat() == null ? 0 : s.sinceLastHeartbeat().toMillis()));
            case PEER_RECOVERED -> timeline.event("heartbeat", "info", "node-a: node-b is alive again after "
                    + (s.lastSuspicion() == null ? "?" : s.lastSuspicion().toMillis() + " ms") + " under suspicion");
            default -> { }
        }
    }

    private void onNodeBEvent(HeartbeatEvent event) {
        if (event.peer().id().equals(peerA.id) && event.type() == HeartbeatEvent.Type.PEER_SUSPECTED) {
            timeline.event("heartbeat", "warn", "node-b suspects node-a (the direct, unfaulted direction)");
        }
    }

    @Override
    public LayerState state() {
        return state;
    }

    @Override
    public String inject(String kind) {
        return faults.inject(kind, timeline.ticker().nanoTime());
    }

    @Override
    public void tick(long nowNanos) {
        faults.tick(nowNanos);
        state.expire();
        PeerStatus b = nodeA.monitor().status(peerB.id, nowNanos);
        peerB.observe(b);
        peerA.observe(nodeB.monitor().status(peerA.id, nowNanos));
        long disconnects = nodeB.stats().disconnects();
        if (disconnects > lastDisconnects.getAndSet(disconnects)) {
            state.noticed("node-b's sender lost its connection to node-a (reset, or " + MISSED_ACKS
                    + " intervals without an ack) and reconnects");
        }
        if (state.status() == LayerState.Status.DETECTED && b != null && b.liveness() == Liveness.ALIVE
                && b.suspicion() < b.threshold() && b.sinceLastHeartbeat() != null
                && b.sinceLastHeartbeat().compareTo(INTERVAL.multipliedBy(3)) < 0
                && nodeB.senderState(proxy.address()) == TcpHeartbeatNode.SenderState.CONNECTED) {
            state.recovered(String.format(Locale.ROOT, "node-b's heartbeats reach node-a again, phi %.2f",
                    b.suspicion()));
        }
    }

    @Override
    public void sample(long nowNanos) {
        peerB.sample();
        peerA.sample();
        PeerStatus b = peerB.status;
        state.sample(b == null ? 0 : Math.min(HISTORY_CAP, b.suspicion()));
    }

    @Override
    public Map<String, Object> json(long nowNanos) {
        PeerStatus b = peerB.status;
        PeerStatus a = peerA.status;
        List<Map<String, Object>> conns = new ArrayList<>();
        conns.add(row("node-b → node-a (via proxy)", nodeB.senderState(proxy.address()), b));
        conns.add(row("node-a → node-b (direct)", nodeA.senderState(nodeB.localAddress()), a));
        var sa = nodeA.stats();
        var sb = nodeB.stats();
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("heartbeats sent", sa.heartbeatsSent() + sb.heartbeatsSent());
        counters.put("heartbeats received", sa.heartbeatsReceived() + sb.heartbeatsReceived());
        counters.put("acks", sa.acksReceived() + sb.acksReceived());
        counters.put("node-b reconnects", sb.disconnects());
        counters.put("suspicions", (b == null ? 0 : b.suspicions()) + (a == null ? 0 : a.suspicions()));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("phi node-b", b == null ? null : b.suspicion());
        metrics.put("phi node-a", a == null ? null : a.suspicion());
        PeerStatus rtt = nodeB.monitor().status(viaProxyId, nowNanos);
        metrics.put("rtt ms (via proxy)", rtt == null || rtt.rtt() == null ? null : rtt.rtt().toNanos() / 1e6);
        Map<String, Object> m = state.json(conns, counters, metrics);
        m.put("peers", List.of(peer(peerB), peer(peerA)));
        return m;
    }

    private static Map<String, Object> row(String id, TcpHeartbeatNode.SenderState sender, PeerStatus monitored) {
        String st = sender == TcpHeartbeatNode.SenderState.CONNECTED ? "active" : "dead";
        String detail = "sender " + (sender == null ? "?" : sender.name().toLowerCase(Locale.ROOT))
                + (monitored == null ? "" : ", " + monitored.heartbeats() + " heartbeats, last "
                        + (monitored.sinceLastHeartbeat() == null ? "never"
                                : monitored.sinceLastHeartbeat().toMillis() + " ms ago"));
        return LayerState.connection(id, st, detail);
    }

    private static Map<String, Object> peer(Peer p) {
        PeerStatus s = p.status;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id);
        m.put("phi", s == null ? 0.0 : s.suspicion());
        m.put("suspected", s != null && s.liveness() == Liveness.SUSPECT);
        m.put("threshold", s == null ? 8.0 : s.threshold());
        m.put("history", p.history.toList());
        return m;
    }

    @Override
    public void close() {
        nodeB.close();
        proxy.close();
        nodeA.close();
    }
}
