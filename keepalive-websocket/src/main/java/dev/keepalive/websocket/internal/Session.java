package dev.keepalive.websocket.internal;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.Liveness;
import dev.keepalive.websocket.CloseStatus;
import dev.keepalive.websocket.WebSocketListener;
import dev.keepalive.websocket.WebSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebSocket connection's protocol state, the same on both sides: frames in through
 * {@link FrameDecoder}, control frames answered, liveness on one timer, the closing handshake
 * (RFC 6455 §7). Every method runs serialised by the {@link Transport} ("the loop"); public sends and
 * closes from other threads are handed to it.
 *
 * <pre>
 *   OPEN --close() / shutdown / idle: send Close--> CLOSE_SENT --peer's Close--> CLOSING --TCP gone--> CLOSED
 *     |                                                 \--close timeout: abort, 1006--------------> CLOSED
 *     |--peer's Close: echo its code----------------------------------------> CLOSING
 *     |--protocol error: send Close 1002/1007/1008/1009, end TCP-------------> CLOSING
 *     |--pong timeout: abort TCP, 1006 PEER_DEAD------------------------------------------------> CLOSED
 *     \--TCP ends without Close: 1006-----------------------------------------------------------> CLOSED
 * </pre>
 * In CLOSING a server ends TCP at once (RFC 6455 §7.1.1); a client waits up to closeTimeout for the
 * server's FIN after a clean handshake, then aborts.
 */
public final class Session extends SessionApi implements FrameDecoder.Sink {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.websocket");
    private static final String APP_PING = "{\"kal\":\"ping\"";
    private static final String APP_PONG = "{\"kal\":\"pong\"";
    private static final long PAUSE_POLL = 10_000_000L;
    private static final long NO_PING = Long.MIN_VALUE;

    enum State { OPEN, CLOSE_SENT, CLOSING, CLOSED }

    private final WebSocketOptions options;
    private final WebSocketListener listener;
    private final boolean client;
    private final FrameDecoder decoder;
    private final Heartbeat heartbeat;
    private final PingFlood flood;
    private final Outbound out;
    private final long openedAt;

    private volatile State state = State.OPEN;
    private CloseStatus verdict;
    private long closeDeadline;
    private long lastMessageAt;
    private long lastPingAt = NO_PING;

    public Session(Transport transport, WebSocketOptions options, WebSocketListener listener, Meter meter,
                   boolean client, String subprotocol) {
        super(transport, meter, subprotocol);
        this.options = options;
        this.listener = listener;
        this.client = client;
        this.decoder = new FrameDecoder(this, !client, options.maxFrameSize(), options.maxMessageSize());
        long now = transport.nanoTime();
        this.openedAt = now;
        this.lastMessageAt = now;
        this.flood = new PingFlood(options.maxPingsPerSecond(), now);
        this.out = new Outbound(transport, client, options.maxFrameSize());
        long interval = Heartbeat.jittered(options.pingInterval().toNanos(), ThreadLocalRandom.current().nextDouble());
        this.heartbeat = new Heartbeat(interval, options.pongTimeout().toNanos(), now);
    }

