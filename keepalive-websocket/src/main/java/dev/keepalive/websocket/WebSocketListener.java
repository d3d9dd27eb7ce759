package dev.keepalive.websocket;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Receives one connection's events. Server side, every call runs on the connection's event loop and
 * must not block; client side it runs on the connection's reader thread, where blocking delays reading
 * (and so the pongs: block for less than {@link WebSocketOptions#pongTimeout()}). An exception thrown
 * here closes the connection with 1011.
 */
public interface WebSocketListener {

    /** The handshake is done; messages may flow. */
    default void onOpen(WebSocket ws) {
    }

    /** A whole text message, UTF-8 checked and reassembled from its fragments. */
    default void onText(WebSocket ws, String text) {
    }

    /** A whole binary message; the buffer is the listener's to keep. */
    default void onBinary(WebSocket ws, ByteBuffer data) {
    }

    /** A pong answered one of our pings after {@code rtt}. */
    default void onHeartbeat(WebSocket ws, Duration rtt) {
    }

    /** The connection ended; called exactly once, after the TCP connection is gone. */
    default void onClose(WebSocket ws, CloseStatus status) {
    }
}
