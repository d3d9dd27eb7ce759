package dev.keepalive.heartbeat;

import static dev.keepalive.heartbeat.EventLog.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Liveness;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real datagrams on 127.0.0.1 with 20 ms heartbeats. */
class UdpHeartbeatNodeTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final HeartbeatOptions FAST = HeartbeatOptions.builder()
            .interval(Duration.ofMillis(20))
            .timerTick(Duration.ofMillis(1))
            .detector(FixedTimeoutOptions.builder().missedIntervals(5).build()) // 100 ms: calm on a busy CI box
            .build();

    private final List<AutoCloseable> closeMe = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeMe) {
            c.close();
        }
    }

    private UdpHeartbeatNode node(InetSocketAddress bind, List<InetSocketAddress> peers, HeartbeatListener l)
            throws IOException {
        UdpHeartbeatNode n = UdpHeartbeatNode.start(FAST, bind, peers, l);
        closeMe.add(n);
        return n;
    }

    @Test
    void twoNodesWatchEachOtherAndMeasureTheRoundTrip() throws IOException {
        EventLog aEvents = new EventLog();
        EventLog bEvents = new EventLog();
        UdpHeartbeatNode a = node(ANY_PORT, List.of(), aEvents);
        UdpHeartbeatNode b = node(ANY_PORT, List.of(a.localAddress()), bEvents);
        a.addPeer(b.localAddress());

        assertEquals("127.0.0.1:" + a.localAddress().getPort(), a.id());
        aEvents.await(HeartbeatEvent.Type.PEER_UP, b.id(), Duration.ofSeconds(2));
        bEvents.await(HeartbeatEvent.Type.PEER_UP, a.id(), Duration.ofSeconds(2));
        eventually(Duration.ofSeconds(2), "a measures its round trip to b",
                () -> a.monitor().status(b.id(), System.nanoTime()).rtt() != null);
        eventually(Duration.ofSeconds(2), "ten heartbeats from b", () -> a.monitor().status(b.id(), System.nanoTime())
                .heartbeats() >= 10);

        PeerStatus s = a.monitor().status(b.id(), System.nanoTime());
        assertEquals(Liveness.ALIVE, s.liveness());
        assertTrue(s.rtt().compareTo(Duration.ofMillis(100)) < 0, "loopback round trip " + s.rtt());
        assertTrue(s.meanInterval().toMillis() >= 10 && s.meanInterval().toMillis() <= 40, "mean " + s.meanInterval());
        assertEquals(0, a.stats().malformed());
        assertTrue(a.stats().acksReceived() > 0 && a.stats().acksSent() > 0);
    }

    @Test
    void aKilledNodeIsSuspectedAndItsRestartIsNoticed() throws IOException {
        EventLog events = new EventLog();
        UdpHeartbeatNode watcher = node(ANY_PORT, List.of(), events);
        UdpHeartbeatNode peer = UdpHeartbeatNode.start(FAST, ANY_PORT, List.of(watcher.localAddress()),
                HeartbeatListener.NONE);
        InetSocketAddress peerAddress = peer.localAddress();
        String peerId = watcher.addPeer(peerAddress);
        events.await(HeartbeatEvent.Type.PEER_UP, peerId, Duration.ofSeconds(2));
        EventLog.sleep(200);

        long killedAt = System.nanoTime();
        peer.close();
        EventLog.Seen suspected = events.await(HeartbeatEvent.Type.PEER_SUSPECTED, peerId, Duration.ofSeconds(2));
        long detectionMs = (suspected.atNanos() - killedAt) / 1_000_000;
        // 5 × 20 ms after the last heartbeat (which left about an interval before the kill, give or take a busy CPU)
        assertTrue(detectionMs > 0 && detectionMs < 1000, "detected after " + detectionMs + " ms");
        Duration silence = suspected.event().peer().sinceLastHeartbeat();
        assertTrue(silence.compareTo(Duration.ofMillis(100)) >= 0 && silence.compareTo(Duration.ofMillis(600)) < 0,
                "suspected after " + silence + " of silence");
        assertEquals(1, suspected.event().peer().suspicions());

        int mark = events.size();
        UdpHeartbeatNode again = node(peerAddress, List.of(watcher.localAddress()), HeartbeatListener.NONE);
        events.await(HeartbeatEvent.Type.PEER_RESTARTED, peerId, mark, Duration.ofSeconds(2));
        EventLog.Seen back = events.await(HeartbeatEvent.Type.PEER_RECOVERED, peerId, mark, Duration.ofSeconds(2));
        assertEquals(Liveness.ALIVE, back.event().peer().liveness());
        assertTrue(again.stats().heartbeatsSent() > 0);
    }

    /** The test plays a peer by hand: raw heartbeat datagrams out, raw ACK datagrams back. */
    @Test
    void countsGapsLateAndDuplicateDatagramsAndAcksEachWithItsOwnFields() throws IOException {
        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            raw.setSoTimeout(2000);
            InetSocketAddress rawAddress = (InetSocketAddress) raw.getLocalSocketAddress();
            UdpHeartbeatNode n = node(ANY_PORT, List.of(), HeartbeatListener.NONE);
            String rawId = n.addPeer(rawAddress);
            for (long seq : new long[] {0, 1, 3, 2, 2, 6}) {
                raw.send(datagram(Wire.HEARTBEAT, 77, seq, 1000 + seq, rawId, n.localAddress()));
            }
            List<long[]> acks = new ArrayList<>();
            while (acks.size() < 6) {
                Wire.Frame f = receive(raw);
                if (f.type == Wire.ACK) {
                    assertEquals(n.id(), f.id());
                    acks.add(new long[] {f.incarnation, f.sequence, f.timestamp});
                }
            }
            assertEquals(List.of(0L, 1L, 3L, 2L, 2L, 6L), acks.stream().map(a -> a[1]).toList());
            for (long[] ack : acks) {
                assertEquals(77, ack[0], "incarnation echoed");
                assertEquals(1000 + ack[1], ack[2], "timestamp echoed");
            }
            PeerStatus s = n.monitor().status(rawId, System.nanoTime());
            assertEquals(5, s.heartbeats(), "the duplicate is not a heartbeat");
            assertEquals(1, s.duplicates());
            assertEquals(1, s.late());
            assertEquals(2, s.lost(), "4 and 5 never came");
        }
    }

    @Test
    void sendsHeartbeatsToItsPeerWithConsecutiveSequenceNumbers() throws IOException {
        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            raw.setSoTimeout(2000);
            UdpHeartbeatNode n = node(ANY_PORT, List.of((InetSocketAddress) raw.getLocalSocketAddress()),
                    HeartbeatListener.NONE);
            long previousTimestamp = Long.MIN_VALUE;
            for (long expected = 0; expected < 5; expected++) {
                Wire.Frame f = receive(raw);
                assertEquals(Wire.HEARTBEAT, f.type);
                assertEquals(n.id(), f.id());
                assertEquals(expected, f.sequence);
                assertTrue(f.timestamp > previousTimestamp);
                previousTimestamp = f.timestamp;
            }
        }
    }

    @Test
    void strangersAreAckedButNotWatchedAndGarbageIsCounted() throws IOException {
        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            raw.setSoTimeout(2000);
            UdpHeartbeatNode n = node(ANY_PORT, List.of(), HeartbeatListener.NONE);
            byte[] junk = "hello?".getBytes();
            raw.send(new DatagramPacket(junk, junk.length, n.localAddress()));
            raw.send(datagram(Wire.HEARTBEAT, 1, 0, 5, "stranger", n.localAddress()));
            Wire.Frame ack = receive(raw);
            assertEquals(Wire.ACK, ack.type);
            eventually(Duration.ofSeconds(2), "counted", () -> n.stats().unknownSenders() == 1);
            assertEquals(1, n.stats().malformed());
            assertEquals(List.of(), n.monitor().statuses(System.nanoTime()));
        }
    }

    @Test
    void aHeartbeatWithAnUnexpectedIdCountsForTheWatchedAddressItCameFrom() throws IOException {
        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            UdpHeartbeatNode n = node(ANY_PORT, List.of(), HeartbeatListener.NONE);
            String watched = n.addPeer((InetSocketAddress) raw.getLocalSocketAddress());
            // e.g. a peer bound to 0.0.0.0 calls itself 0.0.0.0:port
            raw.send(datagram(Wire.HEARTBEAT, 1, 0, 5, "0.0.0.0:1234", n.localAddress()));
            eventually(Duration.ofSeconds(2), "attributed by address",
                    () -> n.monitor().status(watched, System.nanoTime()).heartbeats() == 1);
            assertEquals(0, n.stats().unknownSenders());
        }
    }

    static DatagramPacket datagram(int type, int incarnation, long seq, long timestamp, String id,
            InetSocketAddress to) {
        ByteBuffer b = ByteBuffer.allocate(Wire.MAX_FRAME);
        Wire.encode(b, type, incarnation, seq, timestamp, Wire.idBytes(id));
        return new DatagramPacket(b.array(), b.position(), to);
    }

    static Wire.Frame receive(DatagramSocket socket) throws IOException {
        byte[] buf = new byte[1024];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no datagram within " + socket.getSoTimeout() + " ms", e);
        }
        Wire.Frame f = new Wire.Frame();
        assertEquals(Wire.OK, Wire.decode(ByteBuffer.wrap(buf, 0, p.getLength()), f));
        assertNotNull(f.id());
        return f;
    }
}
