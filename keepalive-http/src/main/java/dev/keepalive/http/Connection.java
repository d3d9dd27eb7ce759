package dev.keepalive.http;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.TimerWheel;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One accepted connection, driven by its event loop. Requests are served strictly one after another:
 * pipelined bytes wait in {@code leftover} while a handler runs, so responses can never reorder.
 *
 * <pre>
 *            +----------------- keep-alive response sent -----------------+
 *            v                                                            |
 *   (accept)-> HEAD --head parsed--> BODY --body in memory--> HANDLING ----+
 *      idle / |  \                    \______big body: stream_____^  |     \--unread body--> DRAIN --> HEAD
 *  head timer |   \--bad head, 408, 413, 431--> CLOSING --flushed--> LINGER --EOF/timeout--> CLOSED
 *             \--idle timeout, evicted, peer FIN/RST, shutdown---------------------------> CLOSED
 *   HANDLING --101 Switching Protocols--> UPGRADED (bytes go to an UpgradeHandler) --close--> CLOSING
 * </pre>
 * HEAD with no byte of the next request and nothing left to write is <em>idle</em>: only then does the
 * idle timeout run and may the connection be evicted. A slow handler is never idle.
 *
 * <p>Bytes the socket has not taken wait in a {@link WriteQueue}; once UPGRADED the handler sees the
 * connection through an {@link UpgradedTunnel}.
 */
final class Connection {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int LINGER_BUDGET = 64 * 1024;

    enum State { HEAD, BODY, HANDLING, DRAIN, UPGRADED, CLOSING, LINGER, CLOSED }

    private final EventLoop loop;
    private final HttpServer server;
    private final ServerOptions options;
    private final SocketChannel channel;
    private final TimerWheel.Timer timer;
    private final long createdAt;
    final Object peer; // client address for the per-IP cap, or null when uncapped
    private SelectionKey key;
    private int interest;
    State state = State.HEAD;
    private int responses;

    // idle list, owned by the loop
    Connection idlePrev;
    Connection idleNext;
    boolean inIdleList;
    long idleSince;

    // input
    private byte[] leftover;
    private int leftoverLen;
    private boolean headStarted;
    private long headStart;
    private boolean inputClosed;
    private boolean readPaused;
    private long lastProgress;
    private boolean shutdownRequested;

    // the request being served
    private RequestHead head;
    private RequestBody body; // null while the request has no body (most requests: no allocation)
    private boolean bodyTooLarge;

    // output
    private final WriteQueue out;
    private CloseReason closeAfterFlush;
    private long lingerLeft;
    private UpgradedTunnel tunnel; // after a 101: what the UpgradeHandler sees
    private CloseReason closedReason;

    Connection(EventLoop loop, SocketChannel channel, Object peer, long now) {
        this.loop = loop;
        this.server = loop.server;
        this.options = server.options();
        this.channel = channel;
        this.peer = peer;
        this.createdAt = now;
        this.timer = new TimerWheel.Timer(this::onTimer);
        this.out = new WriteQueue(loop, channel);
    }

    void register(SelectionKey key) {
        this.key = key;
        this.interest = SelectionKey.OP_READ;
        maybeIdle();
    }

    // ---- events ----

    void onReady(SelectionKey k) {
        try {
            if (k.isValid() && k.isWritable()) {
                flush();
                if (out.isEmpty() && state == State.HEAD && leftoverLen > 0) {
                    resumeLeftover();
                }
            }
            if (state != State.CLOSED && k.isValid() && k.isReadable()) {
                onReadable();
            }
            if (state != State.CLOSED) {
                maybeIdle();
                updateInterest();
            }
        } catch (IOException e) {
            close(CloseReason.ofIoFailure(e));
        } catch (RuntimeException e) {
            log(System.Logger.Level.WARNING, "connection_error", e);
            close(CloseReason.ERROR);
        }
    }

    private void onReadable() throws IOException {
        if (state == State.LINGER) {
            lingerRead();
            return;
        }
        int start = leftoverLen;
        byte[] buf = loop.readBuf;
        if (start > 0) {
            if (buf.length < start + 4096) {
                buf = loop.readBuf = new byte[start + 64 * 1024];
            }
            System.arraycopy(leftover, 0, buf, 0, start);
        }
        int n = channel.read(loop.readBuffer(start));
        if (n < 0) {
            onEof();
            return;
        }
        if (n == 0) {
            return;
        }
        leftover = null;
        leftoverLen = 0;
        lastProgress = now();
        process(buf, 0, start + n);
        flush();
    }

