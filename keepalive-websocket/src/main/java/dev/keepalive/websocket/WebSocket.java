package dev.keepalive.websocket;

import dev.keepalive.core.Liveness;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One WebSocket connection, server or client side. Sending is safe from any thread; frames of one
 * thread leave in call order. A send on a connection that is no longer open is dropped, counted in
 * {@link WebSocketStats#dropped()}, and returns false. Buffers passed in must not change afterwards.
 */
public interface WebSocket {

    /** Sends a whole text message (fragmented when longer than {@link WebSocketOptions#maxFrameSize()}). */
    boolean sendText(String text);

    /** Sends a whole binary message. */
    boolean sendBinary(ByteBuffer data);

    /**
     * Sends one fragment of a text message (RFC 6455 §5.4); {@code last} ends the message. A new message
     * may not start until the last fragment of the previous one is sent.
     *
     * @throws IllegalStateException when a binary message is in progress
     */
    boolean sendText(String fragment, boolean last);

    /** Sends one fragment of a binary message; {@code last} ends the message. */
    boolean sendBinary(ByteBuffer fragment, boolean last);

    /**
     * Starts the closing handshake (RFC 6455 §7.1.2): sends a close frame and waits up to
     * {@link WebSocketOptions#closeTimeout()} for the peer's, then ends the TCP connection.
     *
     * @param code   1000..1003, 1007..1014 or 3000..4999 ({@link CloseStatus#isSendable})
     * @param reason at most 123 bytes of UTF-8
     */
    void close(int code, String reason);

    /** Ends the TCP connection at once with an RST, without a closing handshake. */
    void abort();

    /** Whether the connection is open for messages (no close frame sent or received yet). */
    boolean isOpen();

    /** The subprotocol agreed in the handshake, or null. */
    String subprotocol();

    InetSocketAddress remoteAddress();

    /** The round-trip time measured by the last answered ping, or null before the first. */
    Duration lastRtt();

    /** What we believe about the peer right now ({@link Liveness}). */
    Liveness liveness();

    /** Bytes queued for this connection and not yet taken by the socket. */
    long bufferedAmount();

    /** Counters of the owner: the endpoint for server connections, the client for client ones. */
    WebSocketStats stats();
}
