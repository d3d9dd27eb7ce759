package dev.keepalive.websocket;

import java.io.IOException;

/** The server did not accept the WebSocket handshake, e.g. {@code server answered 'HTTP/1.1 403 Forbidden'}. */
public final class HandshakeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HandshakeException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status of the answer, or 0 when there was no readable answer. */
    public int status() {
        return status;
    }
}