    private void onEof() {
        inputClosed = true;
        switch (state) {
            case HEAD -> {
                if (out.isEmpty() || headStarted) {
                    close(CloseReason.PEER_CLOSED);
                } else {
                    closeAfterFlush = CloseReason.PEER_CLOSED;
                }
            }
            case HANDLING -> {
                if (body != null && !body.isDone()) {
                    body.fail(new EOFException("client closed before the request body ended"));
                }
            }
            case CLOSING -> {
                // our final bytes are still going out; the close follows the flush
            }
            default -> close(CloseReason.PEER_CLOSED);
        }
    }

    private void lingerRead() throws IOException {
        int n = channel.read(loop.readBuffer(0));
        if (n < 0 || (lingerLeft -= Math.max(0, n)) <= 0) {
            close(closeAfterFlush);
        }
    }

    // ---- parsing and dispatch ----

    private void process(byte[] buf, int pos, int limit) {
        while (true) {
            switch (state) {
                case HEAD -> {
                    if (!headStarted) {
                        while (pos < limit && (buf[pos] == '\r' || buf[pos] == '\n')) {
                            pos++; // RFC 9112 §2.2: ignore empty lines before a request line
                        }
                        if (pos == limit) {
                            return;
                        }
                        headStarted = true;
                        headStart = now();
                        loop.removeIdle(this);
                        schedule(headStart + nanos(options.headerTimeout()));
                    }
                    int end = RequestHead.findEnd(buf, pos, limit);
                    int max = options.maxHeadSize();
                    if ((end < 0 && limit - pos > max) || (end >= 0 && end - pos > max)) {
                        fail(431, CloseReason.LIMIT, "request head larger than " + max + " bytes");
                        return;
                    }
                    if (end < 0) {
                        keepLeftover(buf, pos, limit);
                        return;
                    }
                    RequestHead h;
                    try {
                        h = RequestHead.parse(buf, pos, end);
                    } catch (HttpException e) {
                        fail(e.status(), CloseReason.BAD_REQUEST, e.getMessage());
                        return;
                    }
                    pos = end;
                    headStarted = false;
                    beginRequest(h, pos < limit);
                }
                case BODY, DRAIN -> {
                    pos = consumeBodyOrFail(buf, pos, limit);
                    if (state == State.CLOSING || state == State.CLOSED) {
                        continue;
                    }
                    if (state == State.BODY && (body.isDone() || body.isStreaming())) {
                        dispatch(); // complete in memory, or grown too big to hold: stream the rest
                    } else if (state == State.DRAIN && body.isDone()) {
                        nextRequest();
                    } else if (pos == limit) {
                        return;
                    }
                }
                case HANDLING -> {
                    if (body != null && body.isStreaming() && !body.isDone() && pos < limit) {
                        pos = consumeBodyOrFail(buf, pos, limit);
                    }
                    if (body != null && body.pauseRequested()) {
                        readPaused = true;
                    }
                    keepLeftover(buf, pos, limit); // pipelined requests wait for this response
                    return;
                }
                case UPGRADED -> {
                    if (pos < limit) {
                        tunnel.deliver(buf, pos, limit);
                    }
                    return;
                }
                default -> {
                    return; // CLOSING, LINGER, CLOSED: input is no longer ours to parse
                }
            }
        }
    }

    private void beginRequest(RequestHead h, boolean bodyBytesFollow) {
        head = h;
        body = null;
        bodyTooLarge = false;
        long length = h.contentLength;
        if (length > options.maxBodySize()) {
            fail(413, CloseReason.LIMIT, "request body of " + length + " bytes is larger than "
                    + options.maxBodySize());
            return;
        }
        if (h.expectContinue && !bodyBytesFollow) {
            loop.stage(CONTINUE, 0, CONTINUE.length); // RFC 9110 §10.1.1
        }
        lastProgress = now();
        if (length == RequestHead.NO_BODY) {
            dispatch();
            return;
        }
        schedule(lastProgress + nanos(options.idleTimeout()));
        body = new RequestBody(options, () -> loop.execute(this::resumeReading));
        body.begin(length);
        if (body.isStreaming()) {
            dispatch(); // too big to hold in memory: the handler reads it as it arrives
        } else {
            state = State.BODY;
        }
    }

    private int consumeBodyOrFail(byte[] buf, int pos, int limit) {
        try {
            pos = body.consume(buf, pos, limit);
            if (body.pauseRequested()) {
                readPaused = true;
            }
            return pos;
        } catch (HttpException e) {
            if (state == State.HANDLING) {
                // the handler already runs: fail its body and answer 413/400 in its place
                bodyTooLarge = true;
                readPaused = true;
                body.fail(new IOException(e.getMessage()));
            } else if (state == State.DRAIN) {
                close(CloseReason.LIMIT);
            } else {
                fail(e.status(), e.status() == 400 ? CloseReason.BAD_REQUEST : CloseReason.LIMIT, e.getMessage());
            }
            return limit;
        }
    }

