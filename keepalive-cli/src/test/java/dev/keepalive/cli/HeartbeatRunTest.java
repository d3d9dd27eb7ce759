package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Await;
import dev.keepalive.core.RealTime;
import dev.keepalive.heartbeat.FixedTimeoutOptions;
import dev.keepalive.heartbeat.HeartbeatListener;
import dev.keepalive.heartbeat.HeartbeatOptions;
import dev.keepalive.heartbeat.UdpHeartbeatNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * `kal heartbeat` running for real on loopback against a library node that the test kills and restarts:
 * the event lines, the table and the JSON stream.
 */
class HeartbeatRunTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final HeartbeatOptions PEER = HeartbeatOptions.builder().interval(Duration.ofMillis(20))
            .timerTick(Duration.ofMillis(1)).detector(FixedTimeoutOptions.defaults()).build();

    /** A kal heartbeat running on its own thread, its output readable while it runs. */
    private static final class Kal2 {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread thread;

        Kal2(String... args) {
            thread = Thread.ofPlatform().name("kal-heartbeat-test").start(() -> exit.set(
                    Kal.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args)));
        }

        void awaitOutput(String text, Duration timeout) {
            Await.value("'" + text + "' on stdout; [stdout, stderr]", () -> List.of(out.toString(), err.toString()),
                    outErr -> outErr.get(0).contains(text), timeout);
        }

        int join() throws InterruptedException {
            thread.join(10_000);
            return exit.get();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return s.getLocalPort();
        }
    }

    /** Starts a library node, waits until kal has seen it, lets it run a little, kills it. */
    private static String runThenKillPeer(Kal2 kal, InetSocketAddress kalAddress, InetSocketAddress peer,
            String upMarker) throws Exception {
        UdpHeartbeatNode node = UdpHeartbeatNode.start(PEER, peer, List.of(kalAddress), HeartbeatListener.NONE);
        try {
            kal.awaitOutput(upMarker, Duration.ofSeconds(5));
            RealTime.sleep(300, "kal hears the peer a while before it dies");
        } finally {
            node.close();
        }
        return node.id();
    }

    @Test
    void jsonStreamHasStartEventsStatusAndStop() throws Exception {
        InetSocketAddress peer = new InetSocketAddress(LOOPBACK, freeUdpPort());
        InetSocketAddress self = new InetSocketAddress(LOOPBACK, freeUdpPort());
        Kal2 kal = new Kal2("heartbeat", "--listen", "127.0.0.1:" + self.getPort(), "--peers",
                "127.0.0.1:" + peer.getPort(), "--interval", "20ms", "--detector", "fixed", "--missed", "5", "--json",
                "--refresh", "100ms", "--duration", "3s");
        kal.awaitOutput("\"event\":\"start\"", Duration.ofSeconds(5));
        String peerId = runThenKillPeer(kal, self, peer, "\"event\":\"peer_up\"");
        kal.awaitOutput("\"event\":\"peer_suspected\"", Duration.ofSeconds(2));
        try (UdpHeartbeatNode again = UdpHeartbeatNode.start(PEER, peer, List.of(self), HeartbeatListener.NONE)) {
            kal.awaitOutput("\"event\":\"peer_recovered\"", Duration.ofSeconds(2));
            assertEquals(0, kal.join(), kal.err.toString());
            assertTrue(again.stats().acksReceived() > 0, "kal answers heartbeats");
        }

        List<String> lines = kal.out.toString().lines().toList();
        for (String line : lines) {
            assertTrue(line.startsWith("{\"event\":\"") && line.endsWith("}"), "one JSON object per line: " + line);
        }
        assertTrue(lines.get(0).contains("\"detector\":\"fixed\",\"missedIntervals\":5,\"detectionMs\":100"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("{\"event\":\"stop\""));
        List<String> events = lines.stream().map(l -> l.substring(10, l.indexOf('"', 10)))
                .filter(e -> !e.equals("peer_status")).toList();
        assertEquals(List.of("start", "peer_up", "peer_suspected", "peer_restarted", "peer_recovered", "stop"), events);
        String suspected = lines.stream().filter(l -> l.contains("peer_suspected")).findFirst().orElseThrow();
        assertTrue(suspected.contains("\"peer\":\"" + peerId + "\",\"status\":\"suspect\""), suspected);
        assertTrue(lines.stream().anyMatch(l -> l.contains("peer_status") && l.matches(".*\"rttMs\":[0-9.]+,.*")),
                "some status line carries a round trip");
    }

    @Test
    void textModePrintsTheTableAndALineForEachChange() throws Exception {
        InetSocketAddress peer = new InetSocketAddress(LOOPBACK, freeUdpPort());
        InetSocketAddress self = new InetSocketAddress(LOOPBACK, freeUdpPort());
        Kal2 kal = new Kal2("heartbeat", "--listen", "127.0.0.1:" + self.getPort(), "--peers",
                "127.0.0.1:" + peer.getPort(), "--interval", "20ms", "--refresh", "200ms", "--duration", "3s",
                "--min-std-dev", "20ms");
        kal.awaitOutput("kal heartbeat 127.0.0.1:" + self.getPort() + " on udp", Duration.ofSeconds(5));
        String peerId = runThenKillPeer(kal, self, peer, "is up (first heartbeat)");
        kal.awaitOutput("SUSPECTED", Duration.ofSeconds(2));
        try (UdpHeartbeatNode again = UdpHeartbeatNode.start(PEER, peer, List.of(self), HeartbeatListener.NONE)) {
            kal.awaitOutput("is back after", Duration.ofSeconds(2));
            assertEquals(0, kal.join(), kal.err.toString());
        }
        String out = kal.out.toString();
        assertTrue(out.contains("detector phi (threshold 8, min-std-dev 20ms, acceptable-pause 0s, window 1000)"), out);
        assertTrue(out.contains("peer " + peerId + " is up (first heartbeat)"), out);
        assertTrue(out.matches("(?s).*peer " + peerId.replace(".", "\\.") + " SUSPECTED: phi \\d+\\.\\d\\d >= 8 after .*"),
                out);
        assertTrue(out.contains("PEER") && out.contains("STATUS") && out.contains("LAST SEEN") && out.contains("PHI")
                && out.contains("SUSPICIONS") && out.contains("RTT"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith(peerId) && l.contains("alive")), out);
        assertTrue(out.contains("kal heartbeat stopped after 3s: heartbeats sent "), out);
        assertTrue(out.contains(peerId + ": 1 suspicion, suspected "), out);
    }

    @Test
    void aTakenPortExitsOneWithOneLine() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            StringWriter err = new StringWriter();
            int exit = Kal.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute("heartbeat",
                    "--listen", "127.0.0.1:" + taken.getLocalPort(), "--peers", "127.0.0.1:9", "--duration", "1s");
            assertEquals(Kal.EXIT_FAILURE, exit);
            List<String> lines = err.toString().lines().toList();
            assertEquals(1, lines.size(), err.toString());
            assertTrue(lines.get(0).startsWith("kal heartbeat: cannot listen on udp 127.0.0.1:" + taken.getLocalPort()
                    + ": "), lines.get(0));
        }
    }
}
