package dev.keepalive.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.FakeTicker;
import dev.keepalive.core.Liveness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Peers a monitor was not told about: at most {@code maxDiscoveredPeers} at once, forgotten after
 * {@code forgetAfter} in SUSPECT; configured peers never. Fake time: 100 ms interval, suspected after 3
 * missed intervals, forgotten 1 s later.
 */
class DiscoveredPeersTest {
    private static final long MS = 1_000_000L;
    private final FakeTicker ticker = new FakeTicker(987_654_321L);
    private final List<HeartbeatEvent> events = new ArrayList<>();

    private HeartbeatMonitor monitor(int maxDiscovered) {
        HeartbeatOptions o = HeartbeatOptions.builder().interval(Duration.ofMillis(100))
                .detector(FixedTimeoutOptions.defaults()).timerTick(Duration.ofMillis(1))
                .maxDiscoveredPeers(maxDiscovered).forgetAfter(Duration.ofSeconds(1)).build();
        return new HeartbeatMonitor(o, events::add, ticker.nanoTime());
    }

    private void runFor(HeartbeatMonitor m, long millis) {
        for (long i = 0; i < millis; i++) {
            m.advance(ticker.advanceMillis(1).nanoTime());
        }
    }

    /** Heartbeats every 100 ms from each of {@code ids}, {@code count} times; ends 100 ms after the last. */
    private void beat(HeartbeatMonitor m, int count, String... ids) {
        for (int i = 0; i < count; i++) {
            for (String id : ids) {
                m.heartbeat(id, ticker.nanoTime());
            }
            runFor(m, 100);
        }
    }

    private List<String> timeline() {
        return events.stream().map(e -> e.type().eventName() + " " + e.peer().id()).toList();
    }

    @Test
    void forgetsADiscoveredPeerSuspectedForForgetAfterButNeverAConfiguredOne() {
        HeartbeatMonitor m = monitor(10);
        m.addPeer("configured");
        assertTrue(m.discoverPeer("stranger", ticker.nanoTime()));
        assertTrue(m.isDiscovered("stranger"));
        assertFalse(m.isDiscovered("configured"));
        beat(m, 5, "configured", "stranger");
        runFor(m, 200); // 3 intervals since the last heartbeat
        assertEquals(List.of("peer_up configured", "peer_up stranger"), timeline().subList(0, 2));
        assertEquals(java.util.Set.of("peer_suspected configured", "peer_suspected stranger"),
                java.util.Set.copyOf(timeline().subList(2, 4)), "both in the same tick");
        long suspectedAt = events.get(3).peer().atNanos();

        runFor(m, 999);
        assertEquals(4, events.size(), "not before forgetAfter in SUSPECT");
        assertTrue(m.isWatching("stranger"));
        runFor(m, 1);
        assertEquals("peer_forgotten stranger", timeline().get(4));
        PeerStatus last = events.get(4).peer();
        assertEquals(suspectedAt + 1000 * MS, last.atNanos(), "exactly forgetAfter after the suspicion");
        assertEquals(Liveness.SUSPECT, last.liveness());
        assertEquals(Duration.ofSeconds(1), last.suspectedFor());
        assertFalse(m.isWatching("stranger"));
        assertNull(m.status("stranger", ticker.nanoTime()));
        assertEquals(List.of("configured"), m.statuses(ticker.nanoTime()).stream().map(PeerStatus::id).toList());
        assertEquals(0, m.discoveredPeers());
        assertEquals(1, m.forgottenPeers());

        for (int i = 0; i < 24 * 60; i++) { // a day in minute steps: the wheel fires what is due
            m.advance(ticker.advance(Duration.ofMinutes(1)).nanoTime());
        }
        assertEquals(5, events.size(), "a configured peer is never forgotten");
        assertEquals(Liveness.SUSPECT, m.status("configured", ticker.nanoTime()).liveness());

        assertTrue(m.heartbeat("configured", ticker.nanoTime()));
        assertFalse(m.heartbeat("stranger", ticker.nanoTime()), "a forgotten peer's heartbeat is not taken");
        assertTrue(m.discoverPeer("stranger", ticker.nanoTime()));
        m.heartbeat("stranger", ticker.nanoTime());
        assertEquals(List.of("peer_recovered configured", "peer_up stranger"), timeline().subList(5, 7));
        assertEquals(0, m.status("stranger", ticker.nanoTime()).suspicions(), "it comes back as new");
    }

    @Test
    void aDiscoveredPeerThatRecoversInTimeIsKeptAndItsClockStartsOver() {
        HeartbeatMonitor m = monitor(10);
        m.discoverPeer("s", ticker.nanoTime());
        beat(m, 5, "s");
        runFor(m, 200);
        assertEquals(List.of("peer_up s", "peer_suspected s"), timeline());

        runFor(m, 990);
        beat(m, 5, "s");
        runFor(m, 2000);
        assertEquals(List.of("peer_up s", "peer_suspected s", "peer_recovered s", "peer_suspected s",
                "peer_forgotten s"), timeline());
        assertEquals(events.get(3).peer().atNanos() + 1000 * MS, events.get(4).peer().atNanos(),
                "forgetAfter counts from the latest suspicion");
        assertEquals(2, events.get(4).peer().suspicions());
    }

