package dev.keepalive.websocket.internal;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.TimerWheel;
import dev.keepalive.http.Tunnel;
import dev.keepalive.http.UpgradeHandler;
import dev.keepalive.websocket.WebSocketListener;
import dev.keepalive.websocket.WebSocketOptions;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A server-side session on the HTTP server's {@link Tunnel}: bytes from the event loop go to the
 * {@link Session}, its one timer lives on the loop's wheel, graceful shutdown becomes close 1001, and
 * the Tunnel's drain signal (at {@link Outbound#LOW_WATER}) resumes reading paused for backpressure.
 */
public final class ServerTransport implements Transport, UpgradeHandler {
    private final Tunnel tunnel;
    private final TimerWheel.Timer timer;
    private final Session session;
    // Inside Upgrade.onUpgrade the engine has not yet taken our handler: a close or abort then (a
    // listener that refuses in onOpen) waits for the next loop turn, or onClosed would be lost.
    private boolean starting;

    public ServerTransport(Tunnel tunnel, WebSocketOptions options, WebSocketListener listener, Meter meter,
                           String subprotocol) {
        this.tunnel = tunnel;
        this.session = new Session(this, options, listener, meter, false, subprotocol);
        this.timer = new TimerWheel.Timer(session::onTimer);
        tunnel.setLowWater(Outbound.LOW_WATER);
    }

    /** Starts the session; call on the loop, from {@code Upgrade.onUpgrade}. */
    public ServerTransport start() {
        starting = true;
        try {
            session.start();
        } finally {
            starting = false;
        }
        return this;
    }

    // ---- UpgradeHandler ----

    @Override
    public void onData(ByteBuffer data) {
        session.onData(data);
    }

    @Override
    public void onClosed(CloseReason reason) {
        tunnel.cancel(timer);
        session.onTransportClosed(reason);
    }

    @Override
    public void onDrained() {
        session.onDrained();
    }

    @Override
    public void onShutdown(Tunnel t) {
        session.onShutdown();
    }

    // ---- Transport ----

    @Override
    public void write(ByteBuffer... buffers) {
        tunnel.write(buffers);
    }

    @Override
    public long pendingBytes() {
        return tunnel.pendingBytes();
    }

    @Override
    public void close(CloseReason reason) {
        if (starting) {
            tunnel.execute(() -> tunnel.close(reason));
        } else {
            tunnel.close(reason);
        }
    }

    @Override
    public void abort(CloseReason reason) {
        if (starting) {
            tunnel.execute(() -> tunnel.abort(reason));
        } else {
            tunnel.abort(reason);
        }
    }

    @Override
    public void execute(Runnable task) {
        tunnel.execute(task);
    }

    @Override
    public boolean inLoop() {
        return tunnel.inLoop();
    }

    @Override
    public long nanoTime() {
        return tunnel.ticker().nanoTime();
    }

    @Override
    public void scheduleTimer(long deadlineNanos) {
        if (tunnel.isOpen()) {
            tunnel.schedule(timer, deadlineNanos);
        }
    }

    @Override
    public void pauseReading(boolean paused) {
        tunnel.pauseReading(paused);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return tunnel.remoteAddress();
    }
}
