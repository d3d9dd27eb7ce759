package dev.keepalive.jdbc;

import dev.keepalive.core.CloseReason;

/**
 * Why the pool closed one of its connections. Every eviction is counted by reason in
 * {@link PoolStats#evictions()} and logged as {@code pool_evict}; {@link #closeReason()} maps it onto the
 * project-wide {@link CloseReason} vocabulary.
 */
public enum EvictionReason {
    /** A background keepalive validation of an idle connection failed. */
    KEEPALIVE_FAILED(CloseReason.PEER_DEAD),
    /** Validation when borrowed (after {@code validateAfterIdle}) failed; the borrower got another. */
    VALIDATION_FAILED(CloseReason.PEER_DEAD),
    /** The connection threw SQLState class 08 or a driver's fatal code (PostgreSQL 57P01..57P05). */
    BROKEN(CloseReason.PEER_CLOSED),
    /** Rolling back or restoring the connection's settings on return failed. */
    RESET_FAILED(CloseReason.ERROR),
    /** Idle above {@code minimumIdle} for longer than {@code idleTimeout}. */
    IDLE_TIMEOUT(CloseReason.IDLE_TIMEOUT),
    /** Older than its (jittered) {@code maxLifetime}. */
    MAX_LIFETIME(CloseReason.MAX_AGE),
    /** The pool is shutting down. */
    SHUTDOWN(CloseReason.SHUTDOWN);

    private final CloseReason closeReason;

    EvictionReason(CloseReason closeReason) {
        this.closeReason = closeReason;
    }

    /** The cross-layer close reason this eviction counts as. */
    public CloseReason closeReason() {
        return closeReason;
    }
}
