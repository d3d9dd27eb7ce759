package dev.keepalive.heartbeat;

import java.time.Duration;

/**
 * Which {@link FailureDetector} a monitor builds for each peer, with its settings. The heartbeat
 * interval is not part of these options: it lives once, in {@link HeartbeatOptions#interval()}, and is
 * handed to {@link #newDetector(Duration)}, so a detector and the sender it watches cannot disagree.
 */
public sealed interface DetectorOptions permits FixedTimeoutOptions, PhiAccrualOptions {

    /** A fresh detector for one peer that sends a heartbeat every {@code interval}. */
    FailureDetector newDetector(Duration interval);

    /** {@code phi} or {@code fixed}. */
    String name();

    /**
     * How long after the last heartbeat a dead peer is suspected, for a peer whose heartbeats arrived
     * exactly every {@code interval} (the detection time of DESIGN.md, before network jitter widens it).
     */
    Duration detectionTime(Duration interval);
}
