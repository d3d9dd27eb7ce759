package dev.keepalive.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.FakeTicker;
import dev.keepalive.core.Liveness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatMonitorTest {
    private static final long MS = 1_000_000L;
    private final FakeTicker ticker = new FakeTicker(1_234_567L);
    private final List<HeartbeatEvent> events = new ArrayList<>();

    private HeartbeatMonitor monitor(DetectorOptions detector) {
        HeartbeatOptions o = HeartbeatOptions.builder().interval(Duration.ofMillis(100)).detector(detector)
                .timerTick(Duration.ofMillis(1)).build();
        return new HeartbeatMonitor(o, events::add, ticker.nanoTime());
    }

    /** Moves time forward 1 ms at a time, driving the monitor like its loop would. */
    private void runFor(HeartbeatMonitor m, long millis) {
        for (long i = 0; i < millis; i++) {
            m.advance(ticker.advanceMillis(1).nanoTime());
        }
    }

    private List<String> timeline() {
        return events.stream().map(e -> e.type().eventName() + " " + e.peer().id()).toList();
    }

    @Test
    void suspectsASilentPeerAtTheFixedTimeoutAndWelcomesItBack() {
        HeartbeatMonitor m = monitor(FixedTimeoutOptions.defaults());
        m.addPeer("a");
        long seq = 0;
        for (int i = 0; i < 5; i++) {
            m.heartbeat("a", 1, seq++, ticker.nanoTime());
            runFor(m, 100);
        }
        assertEquals(List.of("peer_up a"), timeline());
        long last = ticker.nanoTime() - 100 * MS;

        runFor(m, 199);
        assertEquals(1, events.size(), "not before 3 intervals of silence");
        runFor(m, 1);
        assertEquals(List.of("peer_up a", "peer_suspected a"), timeline());
        PeerStatus suspected = events.get(1).peer();
        assertEquals(last + 300 * MS, suspected.atNanos(), "exactly at the deadline with a 1 ms tick");
        assertEquals(Liveness.SUSPECT, suspected.liveness());
        assertEquals(3.0, suspected.suspicion(), 1e-9);
        assertEquals(1, suspected.suspicions());

        runFor(m, 700);
        m.heartbeat("a", 1, seq + 9, ticker.nanoTime()); // 9 heartbeats lost on the way
        assertEquals(List.of("peer_up a", "peer_suspected a", "peer_recovered a"), timeline());
        PeerStatus back = events.get(2).peer();
        assertEquals(Liveness.ALIVE, back.liveness());
        assertEquals(Duration.ofMillis(700), back.suspectedTotal());
        assertEquals(Duration.ofMillis(700), back.lastSuspicion());
        assertEquals(Duration.ZERO, back.suspectedFor());
        assertEquals(9, back.lost());
        assertEquals(6, back.heartbeats());
    }

    @Test
    void phiMonitorSuspectsAtTheInstantPhiReachesTheThreshold() {
        HeartbeatMonitor m = monitor(PhiAccrualOptions.defaults());
        m.addPeer("a");
        for (int i = 0; i < 20; i++) {
            m.heartbeat("a", ticker.nanoTime());
            runFor(m, 100);
        }
        long last = ticker.nanoTime() - 100 * MS;
        // σ floored at 100 ms: suspected μ + 5.612 σ = 661.2 ms after the last heartbeat
        runFor(m, 1000);
        assertEquals(List.of("peer_up a", "peer_suspected a"), timeline());
        PeerStatus s = events.get(1).peer();
        assertEquals(last + 662 * MS, s.atNanos(), "first 1 ms tick at or after 661.2 ms");
        assertTrue(s.suspicion() >= 8 && s.suspicion() < 8.1, "phi " + s.suspicion());
        assertEquals(Duration.ofMillis(100), s.meanInterval());
    }

    @Test
    void watchesAThousandPeersWithOneTimerEachAndSuspectsOnlyTheSilentOne() {
        HeartbeatMonitor m = monitor(FixedTimeoutOptions.defaults());
        for (int p = 0; p < 1000; p++) {
            m.addPeer("p" + p);
        }
        for (int round = 0; round < 20; round++) {
            for (int p = 0; p < 1000; p++) {
                if (!(p == 500 && round >= 10)) {
                    m.heartbeat("p" + p, 7, round, ticker.nanoTime());
                }
            }
            assertTrue(m.timers().size() <= 1000, "one check timer per peer, not one per heartbeat");
            runFor(m, 100);
        }
        List<HeartbeatEvent> suspected = events.stream()
                .filter(e -> e.type() == HeartbeatEvent.Type.PEER_SUSPECTED).toList();
        assertEquals(1, suspected.size());
        assertEquals("p500", suspected.get(0).peer().id());
        assertEquals(1000, m.statuses(ticker.nanoTime()).size());
    }

    @Test
    void duplicatesAreIgnoredAndARestartIsAnnounced() {
        HeartbeatMonitor m = monitor(FixedTimeoutOptions.defaults());
        m.addPeer("a");
        m.heartbeat("a", 1, 0, ticker.nanoTime());
        runFor(m, 100);
        m.heartbeat("a", 1, 1, ticker.nanoTime());
        m.heartbeat("a", 1, 1, ticker.nanoTime()); // duplicated by the network
        runFor(m, 100);
        m.heartbeat("a", 2, 0, ticker.nanoTime()); // the peer restarted
        PeerStatus s = m.status("a", ticker.nanoTime());
        assertEquals(3, s.heartbeats());
        assertEquals(1, s.duplicates());
        assertEquals(1, s.restarts());
        assertEquals(2, s.intervalSamples(), "the duplicate added no zero-length interval");
        assertEquals(List.of("peer_up a", "peer_restarted a"), timeline());
    }

    @Test
    void unknownAndRemovedPeersAreNotWatched() {
        HeartbeatMonitor m = monitor(FixedTimeoutOptions.defaults());
        assertFalse(m.heartbeat("stranger", 1, 0, ticker.nanoTime()));
        assertTrue(m.addPeer("a"));
        assertFalse(m.addPeer("a"));
        m.heartbeat("a", 1, 0, ticker.nanoTime());
        assertTrue(m.removePeer("a"));
        runFor(m, 1000);
        assertEquals(List.of("peer_up a"), timeline(), "a removed peer is never suspected");
        assertNull(m.status("a", ticker.nanoTime()));
        assertEquals(0, m.timers().size());
    }

    @Test
    void aPeerNeverHeardFromStaysUnknown() {
        HeartbeatMonitor m = monitor(PhiAccrualOptions.defaults());
        m.addPeer("quiet");
        runFor(m, 5000);
        PeerStatus s = m.status("quiet", ticker.nanoTime());
        assertEquals(Liveness.UNKNOWN, s.liveness());
        assertNull(s.sinceLastHeartbeat());
        assertNull(s.meanInterval());
        assertEquals(List.of(), events);
    }

    @Test
    void roundTripIsSmoothedLikeTcpSrtt() {
        HeartbeatMonitor m = monitor(FixedTimeoutOptions.defaults());
        m.addPeer("a");
        assertNull(m.status("a", 0).rtt());
        m.ack("a", 8 * MS);
        m.ack("a", 16 * MS);
        PeerStatus s = m.status("a", ticker.nanoTime());
        assertEquals(Duration.ofMillis(9), s.rtt(), "8 + (16 - 8) / 8");
        assertEquals(Duration.ofMillis(16), s.lastRtt());
        assertEquals(2, s.acks());
    }

    @Test
    void aThrowingListenerIsCountedAndTheMonitorCarriesOn() {
        HeartbeatOptions o = HeartbeatOptions.builder().interval(Duration.ofMillis(100)).timerTick(Duration.ofMillis(1))
                .detector(FixedTimeoutOptions.defaults()).build();
        HeartbeatMonitor m = new HeartbeatMonitor(o, e -> {
            throw new IllegalStateException("boom");
        }, ticker.nanoTime());
        m.addPeer("a");
        m.heartbeat("a", ticker.nanoTime());
        runFor(m, 400);
        assertEquals(2, m.listenerErrors());
        assertEquals(Liveness.SUSPECT, m.status("a", ticker.nanoTime()).liveness());
    }
}
