package dev.keepalive.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The body of the request being served, framed by Content-Length or the chunked coding. Small bodies
 * (up to {@link ServerOptions#maxDrainSize()}) are read into memory before the handler runs; a larger
 * one streams to the handler through a {@link BodyPipe}; after the response, what the handler left
 * unread is discarded within the drain budget.
 *
 * <pre>
 *   NONE (no body) | MEMORY --grows past maxDrainSize--> PIPE --handler returned early--> DISCARD
 *                       \------------------------------------------------------------------^
 * </pre>
 */
final class RequestBody implements ChunkedDecoder.Sink {
    enum Mode { NONE, MEMORY, PIPE, DISCARD }

    private final ServerOptions options;
    private final Runnable resumeProducer;
    private Mode mode = Mode.NONE;
    private long remaining;
    private ChunkedDecoder chunks;
    private byte[] memory;
    private int memoryLength;
    private BodyPipe pipe;
    private long received;
    private boolean done = true;
    private long drainBudget;
    private boolean pauseRequested;

    /** @param resumeProducer called from a handler thread when a paused pipe may take bytes again */
    RequestBody(ServerOptions options, Runnable resumeProducer) {
        this.options = options;
        this.resumeProducer = resumeProducer;
    }

    /** Starts a body of {@code length} bytes, {@link RequestHead#CHUNKED} or {@link RequestHead#NO_BODY}. */
    void begin(long length) {
        received = 0;
        pipe = null;
        memory = null;
        memoryLength = 0;
        pauseRequested = false;
        chunks = length == RequestHead.CHUNKED ? new ChunkedDecoder(options.maxHeadSize()) : null;
        remaining = Math.max(0, length);
        done = length == RequestHead.NO_BODY;
        if (done) {
            mode = Mode.NONE;
        } else if (length == RequestHead.CHUNKED) {
            mode = Mode.MEMORY;
            memory = new byte[1024];
        } else if (length <= options.maxDrainSize()) {
            mode = Mode.MEMORY;
            memory = new byte[(int) length];
        } else {
            openPipe();
        }
    }

    Mode mode() {
        return mode;
    }

    boolean isDone() {
        return done;
    }

    boolean isChunked() {
        return chunks != null;
    }

    boolean isStreaming() {
        return mode == Mode.PIPE;
    }

    /** Whether the pipe is full and the connection should stop reading until the handler catches up. */
    boolean pauseRequested() {
        return pauseRequested;
    }

    void resumed() {
        pauseRequested = false;
    }

    /**
     * Consumes body bytes from {@code buf[pos, limit)}; returns the index after the last body byte.
     * May switch a growing chunked body from memory to a pipe ({@link #isStreaming()} turns true).
     */
    int consume(byte[] buf, int pos, int limit) throws HttpException {
        if (done) {
            return pos;
        }
        if (chunks != null) {
            pos = chunks.decode(buf, pos, limit, this);
            done = chunks.isDone();
        } else {
            int n = (int) Math.min(remaining, limit - pos);
            data(buf, pos, n);
            pos += n;
            remaining -= n;
            done = remaining == 0;
        }
        if (done && pipe != null) {
            pipe.finish();
        }
        return pos;
    }

    @Override
    public void data(byte[] buf, int off, int len) throws HttpException {
        received += len;
        if (received > options.maxBodySize()) {
            throw new HttpException(413, "request body larger than " + options.maxBodySize() + " bytes");
        }
        switch (mode) {
            case MEMORY -> {
                if (memoryLength + len > memory.length) {
                    if (memoryLength + len > options.maxDrainSize()) {
                        openPipe(); // too big to hold: stream the rest to a handler thread
                        offer(buf, off, len);
                        return;
                    }
                    memory = Arrays.copyOf(memory, Math.min(options.maxDrainSize(),
                            Math.max(memory.length * 2, memoryLength + len)));
                }
                System.arraycopy(buf, off, memory, memoryLength, len);
                memoryLength += len;
            }
            case PIPE -> offer(buf, off, len);
            case DISCARD -> {
                drainBudget -= len;
                if (drainBudget < 0) {
                    throw new HttpException(413, "unread request body larger than " + options.maxDrainSize());
                }
            }
            default -> throw new IllegalStateException("body bytes without a body: " + mode);
        }
    }

    private void openPipe() {
        pipe = new BodyPipe(resumeProducer, options.idleTimeout().toNanos());
        mode = Mode.PIPE;
        if (memoryLength > 0) {
            offer(memory, 0, memoryLength);
        }
        memory = null;
        memoryLength = 0;
    }

    private void offer(byte[] buf, int off, int len) {
        if (pipe.offer(buf, off, len)) {
            pauseRequested = true;
        }
    }

    /** The body for the handler: in memory, streaming, or empty. */
    InputStream stream() {
        if (pipe != null) {
            return pipe;
        }
        return memoryLength > 0 ? new ByteArrayInputStream(memory, 0, memoryLength) : InputStream.nullInputStream();
    }

    /**
     * The handler returned: drop what it did not read and discard the rest as it arrives. Returns false
     * when the rest is known to exceed the drain budget, so the connection must close instead.
     */
    boolean discardRest() {
        memory = null;
        if (pipe != null) {
            pipe.abandon();
            pipe = null;
        }
        if (done) {
            mode = Mode.NONE;
            return true;
        }
        mode = Mode.DISCARD;
        drainBudget = options.maxDrainSize();
        return chunks != null || remaining <= drainBudget;
    }

    /** The body cannot complete (peer gone, limit): a handler reading it gets {@code cause}. */
    void fail(IOException cause) {
        if (pipe != null) {
            pipe.fail(cause);
        }
    }
}
