package dev.keepalive.websocket.internal;

import dev.keepalive.websocket.CloseStatus;
import dev.keepalive.websocket.WebSocket;
import dev.keepalive.websocket.WebSocketStats;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The public face of a {@link Session}: argument checks, and the hand-off from any thread to the loop
 * where the session's state lives.
 */
abstract sealed class SessionApi implements WebSocket permits Session {
    final Transport transport;
    final Meter meter;
    private final String subprotocol;
    volatile long lastRtt = -1;

    SessionApi(Transport transport, Meter meter, String subprotocol) {
        this.transport = transport;
        this.meter = meter;
        this.subprotocol = subprotocol;
    }

    /** Sends on the loop; returns false (and counts a drop) when no longer open. */
    abstract boolean sendOnLoop(int type, ByteBuffer data, boolean last);

    abstract void closeOnLoop(int code, String reason);

    abstract void abortOnLoop();

    @Override
    public boolean sendText(String text) {
        return send(Frames.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true);
    }

    @Override
    public boolean sendBinary(ByteBuffer data) {
        return send(Frames.BINARY, data, true);
    }

    @Override
    public boolean sendText(String fragment, boolean last) {
        return send(Frames.TEXT, ByteBuffer.wrap(fragment.getBytes(StandardCharsets.UTF_8)), last);
    }

    @Override
    public boolean sendBinary(ByteBuffer fragment, boolean last) {
        return send(Frames.BINARY, fragment, last);
    }

    private boolean send(int type, ByteBuffer payload, boolean last) {
        ByteBuffer data = payload.duplicate(); // the caller's position stays where it was
        if (transport.inLoop()) {
            return sendOnLoop(type, data, last);
        }
        if (!isOpen()) {
            meter.dropped.increment();
            return false;
        }
        transport.execute(() -> sendOnLoop(type, data, last));
        return true;
    }

    @Override
    public void close(int code, String reason) {
        if (!CloseStatus.isSendable(code)) {
            throw new IllegalArgumentException("code must be in 1000..1003, 1007..1014 or 3000..4999: " + code);
        }
        int bytes = reason.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Frames.MAX_CLOSE_REASON) {
            throw new IllegalArgumentException("reason must be at most 123 bytes of UTF-8: " + bytes + " bytes");
        }
        if (transport.inLoop()) {
            closeOnLoop(code, reason);
        } else {
            transport.execute(() -> closeOnLoop(code, reason));
        }
    }

    @Override
    public void abort() {
        if (transport.inLoop()) {
            abortOnLoop();
        } else {
            transport.execute(this::abortOnLoop);
        }
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    @Override
    public Duration lastRtt() {
        long rtt = lastRtt;
        return rtt < 0 ? null : Duration.ofNanos(rtt);
    }

    @Override
    public long bufferedAmount() {
        return transport.pendingBytes();
    }

    @Override
    public WebSocketStats stats() {
        return meter.snapshot();
    }
}
