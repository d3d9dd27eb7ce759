package dev.keepalive.websocket;

import java.time.Duration;

/** Hooks of a {@link ReconnectingWebSocket}, beside the connection's own {@link WebSocketListener}. */
public interface ReconnectListener {
    /** No hooks. */
    ReconnectListener NONE = new ReconnectListener() {
    };

    /**
     * Connected again after a loss, right after {@link WebSocketListener#onOpen}: the place to resubscribe
     * or resend what the server forgot.
     *
     * @param attempts connection attempts it took, the successful one included
     * @param downtime from the loss of the previous connection to this one's handshake
     */
    default void onConnectedAgain(WebSocket ws, int attempts, Duration downtime) {
    }

    /**
     * The next attempt is scheduled.
     *
     * @param attempt the backoff attempt number (1 for the first retry since the last reset)
     * @param delay   the full-jitter delay drawn for it
     * @param cause   why: the close status or the connect error, one line
     */
    default void onRetry(int attempt, Duration delay, String cause) {
    }
}
