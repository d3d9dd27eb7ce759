package dev.keepalive.heartbeat;

import dev.keepalive.core.Liveness;
import java.time.Duration;

/**
 * What a {@link HeartbeatMonitor} knows about one peer at one instant: the verdict, the level of
 * suspicion behind it and the evidence (rhythm, losses, round trip). An immutable snapshot.
 *
 * @param id                 the peer's sender id
 * @param liveness           {@code UNKNOWN} (no heartbeat yet), {@code ALIVE} or {@code SUSPECT}; a
 *                           monitored peer is never written off as {@code DEAD}: it may come back
 * @param detector           {@code phi} or {@code fixed}
 * @param suspicion          phi, or intervals missed, at {@code atNanos}; 0 before the first heartbeat
 * @param threshold          the suspicion at which the peer is (or was) suspected
 * @param atNanos            ticker time of the snapshot
 * @param sinceLastHeartbeat silence so far, or {@code null} before the first heartbeat
 * @param meanInterval       mean inter-arrival time of recent heartbeats, or {@code null} below one sample
 * @param stdDevInterval     their standard deviation (not floored), or {@code null} below one sample
 * @param intervalSamples    how many inter-arrival times the two are computed from
 * @param heartbeats         heartbeats accepted (duplicates excluded)
 * @param lost               heartbeats whose sequence number was skipped and never arrived
 * @param late               heartbeats that arrived after a later one (reordered)
 * @param duplicates         heartbeats that arrived twice (ignored by the detector)
 * @param restarts           times the peer started over with a new incarnation
 * @param suspicions         times the peer went from ALIVE to SUSPECT
 * @param suspectedTotal     time spent in SUSPECT, the current episode included
 * @param suspectedFor       length of the current SUSPECT episode, or {@link Duration#ZERO}
 * @param lastSuspicion      length of the latest finished SUSPECT episode (in a PEER_RECOVERED event: the
 *                           one that just ended), or {@code null} if none has ended
 * @param rtt                smoothed round trip of our heartbeats to this peer (RFC 6298 SRTT, α = 1/8), or
 *                           {@code null} before the first acknowledgement
 * @param lastRtt            the latest round trip, or {@code null}
 * @param acks               acknowledgements received from this peer
 */
public record PeerStatus(
        String id,
        Liveness liveness,
        String detector,
        double suspicion,
        double threshold,
        long atNanos,
        Duration sinceLastHeartbeat,
        Duration meanInterval,
        Duration stdDevInterval,
        int intervalSamples,
        long heartbeats,
        long lost,
        long late,
        long duplicates,
        long restarts,
        long suspicions,
        Duration suspectedTotal,
        Duration suspectedFor,
        Duration lastSuspicion,
        Duration rtt,
        Duration lastRtt,
        long acks) {

    /** Fraction of heartbeats lost: {@code lost / (heartbeats + lost)}, 0 when none were expected. */
    public double lossRatio() {
        long expected = heartbeats + lost;
        return expected == 0 ? 0 : (double) lost / expected;
    }
}
