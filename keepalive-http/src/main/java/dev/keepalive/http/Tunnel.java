package dev.keepalive.http;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.Ticker;
import dev.keepalive.core.TimerWheel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A connection after a successful protocol upgrade (RFC 9110 §7.8): raw bytes both ways, still owned
 * by its event loop. Methods marked "loop only" must run on the loop, e.g. inside
 * {@link UpgradeHandler} callbacks or a task passed to {@link #execute}.
 */
public interface Tunnel {

    /**
     * Queues bytes to send, in order, and flushes what the socket takes now. Safe from any thread; the
     * buffers must not change after the call.
     */
    void write(ByteBuffer... buffers);

    /** Bytes queued and not yet taken by the socket. Any thread. */
    long pendingBytes();

    /**
     * Sets the low-water mark of {@link UpgradeHandler#onDrained}: the handler hears once each time
     * {@link #pendingBytes} falls from above the mark to at or below it. Default 0: told when all is
     * sent. Setting a mark below what is queued now counts as having been above it. Loop only.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    void setLowWater(long bytes);

    /** Sends what is queued, then half-closes (FIN) and lingers briefly before closing. Any thread. */
    void close(CloseReason reason);

    /** Closes at once with an RST, dropping queued bytes: for a peer declared dead. Any thread. */
    void abort(CloseReason reason);

    /** Stops or resumes reading from the socket (backpressure). Loop only. */
    void pauseReading(boolean paused);

    /** Runs {@code task} on this connection's event loop. */
    void execute(Runnable task);

    /** Whether the caller runs on this connection's event loop. */
    boolean inLoop();

    /** The clock of the server's timeouts. */
    Ticker ticker();

    /** Schedules (or moves) a timer on the loop's wheel. Loop only. */
    void schedule(TimerWheel.Timer timer, long deadlineNanos);

    /** Cancels a timer scheduled with {@link #schedule}. Loop only. */
    void cancel(TimerWheel.Timer timer);

    InetSocketAddress remoteAddress();

    boolean isOpen();
}
