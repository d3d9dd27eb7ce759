package dev.keepalive.core;

/**
 * What we currently believe about a peer, shared by every liveness mechanism (WebSocket ping/pong, pool
 * validation, heartbeat failure detectors). A verdict, not a fact: the network cannot tell a dead peer
 * from a slow one, so there is a middle state between answering and written off.
 *
 * <pre>
 *   UNKNOWN --first answer--> ALIVE --signal overdue--> SUSPECT --detection time passed--> DEAD
 *                               ^                          |
 *                               \------ answer arrives ----/
 * </pre>
 *
 * DEAD is final for a connection: it is closed with {@link CloseReason#PEER_DEAD}, and a reconnect starts
 * a new connection in UNKNOWN.
 */
public enum Liveness {
    /** No signal has been answered yet (just connected, or monitoring just started). */
    UNKNOWN,
    /** The last liveness signal was answered within its timeout. */
    ALIVE,
    /**
     * An answer is overdue, but the detection time has not passed: keep the connection, stop trusting it
     * for new work where an alternative exists, and report it.
     */
    SUSPECT,
    /** Nothing answered within the detection time; the connection is to be closed. */
    DEAD
}
