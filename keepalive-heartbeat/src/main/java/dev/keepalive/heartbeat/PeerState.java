package dev.keepalive.heartbeat;

import dev.keepalive.core.Liveness;
import dev.keepalive.core.TimerWheel;
import java.time.Duration;

/**
 * A monitor's mutable record of one peer. Guarded by the monitor's lock.
 *
 * <pre>
 *   UNKNOWN --first heartbeat--> ALIVE --check timer: detector suspects--> SUSPECT
 *      |                           ^                                          |  |
 *      |                           \----------------- heartbeat --------------/  |
 *      \--(discovered only) timer: forgetAfter without a heartbeat / in SUSPECT --+--> FORGOTTEN (removed)
 * </pre>
 *
 * The check timer sits at the detector's {@link FailureDetector#suspectAtNanos()}. A heartbeat does not
 * move it (rule 5: reschedule for the remaining time when it fires), except to bring it earlier when the
 * new rhythm makes the verdict due sooner. In SUSPECT no timer is scheduled for a configured peer: the
 * next heartbeat decides. A discovered peer's timer is then set to forget it
 * ({@link HeartbeatOptions#forgetAfter()}); a heartbeat moves it back to the detector's verdict.
 */
final class PeerState {
    final String id;
    final FailureDetector detector;
    final SequenceWindow sequence = new SequenceWindow();
    final TimerWheel.Timer timer;
    /** Watched because it sent heartbeats, not because it was configured: may be forgotten. */
    boolean discovered;
    long addedAt;
    Liveness liveness = Liveness.UNKNOWN;
    long heartbeats;
    long suspicions;
    long suspectedSince;
    long suspectedTotal;
    long lastSuspicion = -1;
    long acks;
    long lastRtt = -1;
    double srtt = -1;

    PeerState(String id, FailureDetector detector, Runnable check) {
        this.id = id;
        this.detector = detector;
        this.timer = new TimerWheel.Timer(check);
    }

    void rtt(long rttNanos) {
        acks++;
        lastRtt = rttNanos;
        // RFC 6298 §2: SRTT <- 7/8 SRTT + 1/8 R', starting at the first measurement
        srtt = srtt < 0 ? rttNanos : srtt + (rttNanos - srtt) / 8;
    }

    PeerStatus snapshot(long now) {
        FailureDetector d = detector;
        boolean seen = d.hasHeartbeat();
        int samples = d.intervalSamples();
        long current = liveness == Liveness.SUSPECT ? Math.max(0, now - suspectedSince) : 0;
        return new PeerStatus(id, liveness, d.name(), d.suspicion(now), d.threshold(), now,
                seen ? Duration.ofNanos(Math.max(0, now - d.lastHeartbeatNanos())) : null,
                samples == 0 ? null : Duration.ofNanos(Math.round(d.meanIntervalNanos())),
                samples == 0 ? null : Duration.ofNanos(Math.round(d.stdDevIntervalNanos())),
                samples, heartbeats, sequence.lost(), sequence.late(), sequence.duplicates(), sequence.restarts(),
                suspicions, Duration.ofNanos(suspectedTotal + current), Duration.ofNanos(current),
                lastSuspicion < 0 ? null : Duration.ofNanos(lastSuspicion),
                srtt < 0 ? null : Duration.ofNanos(Math.round(srtt)),
                lastRtt < 0 ? null : Duration.ofNanos(lastRtt), acks);
    }
}
