package dev.keepalive.websocket.internal;

/**
 * A reason to fail the connection (RFC 6455 §7.1.7) with a close code and evidence, e.g.
 * {@code 1009 "frame of 70000 bytes exceeds maxFrameSize 65536"}. Thrown often by hostile peers, so
 * without a stack trace.
 */
public final class ProtocolError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;

    public ProtocolError(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
