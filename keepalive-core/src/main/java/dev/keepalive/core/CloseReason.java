package dev.keepalive.core;

/**
 * Why a connection ended. One vocabulary across layers: every close is counted by reason and shows in
 * stats, so "why did my connection drop?" always has an answer.
 */
public enum CloseReason {
    /** No request or message in flight for longer than the idle timeout. */
    IDLE_TIMEOUT,
    /** The connection served its maximum number of requests. */
    MAX_REQUESTS,
    /** The connection outlived its maximum age. */
    MAX_AGE,
    /** The peer closed (FIN) or reset (RST) the connection, or asked for close. */
    PEER_CLOSED,
    /** The peer stopped answering liveness signals (missed pong, keepalive probe, heartbeat). */
    PEER_DEAD,
    /** The request head did not arrive within the head deadline (slowloris protection). */
    HEADER_TIMEOUT,
    /** The peer sent something malformed or unsupported. */
    BAD_REQUEST,
    /** A limit was hit: size limits, connection limits, eviction under pressure. */
    LIMIT,
    /** The local side is shutting down. */
    SHUTDOWN,
    /** An unexpected I/O or internal error. */
    ERROR;

    /**
     * Why a read or write on a socket failed: {@link #PEER_DEAD} when the kernel gave up on a silent peer
     * (ETIMEDOUT: TCP keepalive probes or retransmissions went unanswered), otherwise {@link #PEER_CLOSED}
     * (FIN, RST, broken pipe). Java reports errno only through the message, so this reads the message.
     */
    public static CloseReason ofIoFailure(java.io.IOException e) {
        String message = e.getMessage();
        return "Connection timed out".equals(message) || "Operation timed out".equals(message) // Linux, BSD/macOS
                ? PEER_DEAD : PEER_CLOSED;
    }
}
