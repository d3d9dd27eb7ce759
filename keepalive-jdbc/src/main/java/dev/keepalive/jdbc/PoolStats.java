package dev.keepalive.jdbc;

import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of a {@link KeepAlivePool}. Gauges (total, active, idle, waiting) are read one after the
 * other while borrowers run, so under load they may disagree by a connection or two; counters only go
 * up. In a quiet pool: {@code total == active + idle + probing},
 * {@code opened == total + evictions.values().sum()} and {@code borrows == returns + active}.
 *
 * @param poolName            the pool's name
 * @param total               open connections, whatever their state
 * @param active              connections borrowed right now
 * @param idle                connections ready to borrow
 * @param probing             idle connections being validated by the keepalive right now
 * @param waiting             borrowers waiting for a connection
 * @param borrows             successful {@code getConnection()} calls
 * @param returns             borrowed connections given back ({@code close()} or {@code abort()})
 * @param timeouts            {@code getConnection()} calls that gave up after {@code connectionTimeout}
 * @param borrowWaitP50       median time {@code getConnection()} took to find a live connection
 * @param borrowWaitP99       99th percentile of the same
 * @param borrowWaitMax       longest such wait
 * @param validations         validations run (keepalive and on borrow)
 * @param validationFailures  validations that found a dead connection (on borrow)
 * @param keepalives          keepalive validations of idle connections
 * @param keepaliveFailures   keepalive validations that found a dead connection
 * @param opened              connections opened
 * @param openFailures        attempts to open a connection that failed
 * @param leaks               borrows reported as possible leaks
 * @param evictions           closed connections by reason, every reason listed
 */
public record PoolStats(
        String poolName,
        int total,
        int active,
        int idle,
        int probing,
        int waiting,
        long borrows,
        long returns,
        long timeouts,
        Duration borrowWaitP50,
        Duration borrowWaitP99,
        Duration borrowWaitMax,
        long validations,
        long validationFailures,
        long keepalives,
        long keepaliveFailures,
        long opened,
        long openFailures,
        long leaks,
        Map<EvictionReason, Long> evictions) {

    public PoolStats {
        evictions = Map.copyOf(evictions);
    }

    /** Connections closed by the pool, all reasons together. */
    public long evicted() {
        long n = 0;
        for (long v : evictions.values()) {
            n += v;
        }
        return n;
    }

    /** Connections closed for {@code reason}. */
    public long evicted(EvictionReason reason) {
        return evictions.getOrDefault(reason, 0L);
    }
}
