package dev.keepalive.http;

import dev.keepalive.core.Ticker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The output side of one {@link Connection}: bytes the socket has not taken yet, the time of the last
 * write, and the low-water mark behind {@link UpgradeHandler#onDrained}. What to do once everything is
 * out (next request, linger, close) stays with the connection. Loop only, except {@link #bytes()}.
 *
 * <p>A response that leaves in one write never touches the queue: the loop's staged bytes go straight
 * to the socket, and only what the socket refuses is kept.
 */
final class WriteQueue {
    private final EventLoop loop;
    private final SocketChannel channel;
    private final Ticker ticker;
    private ArrayDeque<ByteBuffer> pending; // null when nothing waits (most of the time: no allocation)
    private volatile long bytes; // read from other threads: Tunnel.pendingBytes, a WebSocket's bufferedAmount
    private long lastWrite;
    private long lowWater;
    private boolean aboveLowWater;

    WriteQueue(EventLoop loop, SocketChannel channel) {
        this.loop = loop;
        this.channel = channel;
        this.ticker = loop.ticker;
    }

    boolean isEmpty() {
        return pending == null;
    }

    /** Bytes queued and not yet taken by the socket. Any thread. */
    long bytes() {
        return bytes;
    }

    /** When the socket last took bytes, or refused the first of a stall: the write timeout counts from here. */
    long lastWrite() {
        return lastWrite;
    }

    /** Appends {@code buffers} (empty ones are skipped) behind what already waits. */
    void add(ByteBuffer[] buffers) {
        long added = 0;
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                if (pending == null) {
                    pending = new ArrayDeque<>(buffers.length + 1);
                }
                pending.add(b);
                added += b.remaining();
            }
        }
        if (added > 0) {
            bytes += added;
        }
    }

    /**
     * Writes pending bytes, then (if {@code staged}) what the connection staged on the loop during its
     * event. Returns whether nothing is left.
     */
    boolean flush(boolean staged) throws IOException {
        List<ByteBuffer> bufs = loop.scratchBuffers();
        boolean wasPending = pending != null;
        if (wasPending) {
            bufs.addAll(pending);
        }
        int stagedFrom = bufs.size();
        if (staged) {
            loop.takeStaged(bufs);
        }
        List<ByteBuffer> keep = loop.scratchKeep();
        try {
            long n = bufs.size() == 1 ? channel.write(bufs.get(0)) : channel.write(bufs.toArray(new ByteBuffer[0]));
            if (n > 0 || !wasPending) {
                lastWrite = ticker.nanoTime();
            }
        } finally {
            for (int i = 0; i < stagedFrom; i++) {
                if (bufs.get(i).hasRemaining()) {
                    keep.add(bufs.get(i));
                }
            }
            if (staged) {
                loop.detach(bufs, stagedFrom, keep);
            }
            bufs.clear();
        }
        if (keep.isEmpty()) {
            pending = null;
            if (wasPending) {
                bytes = 0;
            }
            return true;
        }
        long left = 0;
        for (int i = 0; i < keep.size(); i++) {
            left += keep.get(i).remaining();
        }
        pending = new ArrayDeque<>(keep);
        keep.clear();
        bytes = left;
        return false;
    }

    /** Drops every queued byte: the connection is closing at once. */
    void clear() {
        pending = null;
        bytes = 0;
    }

    /** Sets the mark of {@link #crossedLowWater}; queued bytes already above it count as a first crossing up. */
    void lowWater(long mark) {
        lowWater = mark;
        aboveLowWater = bytes > mark;
    }

    /**
     * Whether the queue has fallen to the low-water mark or below since it was last seen above it: true
     * once per crossing. Call after every change (a write, a flush).
     */
    boolean crossedLowWater() {
        if (bytes > lowWater) {
            aboveLowWater = true;
            return false;
        }
        if (aboveLowWater) {
            aboveLowWater = false;
            return true;
        }
        return false;
    }
}