    /** Arms the timer and tells the listener. Loop only. */
    public void start() {
        meter.opened();
        reschedule(openedAt);
        try {
            listener.onOpen(this);
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    // ---- inbound ----

    /** What we queued fell to {@link Outbound#LOW_WATER}: read again if backpressure paused reading. Loop only. */
    public void onDrained() {
        out.maybeResume();
    }

    /** Bytes from the peer. Loop only. */
    public void onData(ByteBuffer data) {
        heartbeat.onInbound(transport.nanoTime()); // any inbound byte is proof of life
        if (state != State.OPEN && state != State.CLOSE_SENT) {
            return;
        }
        try {
            decoder.feed(data);
        } catch (ProtocolError e) {
            fail(e.code(), e.getMessage());
        }
    }

    @Override
    public void onMessage(int opcode, byte[] payload, int length) {
        if (state != State.OPEN) {
            return; // after our Close, data is discarded (RFC 6455 §1.4)
        }
        try {
            if (opcode == Frames.TEXT) {
                String text = new String(payload, 0, length, StandardCharsets.UTF_8);
                if (!client && options.appHeartbeats() && text.startsWith(APP_PING) && text.length() <= 128) {
                    meter.appHeartbeats.increment();
                    if (!out.isMidMessage()) { // else the rest of that message will prove we live
                        sendNow(Frames.TEXT, ByteBuffer.wrap((APP_PONG + text.substring(APP_PING.length()))
                                .getBytes(StandardCharsets.UTF_8)), true, false);
                    }
                    return;
                }
                countIn();
                listener.onText(this, text);
            } else {
                countIn();
                listener.onBinary(this, ByteBuffer.wrap(payload, 0, length));
            }
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    private void countIn() {
        meter.messagesIn.increment();
        lastMessageAt = transport.nanoTime();
    }

    @Override
    public void onControl(int opcode, byte[] payload) throws ProtocolError {
        switch (opcode) {
            case Frames.PING -> onPing(payload);
            case Frames.PONG -> onPong(payload);
            default -> onClose(payload);
        }
    }

    private void onPing(byte[] payload) throws ProtocolError {
        meter.pingsReceived.increment();
        flood.onPing(transport.nanoTime());
        if (state == State.OPEN) {
            out.frame(Frames.PONG, true, ByteBuffer.wrap(payload)); // RFC 6455 §5.5.3: same payload
        }
    }

    private void onPong(byte[] payload) {
        meter.pongsReceived.increment();
        if (payload.length != 8) {
            return; // unsolicited, or not ours: proof of life all the same
        }
        long sent = ByteBuffer.wrap(payload).getLong();
        if (sent != lastPingAt || lastPingAt == NO_PING) {
            return; // a pong answers only our latest ping (RFC 6455 §5.5.3), once
        }
        lastPingAt = NO_PING;
        long rtt = transport.nanoTime() - sent;
        lastRtt = rtt;
        meter.recordRtt(rtt);
        try {
            listener.onHeartbeat(this, Duration.ofNanos(rtt));
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    private void onClose(byte[] payload) throws ProtocolError {
        if (state == State.OPEN) {
            verdict = Frames.parseClose(payload);
            // RFC 6455 §5.5.1: answer with a Close, echoing the code received
            out.frame(Frames.CLOSE, true, verdict.code() == CloseStatus.NO_STATUS ? ByteBuffer.allocate(0)
                    : Frames.closePayload(verdict.code(), ""));
        } else {
            Frames.parseClose(payload); // the peer's answer to ours must be well-formed too
        }
        state = State.CLOSING;
        endTransport(true);
    }

    // ---- timer ----

    /** The session's one timer fired (perhaps early: it only ever looks at the time). Loop only. */
    public void onTimer() {
        long now = transport.nanoTime();
        switch (state) {
            case OPEN -> {
                long idle = options.idleTimeout().toNanos();
                if (idle > 0 && now - lastMessageAt >= idle) {
                    debug("idle_timeout", "after " + idle / 1_000_000 + " ms");
                    closeLocally(CloseStatus.GOING_AWAY, "idle for " + (now - lastMessageAt) / 1_000_000 + " ms",
                            CloseReason.IDLE_TIMEOUT);
                    return;
                }
                int action = heartbeat.onTimer(now);
                if (action == Heartbeat.DEAD) {
                    die();
                    return;
                }
                if (action == Heartbeat.PING) {
                    lastPingAt = now;
                    out.frame(Frames.PING, true, ByteBuffer.allocate(8).putLong(0, now));
                    meter.pingsSent.increment();
                }
                out.maybeResume();
            }
            case CLOSE_SENT, CLOSING -> {
                if (state == State.CLOSING && !client) {
                    return; // the server's Tunnel ends TCP itself (flush, FIN, linger)
                }
                if (now - closeDeadline >= 0) {
                    closeTimedOut();
                    return;
                }
            }
            default -> {
                return;
            }
        }
        reschedule(now);
    }

    private void reschedule(long now) {
        long next;
        if (state == State.OPEN) {
            next = heartbeat.nextDeadline();
            long idle = options.idleTimeout().toNanos();
            if (idle > 0) {
                next = earlier(next, lastMessageAt + idle);
            }
            if (client && out.readPaused()) { // a server hears onDrained from its Tunnel instead
                next = earlier(next, now + PAUSE_POLL);
            }
        } else if (state == State.CLOSE_SENT || (state == State.CLOSING && client)) {
            next = closeDeadline;
        } else {
            return;
        }
        if (next != Long.MAX_VALUE) {
            transport.scheduleTimer(next);
        }
    }

    private static long earlier(long a, long b) {
        return a == Long.MAX_VALUE ? b : (b - a < 0 ? b : a);
    }

    private void die() {
        String evidence = heartbeat.deadEvidence();
        info("pong_timeout", evidence);
        verdict = new CloseStatus(CloseStatus.ABNORMAL, evidence, CloseReason.PEER_DEAD, false);
        state = State.CLOSING;
        transport.abort(CloseReason.PEER_DEAD);
    }

    private void closeTimedOut() {
        if (state == State.CLOSE_SENT) {
            String evidence = "no close frame within " + options.closeTimeout().toMillis() + " ms after sending close "
                    + verdict.code();
            info("close_timeout", evidence);
            verdict = new CloseStatus(CloseStatus.ABNORMAL, evidence, verdict.cause(), false);
        } else {
            info("close_timeout", "no FIN from the server within " + options.closeTimeout().toMillis() + " ms");
        }
        state = State.CLOSING;
        transport.abort(verdict.cause());
    }

    // ---- closing ----

    private void closeLocally(int code, String reason, CloseReason cause) {
        if (state != State.OPEN) {
            return;
        }
        verdict = new CloseStatus(code, reason, cause, false);
        out.frame(Frames.CLOSE, true, Frames.closePayload(code, reason));
        state = State.CLOSE_SENT;
        long now = transport.nanoTime();
        closeDeadline = now + options.closeTimeout().toNanos();
        reschedule(now);
    }

    /** _Fail the WebSocket Connection_ (RFC 6455 §7.1.7): Close with {@code code}, then end TCP without waiting. */
    private void fail(int code, String message) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        info(code == CloseStatus.POLICY_VIOLATION ? "ping_flood" : "protocol_error", code + " " + message);
        CloseReason cause = switch (code) {
            case CloseStatus.MESSAGE_TOO_BIG, CloseStatus.POLICY_VIOLATION -> CloseReason.LIMIT;
            case CloseStatus.INTERNAL_ERROR -> CloseReason.ERROR;
            default -> CloseReason.BAD_REQUEST;
        };
        if (state == State.OPEN) {
            out.frame(Frames.CLOSE, true, Frames.closePayload(code, message));
        }
        verdict = new CloseStatus(code, message, cause, false);
        state = State.CLOSING;
        endTransport(false);
    }

    private void endTransport(boolean cleanHandshake) {
        if (!client || !cleanHandshake) {
            transport.close(verdict.cause());
        }
        if (client) {
            long now = transport.nanoTime();
            closeDeadline = now + options.closeTimeout().toNanos();
            reschedule(now);
        }
    }

    /** The server shuts down gracefully: close 1001. Loop only. */
    public void onShutdown() {
        closeLocally(CloseStatus.GOING_AWAY, "server shutting down", CloseReason.SHUTDOWN);
    }

    /** The TCP connection is gone; tells the listener, once. Loop only. */
    public void onTransportClosed(CloseReason reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        CloseStatus status = verdict != null ? verdict : new CloseStatus(CloseStatus.ABNORMAL,
                "connection ended without a close frame", reason, reason == CloseReason.PEER_CLOSED);
        meter.closed(status.cause());
        debug("ws_closed", status.toString());
        try {
            listener.onClose(this, status);
        } catch (RuntimeException e) {
            log(System.Logger.Level.WARNING, "listener_error", e.toString());
        }
    }

    private void listenerFailed(RuntimeException e) {
        log(System.Logger.Level.WARNING, "listener_error", e.toString());
        fail(CloseStatus.INTERNAL_ERROR, "internal error");
    }

    // ---- outbound (SessionApi hands calls from other threads to the loop) ----

    @Override
    boolean sendOnLoop(int type, ByteBuffer data, boolean last) {
        return sendNow(type, data, last, true);
    }

    private boolean sendNow(int type, ByteBuffer data, boolean last, boolean counted) {
        if (state != State.OPEN) {
            meter.dropped.increment();
            return false;
        }
        if (last && counted) {
            lastMessageAt = transport.nanoTime(); // before the bytes leave: a fast peer may answer at once
        }
        boolean wasPaused = out.readPaused();
        out.message(type, data, last);
        if (last && counted) {
            meter.messagesOut.increment();
        }
        if (out.readPaused() && !wasPaused) {
            reschedule(transport.nanoTime()); // poll until the peer catches up
        }
        return true;
    }

    @Override
    void closeOnLoop(int code, String reason) {
        closeLocally(code, reason, CloseReason.SHUTDOWN);
    }

    @Override
    void abortOnLoop() {
        if (state == State.CLOSED) {
            return;
        }
        if (verdict == null || state == State.OPEN || state == State.CLOSE_SENT) {
            verdict = new CloseStatus(CloseStatus.ABNORMAL, "aborted locally", CloseReason.SHUTDOWN, false);
        }
        state = State.CLOSING;
        transport.abort(CloseReason.SHUTDOWN);
    }

    // ---- queries ----

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** A reading for stats: from outside the loop it may lag by a frame. */
    @Override
    public Liveness liveness() {
        return state == State.CLOSED && verdict != null && verdict.cause() == CloseReason.PEER_DEAD
                ? Liveness.DEAD : heartbeat.liveness(transport.nanoTime());
    }

    @Override
    public String toString() {
        return "WebSocket[" + remoteAddress() + " " + state + "]";
    }

    private void info(String event, String detail) {
        log(System.Logger.Level.INFO, event, detail);
    }

    private void debug(String event, String detail) {
        log(System.Logger.Level.DEBUG, event, detail);
    }

    private void log(System.Logger.Level level, String event, String detail) {
        if (LOG.isLoggable(level)) {
            LOG.log(level, event + " remote=" + transport.remoteAddress() + " " + detail);
        }
    }
}
