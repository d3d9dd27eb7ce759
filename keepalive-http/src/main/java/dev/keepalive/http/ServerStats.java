package dev.keepalive.http;

import dev.keepalive.core.CloseReason;
import java.util.Map;

/**
 * A snapshot of an {@link HttpServer}'s counters.
 *
 * @param openConnections   connections open now ({@code active + idle})
 * @param activeConnections connections with a request in flight or a response being written
 * @param idleConnections   persistent connections waiting for their next request
 * @param accepted          connections accepted since start
 * @param requests          requests answered since start
 * @param acceptPauses      times accepting paused because every connection slot was busy
 * @param closes            closed connections by reason (every reason present, zeros included)
 */
public record ServerStats(
        long openConnections,
        long activeConnections,
        long idleConnections,
        long accepted,
        long requests,
        long acceptPauses,
        Map<CloseReason, Long> closes) {

    /** Connections closed since start, all reasons. */
    public long closedConnections() {
        long sum = 0;
        for (long n : closes.values()) {
            sum += n;
        }
        return sum;
    }

    /** Mean requests per accepted connection. */
    public double requestsPerConnection() {
        return accepted == 0 ? 0 : (double) requests / accepted;
    }

    /** Share of requests served on a connection that had already served one: {@code 1 - accepted/requests}. */
    public double reuseRatio() {
        return requests == 0 ? 0 : Math.max(0, (double) (requests - accepted) / requests);
    }

    /** The snapshot as a JSON object. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"openConnections\":").append(openConnections)
                .append(",\"activeConnections\":").append(activeConnections)
                .append(",\"idleConnections\":").append(idleConnections)
                .append(",\"accepted\":").append(accepted)
                .append(",\"requests\":").append(requests)
                .append(",\"requestsPerConnection\":").append(round(requestsPerConnection()))
                .append(",\"reuseRatio\":").append(round(reuseRatio()))
                .append(",\"acceptPauses\":").append(acceptPauses)
                .append(",\"closedConnections\":").append(closedConnections())
                .append(",\"closes\":{");
        boolean first = true;
        for (Map.Entry<CloseReason, Long> e : closes.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(e.getKey().name()).append("\":").append(e.getValue());
        }
        return sb.append("}}").toString();
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
