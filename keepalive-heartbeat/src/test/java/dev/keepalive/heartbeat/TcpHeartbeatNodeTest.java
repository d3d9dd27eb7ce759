package dev.keepalive.heartbeat;

import static dev.keepalive.heartbeat.EventLog.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Backoff;
import dev.keepalive.core.Liveness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real TCP connections on 127.0.0.1 with 20 ms heartbeats. */
class TcpHeartbeatNodeTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final HeartbeatOptions FAST = HeartbeatOptions.builder()
            .interval(Duration.ofMillis(20))
            .timerTick(Duration.ofMillis(1))
            .detector(FixedTimeoutOptions.builder().missedIntervals(5).build())
            .reconnect(Backoff.of(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(10)))
            .connectTimeout(Duration.ofMillis(500))
            .tcpKeepAlive(null)
            .build();

    private final List<AutoCloseable> closeMe = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeMe) {
            c.close();
        }
    }

    private TcpHeartbeatNode node(InetSocketAddress bind, List<InetSocketAddress> peers, HeartbeatListener l)
            throws IOException {
        TcpHeartbeatNode n = TcpHeartbeatNode.start(FAST, bind, peers, l);
        closeMe.add(n);
        return n;
    }

    @Test
    void aSenderKeepsOneConnectionAndTheMonitorWatchesItAndAcks() throws IOException {
        EventLog monitorEvents = new EventLog();
        TcpHeartbeatNode monitor = node(ANY_PORT, List.of(), monitorEvents);
        TcpHeartbeatNode sender = node(ANY_PORT, List.of(monitor.localAddress()), HeartbeatListener.NONE);

        monitorEvents.await(HeartbeatEvent.Type.PEER_UP, sender.id(), Duration.ofSeconds(2));
        eventually(Duration.ofSeconds(2), "20 heartbeats",
                () -> monitor.monitor().status(sender.id(), System.nanoTime()).heartbeats() >= 20);
        eventually(Duration.ofSeconds(2), "the sender measures its round trip",
                () -> sender.monitor().status(monitor.id(), System.nanoTime()).rtt() != null);

        assertEquals(TcpHeartbeatNode.SenderState.CONNECTED, sender.senderState(monitor.localAddress()));
        assertEquals(1, sender.stats().connects(), "one persistent connection");
        PeerStatus s = monitor.monitor().status(sender.id(), System.nanoTime());
        assertEquals(Liveness.ALIVE, s.liveness());
        assertEquals(0, s.lost());
        assertEquals(0, s.suspicions());
    }

    @Test
    void aKilledSenderIsSuspectedByTheMonitor() throws IOException {
        EventLog events = new EventLog();
        TcpHeartbeatNode monitor = node(ANY_PORT, List.of(), events);
        TcpHeartbeatNode sender = TcpHeartbeatNode.start(FAST, ANY_PORT, List.of(monitor.localAddress()),
                HeartbeatListener.NONE);
        events.await(HeartbeatEvent.Type.PEER_UP, sender.id(), Duration.ofSeconds(2));
        EventLog.sleep(100);
        long killedAt = System.nanoTime();
        sender.close();
        EventLog.Seen s = events.await(HeartbeatEvent.Type.PEER_SUSPECTED, sender.id(), Duration.ofSeconds(2));
        long detectionMs = (s.atNanos() - killedAt) / 1_000_000;
        // 5 × 20 ms after the last heartbeat (which left about an interval before the kill, give or take a busy CPU)
        assertTrue(detectionMs > 0 && detectionMs < 1000, "detected after " + detectionMs + " ms");
        Duration silence = s.event().peer().sinceLastHeartbeat();
        assertTrue(silence.compareTo(Duration.ofMillis(100)) >= 0 && silence.compareTo(Duration.ofMillis(600)) < 0,
                "suspected after " + silence + " of silence");
    }

    @Test
    void theSenderReconnectsWithBackoffWhenTheMonitorComesBack() throws IOException {
        TcpHeartbeatNode monitor = TcpHeartbeatNode.start(FAST, ANY_PORT, List.of(), HeartbeatListener.NONE);
        InetSocketAddress address = monitor.localAddress();
        TcpHeartbeatNode sender = node(ANY_PORT, List.of(address), HeartbeatListener.NONE);
        eventually(Duration.ofSeconds(2), "connected",
                () -> sender.senderState(address) == TcpHeartbeatNode.SenderState.CONNECTED);

        monitor.close();
        eventually(Duration.ofSeconds(2), "the sender notices the close",
                () -> sender.senderState(address) != TcpHeartbeatNode.SenderState.CONNECTED);
        EventLog.sleep(100); // a few refused attempts
        assertTrue(sender.stats().connectFailures() >= 1, "refused attempts are counted: " + sender.stats());

        EventLog events = new EventLog();
        node(address, List.of(), events);
        events.await(HeartbeatEvent.Type.PEER_UP, sender.id(), Duration.ofSeconds(2));
        assertEquals(TcpHeartbeatNode.SenderState.CONNECTED, sender.senderState(address));
        assertEquals(2, sender.stats().connects());
        assertEquals(1, sender.stats().disconnects());
    }

    @Test
    void aMonitorThatNeverAcksIsGivenUpAfterTheMissedAcks() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            List<Socket> held = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // reads nothing, answers nothing
                        accepted.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            InetSocketAddress address = (InetSocketAddress) silent.getLocalSocketAddress();
            TcpHeartbeatNode sender = node(ANY_PORT, List.of(address), HeartbeatListener.NONE);
            eventually(Duration.ofSeconds(3), "a second connection after an ack timeout", () -> accepted.get() >= 2);
            assertTrue(sender.stats().disconnects() >= 1);
            silent.close();
            acceptor.join(1000);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /** The test plays a sender by hand: one frame written in two pieces, then garbage. */
    @Test
    void readsFramesSplitAcrossSegmentsAndClosesOnGarbage() throws IOException {
        TcpHeartbeatNode monitor = node(ANY_PORT, List.of(), HeartbeatListener.NONE);
        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), monitor.localAddress().getPort())) {
            raw.setSoTimeout(2000);
            raw.setTcpNoDelay(true);
            ByteBuffer b = ByteBuffer.allocate(Wire.MAX_FRAME);
            Wire.encode(b, Wire.HEARTBEAT, 5, 0, 4242, Wire.idBytes("raw-sender"));
            byte[] frame = Arrays.copyOf(b.array(), b.position());
            OutputStream out = raw.getOutputStream();
            out.write(frame, 0, 10);
            out.flush();
            EventLog.sleep(30);
            out.write(frame, 10, frame.length - 10);
            out.flush();

            InputStream in = raw.getInputStream();
            byte[] ack = in.readNBytes(Wire.HEADER + monitor.id().length());
            Wire.Frame f = new Wire.Frame();
            assertEquals(Wire.OK, Wire.decode(ByteBuffer.wrap(ack), f));
            assertEquals(Wire.ACK, f.type);
            assertEquals(5, f.incarnation);
            assertEquals(0, f.sequence);
            assertEquals(4242, f.timestamp);
            assertEquals(monitor.id(), f.id());
            assertEquals(1, monitor.monitor().status("raw-sender", System.nanoTime()).heartbeats(),
                    "a connecting sender is watched under its id");

            out.write("GET / HTTP/1.1\r\n\r\n".getBytes());
            out.flush();
            assertEquals(-1, in.read(), "the monitor closes a connection that speaks another protocol");
            assertEquals(1, monitor.stats().malformed());
        }
    }
}
