package dev.keepalive.websocket;

import dev.keepalive.core.CloseReason;
import java.time.Duration;
import java.util.Map;

/**
 * Counters of an endpoint or a client, read at one moment. RTT percentiles come from a
 * {@link dev.keepalive.core.Histogram} shared by the owner's connections (one histogram per connection
 * would cost 4 KiB each, more than the rest of an idle connection).
 *
 * @param open          connections open now
 * @param opened        connections that completed the handshake
 * @param messagesIn    data messages received (app heartbeats excluded)
 * @param messagesOut   data messages sent
 * @param dropped       messages and fragments dropped because the connection was no longer open
 * @param pingsSent     liveness pings sent
 * @param pongsReceived pongs received, solicited or not
 * @param pingsReceived pings received from peers (answered unless they flooded)
 * @param appHeartbeats kal-ws.js heartbeats answered
 * @param lastRtt       the latest measured round-trip time, or null
 * @param rttCount      RTT samples
 * @param rttP50        median RTT (upper bucket bound), or null without samples
 * @param rttP99        99th percentile RTT, or null
 * @param rttMax        largest RTT, or null
 * @param closes        ended connections by reason, every reason listed
 */
public record WebSocketStats(long open, long opened, long messagesIn, long messagesOut, long dropped,
                             long pingsSent, long pongsReceived, long pingsReceived, long appHeartbeats,
                             Duration lastRtt, long rttCount, Duration rttP50, Duration rttP99, Duration rttMax,
                             Map<CloseReason, Long> closes) {

    public WebSocketStats {
        closes = Map.copyOf(closes);
    }

    /** One JSON object, for stats endpoints; durations in microseconds. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(320);
        sb.append("{\"open\":").append(open).append(",\"opened\":").append(opened)
                .append(",\"messagesIn\":").append(messagesIn).append(",\"messagesOut\":").append(messagesOut)
                .append(",\"dropped\":").append(dropped).append(",\"pingsSent\":").append(pingsSent)
                .append(",\"pongsReceived\":").append(pongsReceived).append(",\"pingsReceived\":").append(pingsReceived)
                .append(",\"appHeartbeats\":").append(appHeartbeats)
                .append(",\"lastRttMicros\":").append(micros(lastRtt)).append(",\"rttCount\":").append(rttCount)
                .append(",\"rttP50Micros\":").append(micros(rttP50)).append(",\"rttP99Micros\":").append(micros(rttP99))
                .append(",\"rttMaxMicros\":").append(micros(rttMax)).append(",\"closes\":{");
        boolean first = true;
        for (CloseReason r : CloseReason.values()) {
            sb.append(first ? "" : ",").append('"').append(r.name()).append("\":").append(closes.getOrDefault(r, 0L));
            first = false;
        }
        return sb.append("}}").toString();
    }

    private static String micros(Duration d) {
        return d == null ? "null" : Long.toString(d.toNanos() / 1000);
    }
}
