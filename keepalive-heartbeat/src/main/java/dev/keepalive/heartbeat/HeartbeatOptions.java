package dev.keepalive.heartbeat;

import dev.keepalive.core.Backoff;
import dev.keepalive.core.Checks;
import dev.keepalive.core.Durations;
import dev.keepalive.core.TcpKeepAlive;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a heartbeat sender and monitor. Immutable; build with {@link #builder()}. A bad value is
 * refused when built, with the option's name, the value and the allowed range.
 *
 * @param id             this node's sender id, carried in every heartbeat. Default {@code null}: the
 *                       transport uses its bound address, {@code ip:port}. 1..255 bytes of UTF-8.
 * @param interval       time between two heartbeats to one peer, and the interval every detector
 *                       assumes. Default 1 s (DESIGN.md); range 1 ms..1 h.
 * @param detector       the failure detector built for each peer. Default phi accrual with threshold 8,
 *                       min std dev 100 ms, acceptable pause 0, window 1000 (DESIGN.md).
 * @param timerTick      resolution of the monitor's timer wheel: a verdict is reached up to one tick late,
 *                       never early. Default 10 ms; range 1 ms..1 s, and at most {@code interval}.
 * @param reconnect      TCP sender: delays between reconnection attempts (full jitter). Default
 *                       {@link Backoff#DEFAULT}: base 500 ms, cap 30 s, reset after 10 s up.
 * @param tcpKeepAlive   TCP: keepalive on heartbeat connections, a backstop below the heartbeats.
 *                       Default {@link TcpKeepAlive#LONG_LIVED} (60 s / 10 s / 5); {@code null} leaves the
 *                       OS default.
 * @param connectTimeout TCP sender: how long one connection attempt may take. Default 10 s; range
 *                       1 ms..1 h.
 * @param missedAcks     TCP sender: the connection is given up and re-established when this many
 *                       intervals pass without an acknowledgement (a fixed-timeout detector over the
 *                       acks). Default 3; range 1..1000.
 * @param maxDiscoveredPeers how many peers that were not configured (added with {@code addPeer}) the
 *                       monitor watches at once: a TCP node watches any sender that connects, so without a
 *                       cap every id ever seen would stay. A sender beyond it is acknowledged but not
 *                       watched, and counted in {@link TransportStats#unknownSenders()}. Default 1024:
 *                       far above a real mesh, yet under 10 MB (a phi detector keeps a window of 1000
 *                       samples, 8 KB, per peer). 0 watches configured peers only; range 0..1 000 000.
 * @param forgetAfter    a discovered (not configured) peer that has been suspected this long is forgotten:
 *                       removed from the monitor with a {@link HeartbeatEvent.Type#PEER_FORGOTTEN} event,
 *                       freeing its place; if it comes back it starts over as new. Configured peers are
 *                       never forgotten. Default 1 min: 60 heartbeats missed at the default interval, long
 *                       after a restart with the same id would have recovered it. Range 1 ms..24 h.
 */
public record HeartbeatOptions(
        String id,
        Duration interval,
        DetectorOptions detector,
        Duration timerTick,
        Backoff reconnect,
        TcpKeepAlive tcpKeepAlive,
        Duration connectTimeout,
        int missedAcks,
        int maxDiscoveredPeers,
        Duration forgetAfter) {

    public HeartbeatOptions {
        if (id != null) {
            int bytes = id.getBytes(StandardCharsets.UTF_8).length;
            if (bytes < 1 || bytes > Wire.MAX_ID) {
                throw new IllegalArgumentException("id must be 1..255 bytes of UTF-8: '" + id + "' (" + bytes
                        + " bytes)");
            }
        }
        Checks.range("interval", interval, Duration.ofMillis(1), Duration.ofHours(1));
        Objects.requireNonNull(detector, "detector");
        Checks.range("timerTick", timerTick, Duration.ofMillis(1), Duration.ofSeconds(1));
        if (timerTick.compareTo(interval) > 0) {
            throw new IllegalArgumentException("timerTick must be <= interval (" + Durations.format(interval)
                    + "): " + Durations.format(timerTick));
        }
        Objects.requireNonNull(reconnect, "reconnect");
        Checks.range("connectTimeout", connectTimeout, Duration.ofMillis(1), Duration.ofHours(1));
        Checks.range("missedAcks", missedAcks, 1, 1000);
        Checks.range("maxDiscoveredPeers", maxDiscoveredPeers, 0, 1_000_000);
        Checks.range("forgetAfter", forgetAfter, Duration.ofMillis(1), Duration.ofHours(24));
    }

    public static HeartbeatOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().id(id).interval(interval).detector(detector).timerTick(timerTick)
                .reconnect(reconnect).tcpKeepAlive(tcpKeepAlive).connectTimeout(connectTimeout)
                .missedAcks(missedAcks).maxDiscoveredPeers(maxDiscoveredPeers).forgetAfter(forgetAfter);
    }

    /** How long after a dead peer's last heartbeat the detector suspects it, for steady heartbeats. */
    public Duration detectionTime() {
        return detector.detectionTime(interval);
    }

    /** Mutable builder holding the defaults documented on {@link HeartbeatOptions}. */
    public static final class Builder {
        private String id;
        private Duration interval = Duration.ofSeconds(1);
        private DetectorOptions detector = PhiAccrualOptions.defaults();
        private Duration timerTick = Duration.ofMillis(10);
        private Backoff reconnect = Backoff.DEFAULT;
        private TcpKeepAlive tcpKeepAlive = TcpKeepAlive.LONG_LIVED;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int missedAcks = 3;
        private int maxDiscoveredPeers = 1024;
        private Duration forgetAfter = Duration.ofMinutes(1);

        private Builder() {
        }

        public Builder id(String v) { id = v; return this; }
        public Builder interval(Duration v) { interval = v; return this; }
        public Builder detector(DetectorOptions v) { detector = v; return this; }
        public Builder timerTick(Duration v) { timerTick = v; return this; }
        public Builder reconnect(Backoff v) { reconnect = v; return this; }
        public Builder tcpKeepAlive(TcpKeepAlive v) { tcpKeepAlive = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder missedAcks(int v) { missedAcks = v; return this; }
        public Builder maxDiscoveredPeers(int v) { maxDiscoveredPeers = v; return this; }
        public Builder forgetAfter(Duration v) { forgetAfter = v; return this; }

        public HeartbeatOptions build() {
            return new HeartbeatOptions(id, interval, detector, timerTick, reconnect, tcpKeepAlive,
                    connectTimeout, missedAcks, maxDiscoveredPeers, forgetAfter);
        }
    }
}