    private void dispatch() {
        state = State.HANDLING;
        loop.wheel.cancel(timer); // a slow handler is not idle
        InputStream stream = body == null ? InputStream.nullInputStream() : body.stream();
        Request request = new Request(head.method, head.target, head.version(), head.names, head.values,
                remoteAddress(), head.contentLength, body != null && body.isChunked(), stream);
        Handler handler = server.handler();
        boolean inline;
        try {
            inline = (body == null || !body.isStreaming()) && handler.isNonBlocking(request);
        } catch (RuntimeException e) {
            inline = false;
        }
        if (inline) {
            complete(invoke(handler, request), true);
        } else {
            server.handlerExecutor().execute(() -> {
                Response response = invoke(handler, request);
                loop.execute(() -> complete(response, false));
            });
        }
    }

    private Response invoke(Handler handler, Request request) {
        try {
            Response response = handler.handle(request);
            return response != null ? response : Response.text(500, "handler returned no response\n");
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log(System.Logger.Level.WARNING, "handler_error", t);
            return Response.text(500, "internal server error\n");
        }
    }

    /** Writes the response to the current request; {@code inline} when called from {@link #process}. */
    private void complete(Response response, boolean inline) {
        if (state != State.HANDLING) {
            return; // closed while the handler ran
        }
        if (bodyTooLarge) {
            fail(413, CloseReason.LIMIT, "request body larger than " + options.maxBodySize() + " bytes");
            if (!inline) {
                flushQuietly();
            }
            return;
        }
        if (response.status() == 101 && response.upgrade() != null) {
            upgrade(response, inline);
            return;
        }
        responses++;
        server.countRequest();
        long now = now();
        CloseReason reason = null;
        if (!head.keepAliveRequested) {
            reason = CloseReason.PEER_CLOSED;
        } else if (response.isClose()) {
            reason = response.status() >= 500 ? CloseReason.ERROR : CloseReason.BAD_REQUEST;
        } else if (shutdownRequested || server.isShuttingDown()) {
            reason = CloseReason.SHUTDOWN;
        } else if (options.maxRequestsPerConnection() > 0 && responses >= options.maxRequestsPerConnection()) {
            reason = CloseReason.MAX_REQUESTS;
        } else if (!options.maxConnectionAge().isZero() && now - createdAt >= nanos(options.maxConnectionAge())) {
            reason = CloseReason.MAX_AGE;
        }
        boolean bodyDone = body == null || body.isDone();
        if (body != null && !body.discardRest() && reason == null) {
            reason = CloseReason.LIMIT; // too much unread body to drain: close instead
        }
        ResponseWriter.write(loop, head, response, reason == null, keepAliveTimeoutSeconds(),
                options.maxRequestsPerConnection() == 0 ? -1 : options.maxRequestsPerConnection() - responses,
                options.keepAliveHeader());
        if (reason != null) {
            closeAfterFlush = reason;
            state = State.CLOSING;
            leftover = null;
            leftoverLen = 0;
        } else if (!bodyDone) {
            state = State.DRAIN;
            schedule(now + nanos(options.idleTimeout()));
        } else {
            nextRequest();
        }
        if (!inline) {
            try {
                if (leftoverLen > 0 && (state == State.HEAD || state == State.DRAIN)) {
                    resumeLeftover();
                }
                flush();
                maybeIdle();
                updateInterest();
            } catch (IOException e) {
                close(CloseReason.ofIoFailure(e));
            }
        }
    }

    private void upgrade(Response response, boolean inline) {
        responses++;
        server.countRequest();
        ResponseWriter.writeUpgrade(loop, response);
        tunnel = new UpgradedTunnel(this, loop, out);
        state = State.UPGRADED;
        loop.wheel.cancel(timer);
        body = null;
        head = null;
        flushQuietly(); // the 101 leaves before any byte the new protocol writes
        UpgradeHandler handler;
        try {
            handler = response.upgrade().onUpgrade(tunnel);
        } catch (RuntimeException e) {
            log(System.Logger.Level.WARNING, "upgrade_failed", e);
            closeNow(CloseReason.ERROR);
            return;
        }
        if (state == State.CLOSED) {
            handler.onClosed(closedReason); // closed or aborted inside onUpgrade: still told, once
            return;
        }
        tunnel.attach(handler);
        if (!inline && leftoverLen > 0) {
            resumeLeftover(); // frames the client sent right behind its handshake
        }
    }

