package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keepalive.core.Liveness;
import dev.keepalive.heartbeat.FixedTimeoutOptions;
import dev.keepalive.heartbeat.HeartbeatEvent;
import dev.keepalive.heartbeat.HeartbeatOptions;
import dev.keepalive.heartbeat.PeerStatus;
import dev.keepalive.heartbeat.TransportStats;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact text and JSON of `kal heartbeat`. */
class HeartbeatFormatTest {
    private static final PeerStatus ALIVE = new PeerStatus("10.0.0.2:7070", Liveness.ALIVE, "phi", 0.4213, 8,
            0, Duration.ofMillis(412), Duration.ofMillis(1003), Duration.ofMillis(12), 57, 58, 3, 1, 0, 0, 1,
            Duration.ofMillis(2400), Duration.ZERO, Duration.ofMillis(2400), Duration.ofNanos(310_000),
            Duration.ofNanos(290_000), 58);
    private static final PeerStatus SUSPECT = new PeerStatus("10.0.0.3:7070", Liveness.SUSPECT, "phi", 8.0312, 8,
            0, Duration.ofMillis(1663), Duration.ofMillis(1000), Duration.ofMillis(4), 12, 13, 0, 0, 0, 0, 2,
            Duration.ofSeconds(75), Duration.ZERO, null, null, null, 0);
    private static final PeerStatus NEVER = new PeerStatus("10.0.0.4:7070", Liveness.UNKNOWN, "phi", 0, 8,
            0, null, null, null, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, null, null, null, 0);

    @Test
    void tableAlignsOneRowPerPeer() {
        assertEquals("""
                PEER           STATUS   LAST SEEN  MEAN   STD    PHI   SUSPICIONS  RTT     LOST
                10.0.0.2:7070  alive    412ms ago  1.00s  12ms   0.42  1           0.31ms  3 (4.9%)
                10.0.0.3:7070  SUSPECT  1.66s ago  1.00s  4.0ms  8.03  2           -       0 (0.0%)
                10.0.0.4:7070  unknown  never      -      -      -     0           -       0 (0.0%)
                """, HeartbeatFormat.table(List.of(ALIVE, SUSPECT, NEVER)));
    }

    @Test
    void eventLinesSayWhatChangedAndWhy() {
        assertEquals("peer 10.0.0.3:7070 SUSPECTED: phi 8.03 >= 8 after 1.66s without a heartbeat (mean 1.00s,"
                + " std 4.0ms, lost 0, suspicions 2)", HeartbeatFormat.eventLine(
                new HeartbeatEvent(HeartbeatEvent.Type.PEER_SUSPECTED, SUSPECT)));
        assertEquals("peer 10.0.0.2:7070 is back after 2.40s suspected (suspicions 1, lost 3)",
                HeartbeatFormat.eventLine(new HeartbeatEvent(HeartbeatEvent.Type.PEER_RECOVERED, ALIVE)));
        assertEquals("peer 10.0.0.2:7070 is up (first heartbeat)",
                HeartbeatFormat.eventLine(new HeartbeatEvent(HeartbeatEvent.Type.PEER_UP, ALIVE)));
    }

    @Test
    void startLineStatesTheDetectionTime() {
        HeartbeatOptions o = HeartbeatOptions.defaults();
        assertEquals("kal heartbeat 10.0.0.1:7070 on udp, interval 1s, detector phi (threshold 8, min-std-dev 100ms,"
                + " acceptable-pause 0s, window 1000): a steady peer is suspected 1.56s after its last heartbeat;"
                + " peers 10.0.0.2:7070", HeartbeatFormat.startLine("10.0.0.1:7070", "udp", o, List.of("10.0.0.2:7070")));
        HeartbeatOptions fixed = o.toBuilder().interval(Duration.ofMillis(100)).detector(FixedTimeoutOptions.defaults())
                .build();
        assertEquals("{\"event\":\"start\",\"node\":\"n\",\"transport\":\"tcp\",\"listen\":\"127.0.0.1:1\",\"peers\":"
                + "[\"a\",\"b\"],\"intervalMs\":100,\"detector\":\"fixed\",\"missedIntervals\":3,\"detectionMs\":300}",
                HeartbeatFormat.startJson("n", "tcp", "127.0.0.1:1", fixed, List.of("a", "b")));
    }

    @Test
    void jsonCarriesEveryFieldInMillisecondsAndNullsForTheUnknown() {
        assertEquals("{\"event\":\"peer_suspected\",\"time\":\"T\",\"elapsedMs\":5,\"peer\":\"10.0.0.3:7070\","
                + "\"status\":\"suspect\",\"detector\":\"phi\",\"suspicion\":8.0312,\"threshold\":8,\"silentMs\":1663,"
                + "\"meanMs\":1000,\"stdDevMs\":4,\"samples\":12,\"heartbeats\":13,\"lost\":0,\"late\":0,"
                + "\"duplicates\":0,\"restarts\":0,\"suspicions\":2,\"suspectedMs\":75000,\"lastSuspicionMs\":null,"
                + "\"rttMs\":null,\"acks\":0}", HeartbeatFormat.peerJson("peer_suspected", SUSPECT, "T", 5));
        assertEquals("{\"event\":\"peer_status\",\"time\":\"T\",\"elapsedMs\":0,\"peer\":\"10.0.0.4:7070\","
                + "\"status\":\"unknown\",\"detector\":\"phi\",\"suspicion\":null,\"threshold\":8,\"silentMs\":null,"
                + "\"meanMs\":null,\"stdDevMs\":null,\"samples\":0,\"heartbeats\":0,\"lost\":0,\"late\":0,"
                + "\"duplicates\":0,\"restarts\":0,\"suspicions\":0,\"suspectedMs\":0,\"lastSuspicionMs\":null,"
                + "\"rttMs\":null,\"acks\":0}", HeartbeatFormat.peerJson("peer_status", NEVER, "T", 0));
    }

    @Test
    void summaryCountsTrafficAndEachPeersSuspicions() {
        TransportStats s = new TransportStats(100, 98, 98, 97, 0, 0, 0, 0, 0, 0);
        assertEquals("kal heartbeat stopped after 100s: heartbeats sent 100, received 98, acks 97 of 100;"
                + " 10.0.0.2:7070: 1 suspicion, suspected 2.40s, lost 3", HeartbeatFormat.summary(
                Duration.ofMillis(100_900), s, List.of(ALIVE)));
    }

    @Test
    void aSenderCannotPutControlCharactersOnTheTerminal() {
        assertEquals("evil?[2J", HeartbeatFormat.printable("evil\u001b[2J"));
    }
}