    @Test
    void capsDiscoveredPeersButNotConfiguredOnesAndFreesAPlaceWhenOneIsForgotten() {
        HeartbeatMonitor m = monitor(2);
        long now = ticker.nanoTime();
        assertTrue(m.discoverPeer("a", now));
        assertTrue(m.discoverPeer("b", now));
        assertTrue(m.discoverPeer("a", now), "already watched");
        assertFalse(m.discoverPeer("c", now), "beyond maxDiscoveredPeers");
        assertFalse(m.isWatching("c"));
        assertTrue(m.addPeer("configured-1"));
        assertTrue(m.addPeer("configured-2"));
        assertTrue(m.discoverPeer("configured-1", now), "configured peers are watched whatever the cap");
        assertEquals(2, m.discoveredPeers());
        assertEquals(4, m.statuses(now).size());

        m.heartbeat("b", ticker.nanoTime());
        beat(m, 20, "a"); // 2 s: b is suspected after 300 ms and forgotten 1 s later; a keeps beating
        assertFalse(m.isWatching("b"));
        assertEquals(Liveness.ALIVE, m.status("a", ticker.nanoTime()).liveness());
        assertTrue(m.discoverPeer("c", ticker.nanoTime()), "b's place is free");
        assertFalse(m.discoverPeer("d", ticker.nanoTime()));
    }

    @Test
    void zeroDiscoveredPeersWatchesConfiguredOnes() {
        HeartbeatMonitor m = monitor(0);
        assertFalse(m.discoverPeer("stranger", ticker.nanoTime()));
        m.addPeer("configured");
        assertTrue(m.discoverPeer("configured", ticker.nanoTime()));
        assertEquals(List.of("configured"), m.statuses(ticker.nanoTime()).stream().map(PeerStatus::id).toList());
    }

    @Test
    void aDiscoveredPeerThatNeverSendsIsForgottenAfterForgetAfter() {
        HeartbeatMonitor m = monitor(10);
        long discoveredAt = ticker.nanoTime();
        m.discoverPeer("silent", discoveredAt);
        runFor(m, 999);
        assertTrue(m.isWatching("silent"));
        runFor(m, 1);
        assertEquals(List.of("peer_forgotten silent"), timeline());
        assertEquals(Liveness.UNKNOWN, events.get(0).peer().liveness());
        assertEquals(discoveredAt + 1000 * MS, events.get(0).peer().atNanos());
    }

    @Test
    void configuringADiscoveredPeerKeepsItsHistoryAndNeverForgetsIt() {
        HeartbeatMonitor m = monitor(1);
        m.discoverPeer("s", ticker.nanoTime());
        beat(m, 5, "s");
        runFor(m, 200);
        assertFalse(m.addPeer("s"), "already watched");
        assertFalse(m.isDiscovered("s"));
        assertEquals(0, m.discoveredPeers(), "its place is free");
        assertTrue(m.discoverPeer("other", ticker.nanoTime()));
        runFor(m, 5000);
        assertEquals(List.of("peer_up s", "peer_suspected s", "peer_forgotten other"), timeline());
        PeerStatus s = m.status("s", ticker.nanoTime());
        assertEquals(5, s.heartbeats());
        assertEquals(Liveness.SUSPECT, s.liveness());
    }

    @Test
    void removingADiscoveredPeerFreesItsPlace() {
        HeartbeatMonitor m = monitor(1);
        m.discoverPeer("a", ticker.nanoTime());
        assertFalse(m.discoverPeer("b", ticker.nanoTime()));
        assertTrue(m.removePeer("a"));
        assertEquals(0, m.discoveredPeers());
        assertTrue(m.discoverPeer("b", ticker.nanoTime()));
        runFor(m, 1500);
        assertEquals(List.of("peer_forgotten b"), timeline(), "a's timer went with it");
    }

    @Test
    void withTheDefaultsADiscoveredPeerIsForgottenAMinuteAfterItsSuspicionAcrossManyTurnsOfTheWheel() {
        // 1 s interval, phi 8, 10 ms tick: one turn of the wheel is 10.24 s, forgetAfter 1 min is six of them
        HeartbeatMonitor m = new HeartbeatMonitor(HeartbeatOptions.defaults(), events::add, ticker.nanoTime());
        m.discoverPeer("s", ticker.nanoTime());
        for (int i = 0; i < 30; i++) {
            m.heartbeat("s", ticker.nanoTime());
            for (int t = 0; t < 100; t++) {
                m.advance(ticker.advanceMillis(10).nanoTime());
            }
        }
        for (int t = 0; t < 100 * 70; t++) { // 70 s of silence, 10 ms at a time
            m.advance(ticker.advanceMillis(10).nanoTime());
        }
        assertEquals(List.of("peer_up s", "peer_suspected s", "peer_forgotten s"), timeline());
        long late = events.get(2).peer().atNanos() - events.get(1).peer().atNanos() - Duration.ofMinutes(1).toNanos();
        assertTrue(late >= 0 && late <= 10 * MS, "forgotten within a tick of 1 min in SUSPECT: " + late + " ns late");
    }

    @Test
    void refusesBadBoundsNamingTheOptionAndItsRange() {
        IllegalArgumentException cap = assertThrows(IllegalArgumentException.class,
                () -> HeartbeatOptions.builder().maxDiscoveredPeers(-1).build());
        assertEquals("maxDiscoveredPeers must be in 0..1000000: -1", cap.getMessage());
        IllegalArgumentException forget = assertThrows(IllegalArgumentException.class,
                () -> HeartbeatOptions.builder().forgetAfter(Duration.ZERO).build());
        assertEquals("forgetAfter must be in 1ms..1d: 0s", forget.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> HeartbeatOptions.builder().forgetAfter(Duration.ofHours(25)).build());
        assertThrows(IllegalArgumentException.class, () -> HeartbeatOptions.builder().forgetAfter(null).build());
        HeartbeatOptions d = HeartbeatOptions.defaults();
        assertEquals(1024, d.maxDiscoveredPeers());
        assertEquals(Duration.ofMinutes(1), d.forgetAfter());
        assertEquals(d, d.toBuilder().build());
    }
}