    // ---- the engine side of the Tunnel (see UpgradedTunnel) ----

    boolean isUpgraded() {
        return state == State.UPGRADED;
    }

    /**
     * Writes this connection's queued bytes only: the loop's staging area may hold another connection's
     * response when an upgrade handler writes to a second tunnel from inside its own event.
     */
    void flushQueued() {
        try {
            flush(false);
            updateInterest();
        } catch (IOException e) {
            close(CloseReason.ofIoFailure(e));
        }
    }

    /** Closes at once with an RST, dropping queued bytes. Any thread. */
    void abort(CloseReason reason) {
        if (!loop.inLoop()) {
            loop.execute(() -> abort(reason));
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        try {
            channel.setOption(java.net.StandardSocketOptions.SO_LINGER, 0); // close sends RST
        } catch (IOException | RuntimeException ignored) {
            // a plain close is the fallback
        }
        out.clear();
        closeNow(reason);
    }

    /** Backpressure from an upgrade handler. Loop only. */
    void pauseReading(boolean paused) {
        readPaused = paused;
        updateInterest();
    }

    InetSocketAddress remoteAddress() {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    boolean isOpen() {
        return state != State.CLOSED;
    }

    private void nextRequest() {
        state = State.HEAD;
        head = null;
        body = null;
    }

    private void resumeLeftover() {
        byte[] bytes = leftover;
        int n = leftoverLen;
        leftover = null;
        leftoverLen = 0;
        process(bytes, 0, n);
    }

    private void resumeReading() {
        if (state == State.CLOSED) {
            return;
        }
        if (body != null) {
            body.resumed();
        }
        readPaused = false;
        updateInterest();
    }

    /** Whole seconds, rounded down: advertising more than we enforce would invite a stale reuse. */
    private int keepAliveTimeoutSeconds() {
        return (int) (server.effectiveIdleNanos() / 1_000_000_000L);
    }

    /** Answers an error with {@code Connection: close}, then half-closes and lingers. */
    void fail(int status, CloseReason reason, String message) {
        if (body != null) {
            body.fail(new IOException(message));
        }
        if (head != null || headStarted) {
            server.countRequest(); // an answer to a request, even a bad one; not a refusal at accept
        }
        ResponseWriter.writeError(loop, status, message);
        closeAfterFlush = reason;
        state = State.CLOSING;
        leftover = null;
        leftoverLen = 0;
        loop.removeIdle(this);
        log(System.Logger.Level.DEBUG, "request_rejected status=" + status + " reason=" + message, null);
    }

    // ---- output ----

    /** Writes what is staged for this connection now (outside a read or write event). */
    void flushNow() {
        flushQuietly();
    }

    private void flushQuietly() {
        try {
            flush();
            updateInterest();
        } catch (IOException e) {
            close(CloseReason.ofIoFailure(e));
        }
    }

    private void flush() throws IOException {
        flush(true);
    }

    /** Writes pending bytes, then (if {@code staged}) what this connection staged during its event. */
    private void flush(boolean staged) throws IOException {
        if (state == State.CLOSED) {
            return;
        }
        if (out.isEmpty() && !(staged && loop.hasStaged())) {
            return;
        }
        if (out.flush(staged)) {
            if (closeAfterFlush != null && state == State.CLOSING) {
                startLinger();
            } else if (closeAfterFlush != null && state == State.HEAD) {
                close(closeAfterFlush);
            }
        } else {
            schedule(out.lastWrite() + nanos(options.idleTimeout()));
        }
        if (state == State.UPGRADED && out.crossedLowWater()) {
            tunnel.drained();
        }
    }

    private void startLinger() throws IOException {
        if (options.lingerTimeout().isZero() || inputClosed) {
            close(closeAfterFlush);
            return;
        }
        // RFC 9112 §9.6: half-close, then keep reading so the client's late bytes don't turn into an RST
        channel.shutdownOutput();
        state = State.LINGER;
        lingerLeft = LINGER_BUDGET;
        schedule(now() + nanos(options.lingerTimeout()));
        updateInterest();
    }

    private void updateInterest() {
        if (state == State.CLOSED || key == null || !key.isValid()) {
            return;
        }
        int want;
        if (state == State.UPGRADED) {
            want = (readPaused || inputClosed ? 0 : SelectionKey.OP_READ) | (out.isEmpty() ? 0 : SelectionKey.OP_WRITE);
        } else if (!out.isEmpty()) {
            want = SelectionKey.OP_WRITE;
        } else if (state == State.LINGER) {
            want = SelectionKey.OP_READ;
        } else if (state == State.CLOSING || inputClosed) {
            want = 0;
        } else if (state == State.HANDLING) {
            want = body != null && body.isStreaming() && !body.isDone() && !readPaused ? SelectionKey.OP_READ : 0;
        } else {
            want = SelectionKey.OP_READ;
        }
        if (want != interest) {
            key.interestOps(want);
            interest = want;
        }
    }

    // ---- idle, timers, close ----

    private void maybeIdle() {
        if (state != State.HEAD || headStarted || leftoverLen > 0 || !out.isEmpty() || inIdleList) {
            return;
        }
        if (inputClosed) {
            close(CloseReason.PEER_CLOSED);
            return;
        }
        if (shutdownRequested || server.isShuttingDown()) {
            close(CloseReason.SHUTDOWN);
            return;
        }
        if (server.claimEvictionForWaiting()) {
            close(CloseReason.LIMIT); // a new connection waits at the limit: idle ones make room
            return;
        }
        idleSince = now();
        loop.addIdle(this);
        schedule(idleSince + server.effectiveIdleNanos());
    }

    /** Shutdown: an idle connection closes now, a busy one after its response. Runs on the loop. */
    void onShutdown() {
        shutdownRequested = true;
        if (inIdleList) {
            close(CloseReason.SHUTDOWN);
        } else if (state == State.UPGRADED) {
            tunnel.shutdown();
        }
    }

    private void onTimer() {
        long now = now();
        long idle = nanos(options.idleTimeout());
        if (!out.isEmpty() && state != State.LINGER) {
            if (now - out.lastWrite() >= idle) {
                close(CloseReason.IDLE_TIMEOUT); // the client stopped reading
            } else {
                schedule(out.lastWrite() + idle);
            }
            return;
        }
        switch (state) {
            case HEAD -> {
                if (headStarted) {
                    long deadline = headStart + nanos(options.headerTimeout());
                    if (now >= deadline) {
                        fail(408, CloseReason.HEADER_TIMEOUT, "request head not received within "
                                + options.headerTimeout().toMillis() + " ms");
                        flushQuietly();
                    } else {
                        schedule(deadline);
                    }
                } else if (inIdleList) {
                    long limit = server.effectiveIdleNanos();
                    if (now - idleSince >= limit) {
                        close(CloseReason.IDLE_TIMEOUT);
                    } else {
                        schedule(idleSince + limit);
                    }
                }
            }
            case BODY, DRAIN -> {
                if (now - lastProgress >= idle) {
                    close(CloseReason.IDLE_TIMEOUT);
                } else {
                    schedule(lastProgress + idle);
                }
            }
            case LINGER -> close(closeAfterFlush);
            default -> {
                // HANDLING: a slow handler is not idle; CLOSING waits for its flush
            }
        }
    }

    private void schedule(long deadline) {
        loop.wheel.schedule(timer, deadline);
    }

    /**
     * Closes now on the loop. For an upgraded connection called from outside the engine this is the
     * graceful {@link Tunnel#close}: queued bytes go first, then FIN and a short linger. Any thread.
     */
    void close(CloseReason reason) {
        if (!loop.inLoop()) {
            loop.execute(() -> close(reason));
            return;
        }
        if (state == State.UPGRADED) {
            closeAfterFlush = reason;
            state = State.CLOSING;
            flushQuietly();
            if (state == State.CLOSING && out.isEmpty()) {
                try {
                    startLinger();
                } catch (IOException e) {
                    closeNow(reason);
                }
            }
            return;
        }
        closeNow(reason);
    }

    private void closeNow(CloseReason reason) {
        if (state == State.CLOSED) {
            return;
        }
        closedReason = reason;
        state = State.CLOSED;
        loop.wheel.cancel(timer);
        loop.removeIdle(this);
        if (body != null) {
            body.fail(new IOException("connection closed: " + reason));
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closing: nothing left to report
        }
        leftover = null;
        out.clear();
        server.onClosed(this, reason);
        if (tunnel != null) {
            tunnel.closed(reason);
        }
    }

    private void keepLeftover(byte[] buf, int pos, int limit) {
        leftoverLen = limit - pos;
        leftover = leftoverLen == 0 ? null : Arrays.copyOfRange(buf, pos, limit);
    }

    private long now() {
        return loop.ticker.nanoTime();
    }

    private static long nanos(java.time.Duration d) {
        return d.toNanos();
    }

    private static void log(System.Logger.Level level, String event, Throwable t) {
        if (LOG.isLoggable(level)) {
            LOG.log(level, event, t);
        }
    }
}
