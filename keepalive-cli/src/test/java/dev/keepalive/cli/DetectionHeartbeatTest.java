package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.RealTime;
import dev.keepalive.heartbeat.DetectorOptions;
import dev.keepalive.heartbeat.FixedTimeoutOptions;
import dev.keepalive.heartbeat.HeartbeatEvent;
import dev.keepalive.heartbeat.HeartbeatOptions;
import dev.keepalive.heartbeat.PeerStatus;
import dev.keepalive.heartbeat.PhiAccrualOptions;
import dev.keepalive.heartbeat.TcpHeartbeatNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Detection matrix (issue 7), heartbeat row over real sockets: one {@link TcpHeartbeatNode} sends every
 * 100 ms to two monitor nodes, each behind its own {@code kal proxy}: one watches with the fixed timeout
 * (k = 3: 300 ms), one with phi accrual at DESIGN.md's defaults (μ + 5.612 × max(σ, 100 ms) ≈ 661 ms).
 * Both proxies are blackholed; docs/detection.md's formulas give the time after the last heartbeat, and
 * the last heartbeat got through at most one interval before the blackhole, so from the blackhole the
 * verdict comes within the formula + one timer tick; it never comes before the formula's silence.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DetectionHeartbeatTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration TICK = Duration.ofMillis(10);
    private static final long HEALTHY_MS = 3_000;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private record Seen(long atNanos, HeartbeatEvent event) {
    }

    /** A monitor node with {@code detector}, its suspicions, and the proxy in front of it. */
    private record Watch(String name, TcpHeartbeatNode node, BlockingQueue<Seen> suspicions, FaultProxy proxy) {
    }

    private static HeartbeatOptions options(DetectorOptions detector) {
        return HeartbeatOptions.builder().interval(INTERVAL).timerTick(TICK).detector(detector).tcpKeepAlive(null)
                .connectTimeout(Duration.ofSeconds(1)).build();
    }

    private Watch watch(String name, DetectorOptions detector) throws Exception {
        BlockingQueue<Seen> suspicions = new LinkedBlockingQueue<>();
        TcpHeartbeatNode node = TcpHeartbeatNode.start(options(detector),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), List.of(), event -> {
                    if (event.type() == HeartbeatEvent.Type.PEER_SUSPECTED) {
                        suspicions.add(new Seen(System.nanoTime(), event));
                    }
                });
        toClose.add(node);
        FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", 0), node.localAddress(),
                ProxyOptions.defaults());
        toClose.add(proxy);
        return new Watch(name, node, suspicions, proxy);
    }

    @Test
    void aBlackholedTcpSenderIsSuspectedWithinEachDetectorsFormulaAndNeverWhileTheLinkIsHealthy() throws Exception {
        Watch fixed = watch("fixed k=3", FixedTimeoutOptions.builder().missedIntervals(3).build());
        Watch phi = watch("phi defaults", PhiAccrualOptions.defaults());
        TcpHeartbeatNode sender = TcpHeartbeatNode.start(options(FixedTimeoutOptions.defaults()),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(fixed.proxy().address(), phi.proxy().address()), event -> { });
        toClose.add(sender);

        RealTime.sleep(HEALTHY_MS, "a healthy link for a while: heartbeats arrive, no false suspicion");
        for (Watch w : List.of(fixed, phi)) {
            PeerStatus s = w.node().monitor().status(sender.id(), System.nanoTime());
            assertNotNull(s, w.name() + " never heard of the sender");
            assertTrue(s.heartbeats() >= HEALTHY_MS / INTERVAL.toMillis() - 5, w.name() + ": heartbeats " + s);
            assertEquals(0, s.suspicions(), w.name() + ": no false suspicion on a healthy link: " + s);
            assertTrue(w.suspicions().isEmpty(), w.name() + ": " + w.suspicions());
        }

        long[] blackholedAt = new long[2];
        List<Watch> both = List.of(fixed, phi);
        for (int i = 0; i < 2; i++) {
            both.get(i).proxy().update(o -> o.toBuilder().blackhole(true).build());
            blackholedAt[i] = System.nanoTime();
        }
        for (int i = 0; i < 2; i++) {
            Watch w = both.get(i);
            Seen seen = w.suspicions().poll(5, TimeUnit.SECONDS);
            assertNotNull(seen, w.name() + ": no suspicion within 5 s of the blackhole");
            PeerStatus at = seen.event().peer();
            assertEquals(sender.id(), at.id());
            // the detector's own formula, from what it learned on the healthy link
            long formulaMs = w == fixed ? 3 * INTERVAL.toMillis()
                    : Math.round(at.meanInterval().toNanos() / 1e6 + 5.612 * Math.max(at.stdDevInterval().toNanos() / 1e6, 100));
            long detectionMs = TimeUnit.NANOSECONDS.toMillis(seen.atNanos() - blackholedAt[i]);
            long silenceMs = at.sinceLastHeartbeat().toMillis();
            long upper = formulaMs * 12 / 10 + INTERVAL.toMillis() + TICK.toMillis();
            System.out.println("detection-matrix: heartbeat " + w.name() + " over TCP through kal proxy: suspected "
                    + detectionMs + " ms after the blackhole, " + silenceMs + " ms after the last heartbeat (formula "
                    + formulaMs + " ms; learned mean " + at.meanInterval().toMillis() + " ms, sd "
                    + at.stdDevInterval().toMillis() + " ms)");
            assertTrue(detectionMs <= upper, w.name() + ": suspected " + detectionMs + " ms after the blackhole, limit "
                    + upper + " ms (formula " + formulaMs + " ms + 20 % + one interval + one tick)");
            assertTrue(silenceMs >= formulaMs - 1 && silenceMs <= formulaMs * 12 / 10 + TICK.toMillis(),
                    w.name() + ": suspected after " + silenceMs + " ms of silence, formula " + formulaMs + " ms");
        }
    }
}
