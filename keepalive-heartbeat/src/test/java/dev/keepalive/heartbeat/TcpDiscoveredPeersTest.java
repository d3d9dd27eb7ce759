package dev.keepalive.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A TCP monitor with room for 3 discovered senders, met by 5 senders played by hand on real sockets
 * (20 ms interval, suspected after 5 missed, forgotten 150 ms later).
 */
class TcpDiscoveredPeersTest {
    private static final int CAP = 3;
    private static final HeartbeatOptions OPTIONS = HeartbeatOptions.builder()
            .interval(Duration.ofMillis(20))
            .timerTick(Duration.ofMillis(1))
            .detector(FixedTimeoutOptions.builder().missedIntervals(5).build())
            .tcpKeepAlive(null)
            .maxDiscoveredPeers(CAP)
            .forgetAfter(Duration.ofMillis(150))
            .build();

    private final Logger jul = Logger.getLogger("dev.keepalive.heartbeat"); // System.Logger's backend
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                warnings.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final List<AutoCloseable> closeMe = new ArrayList<>();

    @BeforeEach
    void captureLog() {
        jul.addHandler(capture);
    }

    @AfterEach
    void closeAll() throws Exception {
        jul.removeHandler(capture);
        for (AutoCloseable c : closeMe) {
            c.close();
        }
    }

    /** One hand-played sender: one connection, heartbeats on demand, each waited for its ACK. */
    private final class RawSender {
        final String id;
        final Socket socket;
        long sequence;

        RawSender(String id, InetSocketAddress monitor) throws IOException {
            this.id = id;
            this.socket = new Socket(monitor.getAddress(), monitor.getPort());
            socket.setSoTimeout(2000);
            socket.setTcpNoDelay(true);
            closeMe.add(socket);
        }

        /** Sends one heartbeat and returns the sequence its ACK echoes. */
        long beat(String monitorId) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(Wire.MAX_FRAME);
            Wire.encode(b, Wire.HEARTBEAT, 7, sequence++, System.nanoTime(), Wire.idBytes(id));
            socket.getOutputStream().write(b.array(), 0, b.position());
            byte[] ack = socket.getInputStream().readNBytes(Wire.HEADER + monitorId.length());
            Wire.Frame f = new Wire.Frame();
            assertEquals(Wire.OK, Wire.decode(ByteBuffer.wrap(ack), f), id + ": an ACK");
            assertEquals(Wire.ACK, f.type);
            return f.sequence;
        }
    }

    private List<String> refusedLines() {
        return warnings.stream().filter(m -> m.startsWith("peer_refused")).toList();
    }

    @Test
    void sendersBeyondTheCapAreAckedCountedAndLoggedOnceThenWatchedWhenPlacesAreForgotten() throws Exception {
        EventLog events = new EventLog();
        TcpHeartbeatNode node = TcpHeartbeatNode.start(OPTIONS, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                0), List.of(), events);
        closeMe.add(node);
        String me = node.id();
        List<RawSender> senders = new ArrayList<>();
        for (int i = 0; i <= CAP + 1; i++) {
            senders.add(new RawSender("sender-" + i, node.localAddress()));
        }
        for (int i = 0; i < CAP; i++) {
            senders.get(i).beat(me);
        }
        RawSender fourth = senders.get(CAP);
        RawSender fifth = senders.get(CAP + 1);
        for (int i = 0; i < 3; i++) {
            assertEquals(i, fourth.beat(me), "a refused sender is acknowledged all the same");
        }
        assertEquals(List.of("sender-0", "sender-1", "sender-2"),
                node.monitor().statuses(System.nanoTime()).stream().map(PeerStatus::id).toList());
        assertEquals(CAP, node.monitor().discoveredPeers());
        assertEquals(3, node.stats().unknownSenders(), "every refused heartbeat is counted");
        assertEquals(1, refusedLines().size(), "logged once for the sender, not per heartbeat: " + warnings);
        assertTrue(refusedLines().get(0).contains("sender=sender-3") && refusedLines().get(0)
                .contains("maxDiscoveredPeers=3"), refusedLines().get(0));

        fifth.beat(me);
        assertEquals(4, node.stats().unknownSenders());
        assertEquals(1, refusedLines().size(), "a second refused sender within 10 s is counted, not logged");
        assertFalse(node.monitor().isWatching("sender-4"));

        // senders 0..2 fall silent: suspected after 100 ms, forgotten 150 ms later
        for (int i = 0; i < CAP; i++) {
            events.await(HeartbeatEvent.Type.PEER_FORGOTTEN, "sender-" + i, Duration.ofSeconds(2));
        }
        assertEquals(0, node.monitor().discoveredPeers());
        assertEquals(List.of(), node.monitor().statuses(System.nanoTime()));
        assertEquals(3, node.monitor().forgottenPeers());

        fourth.beat(me);
        fifth.beat(me);
        events.await(HeartbeatEvent.Type.PEER_UP, "sender-3", Duration.ofSeconds(2));
        events.await(HeartbeatEvent.Type.PEER_UP, "sender-4", Duration.ofSeconds(2));
        assertEquals(4, node.stats().unknownSenders(), "watched now: no longer counted");
        assertEquals(1, node.monitor().status("sender-4", System.nanoTime()).heartbeats());
    }

    @Test
    void aConfiguredPeerIsWatchedWhateverTheCapAndNeverForgotten() throws Exception {
        EventLog events = new EventLog();
        HeartbeatOptions noRoom = OPTIONS.toBuilder().maxDiscoveredPeers(0).build();
        TcpHeartbeatNode node = TcpHeartbeatNode.start(noRoom, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                0), List.of(), events);
        closeMe.add(node);
        TcpHeartbeatNode peer = TcpHeartbeatNode.start(OPTIONS, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                0), List.of(), HeartbeatListener.NONE);
        closeMe.add(peer);
        node.addPeer(peer.localAddress()); // configured before the peer sends: its frames carry this id
        peer.addPeer(node.localAddress());
        events.await(HeartbeatEvent.Type.PEER_UP, peer.id(), Duration.ofSeconds(2));
        peer.close();
        events.await(HeartbeatEvent.Type.PEER_SUSPECTED, peer.id(), Duration.ofSeconds(2));
        EventLog.sleep(300); // twice forgetAfter
        assertTrue(node.monitor().isWatching(peer.id()));
        assertEquals(0, events.count(HeartbeatEvent.Type.PEER_FORGOTTEN));
        assertEquals(0, node.stats().unknownSenders());
        assertEquals(List.of(), refusedLines());
    }
}
