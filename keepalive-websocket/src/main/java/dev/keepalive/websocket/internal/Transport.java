package dev.keepalive.websocket.internal;

import dev.keepalive.core.CloseReason;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What a {@link Session} needs from the connection under it: the server's {@code Tunnel} on its event
 * loop ({@link ServerTransport}) or a client socket ({@link ClientTransport}). "Loop" means whatever
 * serialises the session: the event loop thread on a server, the connection's lock on a client.
 */
public interface Transport {

    /** Queues bytes in order; any thread; buffers must not change afterwards. */
    void write(ByteBuffer... buffers);

    /** Bytes queued and not yet taken by the socket. */
    long pendingBytes();

    /** Sends what is queued, then FIN; the end is reported through {@link Session#onTransportClosed}. */
    void close(CloseReason reason);

    /** Ends the connection at once with an RST; reported through {@link Session#onTransportClosed}. */
    void abort(CloseReason reason);

    /** Runs {@code task} serialised with every other session call. */
    void execute(Runnable task);

    /** Whether the caller is already serialised with the session. */
    boolean inLoop();

    /** The clock of every timeout. */
    long nanoTime();

    /** Arms (or moves) the session's one timer: {@link Session#onTimer} runs at or after the deadline. Loop only. */
    void scheduleTimer(long deadlineNanos);

    /** Stops or resumes reading (backpressure). Loop only. */
    void pauseReading(boolean paused);

    InetSocketAddress remoteAddress();
}
