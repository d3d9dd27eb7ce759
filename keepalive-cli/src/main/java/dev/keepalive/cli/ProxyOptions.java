package dev.keepalive.cli;

import dev.keepalive.core.Checks;
import dev.keepalive.core.Durations;
import java.time.Duration;

/**
 * The faults of {@code kal proxy}, all changeable at run time: the proxy swaps the whole record.
 *
 * @param latency     added before each chunk is forwarded; default 0 (off); 0..1h
 * @param jitter      a further uniform random 0..jitter per chunk; default 0; 0..1h
 * @param bandwidth   bytes per second per direction of each flow; default 0 = unlimited
 * @param idleDrop    a flow idle this long stops forwarding forever, with no FIN and no RST (a NAT that
 *                    forgot it); default 0 = never; 0..24h
 * @param blackhole   every flow holds its data (nothing forwarded, nothing closed); default off
 * @param slowClose   a FIN from one side reaches the other this much later; default 0; 0..1h
 * @param limitData   a flow is closed (FIN both ways) after this many bytes, both directions counted;
 *                    default 0 = no limit
 */
record ProxyOptions(Duration latency, Duration jitter, long bandwidth, Duration idleDrop, boolean blackhole,
        Duration slowClose, long limitData) {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofHours(24);

    ProxyOptions {
        Checks.range("latency", latency, Duration.ZERO, HOUR);
        Checks.range("jitter", jitter, Duration.ZERO, HOUR);
        Checks.range("idleDrop", idleDrop, Duration.ZERO, DAY);
        Checks.range("slowClose", slowClose, Duration.ZERO, HOUR);
        if (bandwidth < 0) {
            throw new IllegalArgumentException("bandwidth must be >= 0 (0 = unlimited): " + bandwidth);
        }
        if (limitData < 0) {
            throw new IllegalArgumentException("limitData must be >= 0 (0 = no limit): " + limitData);
        }
    }

    static ProxyOptions defaults() {
        return builder().build();
    }

    static Builder builder() {
        return new Builder();
    }

    Builder toBuilder() {
        return new Builder().latency(latency).jitter(jitter).bandwidth(bandwidth).idleDrop(idleDrop)
                .blackhole(blackhole).slowClose(slowClose).limitData(limitData);
    }

    /** The settings as the proxy prints them. */
    String describe() {
        return "latency " + Durations.format(latency)
                + (jitter.isZero() ? "" : " (+0.." + Durations.format(jitter) + ")")
                + ", bandwidth " + (bandwidth == 0 ? "unlimited" : bandwidth + " B/s")
                + ", idle-drop " + (idleDrop.isZero() ? "off" : Durations.format(idleDrop))
                + ", blackhole " + (blackhole ? "on" : "off")
                + ", slow-close " + Durations.format(slowClose)
                + ", limit-data " + (limitData == 0 ? "off" : limitData + " B");
    }

    static final class Builder {
        private Duration latency = Duration.ZERO;
        private Duration jitter = Duration.ZERO;
        private long bandwidth;
        private Duration idleDrop = Duration.ZERO;
        private boolean blackhole;
        private Duration slowClose = Duration.ZERO;
        private long limitData;

        Builder latency(Duration v) { latency = v; return this; }
        Builder jitter(Duration v) { jitter = v; return this; }
        Builder bandwidth(long v) { bandwidth = v; return this; }
        Builder idleDrop(Duration v) { idleDrop = v; return this; }
        Builder blackhole(boolean v) { blackhole = v; return this; }
        Builder slowClose(Duration v) { slowClose = v; return this; }
        Builder limitData(long v) { limitData = v; return this; }

        ProxyOptions build() {
            return new ProxyOptions(latency, jitter, bandwidth, idleDrop, blackhole, slowClose, limitData);
        }
    }
}
