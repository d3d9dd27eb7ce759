package dev.keepalive.http;

import dev.keepalive.core.CloseReason;
import java.util.Map;

/**
 * A snapshot of an {@link HttpClient}'s counters.
 *
 * @param requests           exchanges that got a response head
 * @param connectionsCreated connections opened
 * @param reused             exchanges that ran on a connection that had carried one before
 * @param retries            requests repeated on a fresh connection after a reused one failed
 * @param openConnections    connections open now, busy or idle
 * @param idleConnections    idle connections waiting in the pools
 * @param closes             closed connections by reason (every reason present)
 */
public record ClientStats(long requests, long connectionsCreated, long reused, long retries,
                          long openConnections, long idleConnections, Map<CloseReason, Long> closes) {

    /** Share of exchanges that reused a connection. */
    public double reuseRatio() {
        return requests == 0 ? 0 : (double) reused / requests;
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder(200);
        sb.append("{\"requests\":").append(requests)
                .append(",\"connectionsCreated\":").append(connectionsCreated)
                .append(",\"reused\":").append(reused)
                .append(",\"reuseRatio\":").append(Math.round(reuseRatio() * 1000) / 1000.0)
                .append(",\"retries\":").append(retries)
                .append(",\"openConnections\":").append(openConnections)
                .append(",\"idleConnections\":").append(idleConnections)
                .append(",\"closes\":{");
        boolean first = true;
        for (Map.Entry<CloseReason, Long> e : closes.entrySet()) {
            sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue());
            first = false;
        }
        return sb.append("}}").toString();
    }
}
