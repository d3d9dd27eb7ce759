package dev.keepalive.http;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.Ticker;
import dev.keepalive.core.TimerWheel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A {@link Connection} after {@code 101 Switching Protocols}, as its {@link UpgradeHandler} sees it:
 * the {@link Tunnel} it writes to, and the one place that calls the handler and contains its failures.
 * Reading, the state machine and closing stay with the connection; the output queue is shared.
 */
final class UpgradedTunnel implements Tunnel {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final Connection connection;
    private final EventLoop loop;
    private final WriteQueue out;
    private UpgradeHandler handler; // null until onUpgrade returns, and again once told of the close

    UpgradedTunnel(Connection connection, EventLoop loop, WriteQueue out) {
        this.connection = connection;
        this.loop = loop;
        this.out = out;
    }

    // ---- engine side: events for the handler, on the loop ----

    /** The handler {@link Upgrade#onUpgrade} returned: from now on it hears every event. */
    void attach(UpgradeHandler h) {
        handler = h;
    }

    void deliver(byte[] buf, int pos, int limit) {
        UpgradeHandler h = handler;
        if (h == null) {
            return;
        }
        try {
            h.onData(ByteBuffer.wrap(buf, pos, limit - pos));
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void drained() {
        UpgradeHandler h = handler; // null inside onUpgrade: the handler is not ours yet
        if (h == null) {
            return;
        }
        try {
            h.onDrained();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** Graceful server shutdown: the handler says goodbye in its protocol, or the tunnel just closes. */
    void shutdown() {
        UpgradeHandler h = handler;
        if (h == null) {
            return;
        }
        try {
            h.onShutdown(this);
        } catch (RuntimeException e) {
            connection.close(CloseReason.SHUTDOWN);
        }
    }

    /** The connection is closed: tells the handler, once. */
    void closed(CloseReason reason) {
        UpgradeHandler h = handler;
        if (h == null) {
            return;
        }
        handler = null;
        try {
            h.onClosed(reason);
        } catch (RuntimeException e) {
            log("upgrade_handler_error", e);
        }
    }

    private void failed(RuntimeException e) {
        log("upgrade_handler_error", e);
        connection.close(CloseReason.ERROR);
    }

    // ---- Tunnel: the handler's side ----

    @Override
    public void write(ByteBuffer... buffers) {
        if (!loop.inLoop()) {
            loop.execute(() -> write(buffers));
            return;
        }
        if (!connection.isUpgraded()) {
            return; // closing or closed: late bytes have nowhere to go
        }
        out.add(buffers);
        connection.flushQueued();
    }

    @Override
    public long pendingBytes() {
        return out.bytes();
    }

    @Override
    public void setLowWater(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("lowWater must be >= 0: " + bytes);
        }
        out.lowWater(bytes);
    }

    @Override
    public void close(CloseReason reason) {
        connection.close(reason);
    }

    @Override
    public void abort(CloseReason reason) {
        connection.abort(reason);
    }

    @Override
    public void pauseReading(boolean paused) {
        connection.pauseReading(paused);
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public boolean inLoop() {
        return loop.inLoop();
    }

    @Override
    public Ticker ticker() {
        return loop.ticker;
    }

    @Override
    public void schedule(TimerWheel.Timer t, long deadlineNanos) {
        loop.wheel.schedule(t, deadlineNanos);
    }

    @Override
    public void cancel(TimerWheel.Timer t) {
        loop.wheel.cancel(t);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    private static void log(String event, Throwable t) {
        if (LOG.isLoggable(System.Logger.Level.WARNING)) {
            LOG.log(System.Logger.Level.WARNING, event, t);
        }
    }
}
