package dev.keepalive.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code kal probe} found out about a server; {@link ProbeTable} and {@link ProbeJson} print it.
 *
 * @param url         the URL probed
 * @param elapsed     how long the whole probe took
 * @param basics      the first requests: version, persistence, headers
 * @param http10      HTTP/1.0 requests without and with {@code Connection: keep-alive}
 * @param idle        the idle timeout, measured
 * @param maxRequests requests per connection, measured
 * @param latency     a request on a new connection versus on a reused one
 * @param advice      safe client settings and warnings derived from the above
 */
record ProbeReport(String url, Duration elapsed, Basics basics, Http10 http10, Idle idle, MaxRequests maxRequests,
                   Latency latency, ProbeAdvice advice) {

    /**
     * @param statusLine       of the first response, e.g. {@code HTTP/1.1 200 OK}
     * @param version          {@code HTTP/1.1} or {@code HTTP/1.0}
     * @param server           the {@code Server} header, or null
     * @param persistent       a second request on the first connection was answered
     * @param requestsAnswered requests answered on the first connection, of {@code requestsSent}
     * @param requestsSent     requests sent on the first connection (stops early when the server closes)
     * @param connection       {@code Connection} header of the first response, or null
     * @param keepAlive        {@code Keep-Alive} header of the first response, or null
     * @param advertisedIdle   {@code Keep-Alive: timeout=} of the first response, or null
     * @param advertisedMax    requests per connection implied by {@code Keep-Alive: max=} of the first
     *                         response (its max, the requests left, plus that first one), or -1
     * @param notPersistent    why the connection did not persist, or null when it did
     */
    record Basics(String statusLine, String version, int status, String server, boolean persistent,
                  int requestsAnswered, int requestsSent, String connection, String keepAlive,
                  Duration advertisedIdle, long advertisedMax, String notPersistent) {
    }

    /** HTTP/1.0 behaviour: a plain request, and one that asks {@code Connection: keep-alive}. */
    record Http10(Check plain, Check keepAlive) {
        /**
         * @param statusLine of the response, or null when the request failed
         * @param connection {@code Connection} header of the response, or null
         * @param keepAlive  {@code Keep-Alive} header of the response, or null
         * @param persisted  a second HTTP/1.0 request on the same connection was answered
         * @param detail     how the connection ended, or why the request failed
         */
        record Check(String statusLine, String connection, String keepAlive, boolean persisted, String detail) {
        }
    }

    /**
     * The idle timeout.
     *
     * @param result        what was found
     * @param measured      the idle timeout (median of the watched connections), or null
     * @param samples       idle time of each watched connection when the server ended it
     * @param signal        how the server ended idle connections: FIN, RST or a response such as 408
     * @param maxIdle       the longest idle time probed ({@code --max-idle})
     * @param verifications connections left idle a little under {@code measured}, then sent a request
     * @param lowerBound    SILENT_DROP: the longest idle after which a request still worked, else null
     * @param upperBound    SILENT_DROP: the shortest idle after which a request failed, else null
     * @param detail        a note for the reader, or null
     */
    record Idle(Result result, Duration measured, List<Duration> samples, String signal, Duration maxIdle,
                List<Verification> verifications, Duration lowerBound, Duration upperBound, String detail) {

        enum Result {
            /** the server ended idle connections after {@code measured} */
            MEASURED,
            /** idle connections stayed open, and usable, for {@code maxIdle} */
            NONE,
            /** idle connections became unusable without a FIN or RST, between the bounds */
            SILENT_DROP,
            /** the server closes after every response: nothing to measure */
            NOT_PERSISTENT,
            /** the measurement could not run (see detail) */
            FAILED
        }

        /** A request after {@code idle}: answered, or what happened instead. */
        record Verification(Duration idle, boolean ok, String detail) {
        }
    }

    /**
     * Requests per connection.
     *
     * @param result   what was found
     * @param count    requests answered on the probing connection
     * @param limit    the most requests probed ({@code --max-requests-probe})
     * @param detail   a note for the reader, or null
     */
    record MaxRequests(Result result, int count, int limit, String detail) {
        enum Result {
            /** the count-th response said {@code Connection: close} */
            CONNECTION_CLOSE,
            /** the server closed after count responses without saying so */
            CLOSED_WITHOUT_NOTICE,
            /** limit requests were answered and the connection was still open */
            NONE,
            /** the server closes after every response */
            NOT_PERSISTENT,
            /** the measurement could not run (see detail) */
            FAILED
        }

        /** The enforced limit, or -1 when none was found. */
        int enforced() {
            return result == Result.CONNECTION_CLOSE || result == Result.CLOSED_WITHOUT_NOTICE ? count : -1;
        }
    }

    /**
     * Latency of one request (write to last body byte) on new connections (connect and TLS included)
     * and on reused ones.
     *
     * @param samples       samples asked for, each kind
     * @param newConnection connect + TLS + request, or null when none succeeded
     * @param reused        request on a connection that had served one before, or null when the server
     *                      does not keep connections
     * @param connect       TCP connect alone
     * @param tls           TLS handshake alone, null for http
     * @param firstTls      the very first handshake of the run (no session to resume), 0 for http
     * @param reconnects    times the reused series needed a new connection (server limit or close)
     * @param detail        a note for the reader, or null
     */
    record Latency(int samples, Stats newConnection, Stats reused, Stats connect, Stats tls, long firstTls,
                   int reconnects, String detail) {
    }

    /** Nearest-rank percentiles of {@code count} samples, in nanoseconds. */
    record Stats(int count, long p50, long p99) {
        /** Percentiles of {@code nanos}, or null when it is empty. */
        static Stats of(long[] nanos, int count) {
            if (count == 0) {
                return null;
            }
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return new Stats(count, rank(sorted, 0.50), rank(sorted, 0.99));
        }

        private static long rank(long[] sorted, double p) {
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }
}
