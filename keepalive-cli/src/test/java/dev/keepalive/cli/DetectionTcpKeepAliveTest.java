package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Await;
import dev.keepalive.core.CloseReason;
import dev.keepalive.core.RealTime;
import dev.keepalive.core.TcpKeepAlive;
import dev.keepalive.http.Handler;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.Response;
import dev.keepalive.http.ServerOptions;
import dev.keepalive.http.ServerStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TCP keepalive row of the detection matrix (issue 7): {@link TcpKeepAlive} idle 2 s, interval 1 s,
 * count 3 must drop a vanished peer within idle + interval × count = 5 s of its last packet, and never
 * a live one. The peers run in network namespaces ({@link Netns}); one namespace vanishes behind
 * {@code iptables -A INPUT -j DROP} (no FIN, no RST), the other stays healthy.
 *
 * <p>The three scenarios run at the same time: {@link #setUp} makes both exchanges in the dead
 * namespace, drops it and starts the two measurements, then idles the healthy connections; each test
 * awaits its own result, so the class takes about the healthy idle time (7 s), not the sum.
 */
class DetectionTcpKeepAliveTest {
    private static final TcpKeepAlive KEEPALIVE = TcpKeepAlive.of(Duration.ofSeconds(2), Duration.ofSeconds(1), 3);
    private static final long FORMULA_MS = KEEPALIVE.detectionTime().toMillis(); // 5000
    /** Before this the verdict cannot have come from the last keepalive probe going unanswered. */
    private static final long EARLIEST_MS = FORMULA_MS - 500;
    /** The matrix's bound: formula + 20 %. */
    private static final long LATEST_MS = FORMULA_MS * 12 / 10;
    /** Longer than the detection time: a false positive would have happened by then. */
    private static final long HEALTHY_IDLE_MS = 7_000;

    private static Netns dead;
    private static Netns healthy;
    private static HttpServer deadServer;
    private static HttpServer healthyServer;
    private static SocketChannel deadClient;
    private static SocketChannel healthyClient;
    private static Netns.Peer healthyPeer;
    private static CompletableFuture<Detection> openedDetection;
    private static CompletableFuture<Detection> acceptedDetection;
    private static long healthyIdleSince;
    private static Ss healthyClientBefore;
    private static Ss healthyServerBefore;

    /** When and how the dead peer was noticed, in ms from the start of idleness. */
    record Detection(long millis, String evidence) {
    }

    @BeforeAll
    static void setUp() throws Exception {
        Optional<String> unavailable = Netns.unavailable();
        unavailable.ifPresent(reason -> System.out.println("DetectionTcpKeepAliveTest skipped: " + reason));
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
        try {
            dead = Netns.create();
            healthy = Netns.create();
        } catch (IOException e) {
            System.out.println("DetectionTcpKeepAliveTest skipped: cannot create a network namespace: " + e.getMessage());
            Assumptions.abort("cannot create a network namespace: " + e.getMessage());
        }
        Netns.Peer deadPeer = dead.startPeer();
        healthyPeer = healthy.startPeer();
        deadServer = startServer(dead.hostAddress);
        healthyServer = startServer(healthy.hostAddress);
        int deadEchoPort = port(deadPeer.await("listening ", 15_000));
        int healthyEchoPort = port(healthyPeer.await("listening ", 15_000));

        // the dead namespace: one exchange on each socket, then it vanishes
        deadPeer.send("http d " + dead.hostAddress + " " + deadServer.port());
        deadPeer.await("http d HTTP/1.1 200", 5_000);
        long acceptedIdleSince = System.nanoTime();
        deadClient = connect(dead.peerAddress, deadEchoPort);
        echo(deadClient, "ping");
        long openedIdleSince = System.nanoTime();
        dead.dropAllInput();
        long droppedAfterMs = ms(System.nanoTime() - Math.min(acceptedIdleSince, openedIdleSince));
        assertTrue(droppedAfterMs < 1_000, "DROP came " + droppedAfterMs + " ms after the exchanges, want < idle 2 s");
        openedDetection = CompletableFuture.supplyAsync(() -> awaitReadFailure(deadClient, openedIdleSince));
        acceptedDetection = CompletableFuture.supplyAsync(() -> awaitNoOpenConnection(deadServer, acceptedIdleSince));

        // the healthy namespace: the same two sockets, left idle
        healthyPeer.send("http h " + healthy.hostAddress + " " + healthyServer.port());
        healthyPeer.await("http h HTTP/1.1 200", 5_000);
        healthyClient = connect(healthy.peerAddress, healthyEchoPort);
        echo(healthyClient, "ping");
        healthyIdleSince = System.nanoTime();
        RealTime.sleep(250, "our last delayed ACK is out: from here on only keepalive probes are sent");
        healthyClientBefore = Ss.of(localPort(healthyClient), healthy.peerAddress);
        healthyServerBefore = Ss.of(healthyServer.port(), healthy.peerAddress);
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {deadClient, healthyClient, deadServer, healthyServer, dead, healthy}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("DetectionTcpKeepAliveTest cleanup: " + e);
                }
            }
        }
    }

    @Test
    void socketWeOpenedFailsWithConnectionTimedOutWithinIdlePlusIntervalTimesCount() throws Exception {
        Detection d = openedDetection.get(LATEST_MS + 5_000, TimeUnit.MILLISECONDS);
        System.out.printf("DetectionTcpKeepAliveTest opened socket: dead peer detected after %d ms (formula %d ms): %s%n",
                d.millis(), FORMULA_MS, d.evidence());
        assertTrue(d.evidence().contains("Connection timed out"),
                "the read should fail with ETIMEDOUT, the keepalive verdict: " + d.evidence());
        assertWithinFormula(d);
    }

    @Test
    void serverClosesAnAcceptedSocketAsPeerDeadWithinIdlePlusIntervalTimesCount() throws Exception {
        Detection d = acceptedDetection.get(LATEST_MS + 5_000, TimeUnit.MILLISECONDS);
        System.out.printf("DetectionTcpKeepAliveTest accepted socket: dead peer detected after %d ms (formula %d ms): %s%n",
                d.millis(), FORMULA_MS, d.evidence());
        ServerStats stats = deadServer.stats();
        assertEquals(0, stats.openConnections(), stats.toJson());
        assertEquals(1L, stats.closes().get(CloseReason.PEER_DEAD),
                "the keepalive verdict is a dead peer, not a close by the peer: " + stats.toJson());
        assertEquals(1, stats.closedConnections(), stats.toJson());
        assertWithinFormula(d);
    }

    @Test
    void healthyIdleConnectionsAreProbedAndStayUsable() throws Exception {
        long left = HEALTHY_IDLE_MS - ms(System.nanoTime() - healthyIdleSince);
        if (left > 0) {
            RealTime.sleep(left, "the healthy link idles long enough for keepalive probes to go out");
        }
        Ss client = Ss.of(localPort(healthyClient), healthy.peerAddress);
        Ss server = Ss.of(healthyServer.port(), healthy.peerAddress);
        long idleMs = ms(System.nanoTime() - healthyIdleSince);

        // probes went out and were answered: only keepalive moves these counters on an idle socket
        long clientProbes = client.segsOut - healthyClientBefore.segsOut;
        long serverProbes = server.segsOut - healthyServerBefore.segsOut;
        System.out.printf("DetectionTcpKeepAliveTest healthy link idle %d ms: probes sent/answered: opened socket %d/%d,"
                        + " accepted socket %d/%d%n", idleMs, clientProbes, client.segsIn - healthyClientBefore.segsIn,
                serverProbes, server.segsIn - healthyServerBefore.segsIn);
        for (Ss[] s : new Ss[][] {{healthyClientBefore, client}, {healthyServerBefore, server}}) {
            assertTrue(s[1].keepaliveTimer, "a keepalive timer runs on the socket:\n" + s[1].text);
            assertTrue(s[1].segsOut - s[0].segsOut >= 2, "keepalive probes every ~2 s of idleness, "
                    + "expected 3 in " + idleMs + " ms:\nbefore " + s[0].text + "\nafter " + s[1].text);
            assertTrue(s[1].segsIn - s[0].segsIn >= s[1].segsOut - s[0].segsOut, "every probe answered:\nbefore "
                    + s[0].text + "\nafter " + s[1].text);
        }

        // and both connections still work
        assertEquals("again", echo(healthyClient, "again"));
        healthyPeer.send("http h");
        healthyPeer.await("http h HTTP/1.1 200", 5_000);
        ServerStats stats = healthyServer.stats();
        assertEquals(1, stats.accepted(), stats.toJson());
        assertEquals(2, stats.requests(), "the second request came on the idle connection: " + stats.toJson());
        assertEquals(0, stats.closedConnections(), "nothing closed on a healthy link: " + stats.toJson());
    }

    private static void assertWithinFormula(Detection d) {
        assertTrue(d.millis() >= EARLIEST_MS, "detected after " + d.millis() + " ms, before the keepalive could have"
                + " (formula " + FORMULA_MS + " ms): " + d.evidence());
        assertTrue(d.millis() <= LATEST_MS, "detected after " + d.millis() + " ms, want <= " + LATEST_MS
                + " ms (formula " + FORMULA_MS + " ms + 20 %): " + d.evidence());
    }

    private static HttpServer startServer(String host) throws IOException {
        return HttpServer.start(ServerOptions.builder().host(host).port(0).eventLoops(1)
                        .idleTimeout(Duration.ofSeconds(60)).tcpKeepAlive(KEEPALIVE).build(),
                Handler.nonBlocking(request -> Response.text(200, "hello\n")));
    }

    private static SocketChannel connect(String host, int port) throws IOException {
        SocketChannel channel = SocketChannel.open();
        KEEPALIVE.applyTo(channel);
        channel.socket().connect(new InetSocketAddress(host, port), 5_000);
        return channel;
    }

    /** Writes {@code text}, reads the peer's echo of it. */
    private static String echo(SocketChannel channel, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        channel.write(ByteBuffer.wrap(bytes));
        ByteBuffer in = ByteBuffer.allocate(bytes.length);
        while (in.hasRemaining()) {
            if (channel.read(in) < 0) {
                throw new IOException("echo peer closed after " + in.position() + " bytes");
            }
        }
        return new String(in.array(), StandardCharsets.US_ASCII);
    }

    /** Blocks in read until the kernel gives up on the peer. */
    private static Detection awaitReadFailure(SocketChannel channel, long idleSince) {
        try {
            int n = channel.read(ByteBuffer.allocate(64));
            return new Detection(ms(System.nanoTime() - idleSince), "read returned " + n + " instead of failing");
        } catch (IOException e) {
            return new Detection(ms(System.nanoTime() - idleSince), e.toString());
        }
    }

    private static Detection awaitNoOpenConnection(HttpServer server, long idleSince) {
        long deadline = idleSince + TimeUnit.MILLISECONDS.toNanos(LATEST_MS + 4_000);
        Await.within(() -> server.stats().openConnections() == 0, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        return new Detection(ms(System.nanoTime() - idleSince), server.stats().toJson());
    }

    private static int port(String listeningLine) {
        return Integer.parseInt(listeningLine.substring(listeningLine.indexOf(' ') + 1).trim());
    }

    private static int localPort(SocketChannel channel) throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** One established socket as {@code ss -tnoi} shows it: its keepalive timer and segment counters. */
    record Ss(String text, boolean keepaliveTimer, long segsOut, long segsIn) {
        private static final Pattern SEGS_OUT = Pattern.compile("\\bsegs_out:(\\d+)");
        private static final Pattern SEGS_IN = Pattern.compile("\\bsegs_in:(\\d+)");

        /** The socket with local port {@code port} connected to {@code remote}. */
        static Ss of(int port, String remote) throws IOException {
            String text = Netns.run("ss", "-tnoiH", "state", "established", "sport", "=", ":" + port,
                    "and", "dst", remote).strip();
            if (text.isEmpty()) {
                throw new IOException("ss lists no established socket from port " + port + " to " + remote);
            }
            return new Ss(text, text.contains("timer:(keepalive,"), number(SEGS_OUT, text), number(SEGS_IN, text));
        }

        private static long number(Pattern p, String text) throws IOException {
            Matcher m = p.matcher(text);
            if (!m.find()) {
                throw new IOException("ss shows no " + p.pattern() + ":\n" + text);
            }
            return Long.parseLong(m.group(1));
        }
    }
}
