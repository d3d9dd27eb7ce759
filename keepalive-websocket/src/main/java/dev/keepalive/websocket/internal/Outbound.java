package dev.keepalive.websocket.internal;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * The sending half of a session: frames messages (fragments above maxFrameSize, RFC 6455 §5.4), masks
 * client frames (§5.3), keeps fragmented messages from interleaving, and pauses reading from a peer
 * that sends but does not read. Loop only.
 */
final class Outbound {
    private static final SecureRandom MASKS = new SecureRandom(); // §5.3: keys must be unpredictable
    /** Stop reading from a peer that does not read what we send, past this many queued bytes. */
    static final long HIGH_WATER = 4L << 20;
    /** Read again once the queue is down to this; the server's Tunnel reports the crossing itself. */
    static final long LOW_WATER = 1L << 20;

    private final Transport transport;
    private final boolean mask;
    private final int maxFrameSize;
    private int inProgress; // opcode of the fragmented message being sent, 0 for none
    private boolean readPaused;

    Outbound(Transport transport, boolean mask, int maxFrameSize) {
        this.transport = transport;
        this.mask = mask;
        this.maxFrameSize = maxFrameSize;
    }

    /** Sends a message or one fragment of it ({@code type} TEXT or BINARY). */
    void message(int type, ByteBuffer data, boolean last) {
        if (inProgress != 0 && inProgress != type) {
            throw new IllegalStateException("a " + (inProgress == Frames.TEXT ? "text" : "binary")
                    + " message is in progress: send its last fragment first");
        }
        int opcode = inProgress != 0 ? Frames.CONTINUATION : type;
        do {
            int n = Math.min(maxFrameSize, data.remaining());
            ByteBuffer chunk = data.slice(data.position(), n);
            data.position(data.position() + n);
            frame(opcode, last && !data.hasRemaining(), chunk);
            opcode = Frames.CONTINUATION;
        } while (data.hasRemaining());
        inProgress = last ? 0 : type;
        if (!readPaused && transport.pendingBytes() > HIGH_WATER) {
            readPaused = true;
            transport.pauseReading(true);
        }
    }

    void frame(int opcode, boolean fin, ByteBuffer payload) {
        transport.write(Frames.encode(opcode, fin, payload, mask ? MASKS : null));
    }

    /** Whether a fragmented message is being sent: a new message may not start before its last fragment. */
    boolean isMidMessage() {
        return inProgress != 0;
    }

    /**
     * Whether reading is paused for backpressure. A server hears of the drain from its Tunnel; a client
     * transport cannot say when, so its session polls {@link #maybeResume()} meanwhile.
     */
    boolean readPaused() {
        return readPaused;
    }

    /** Resumes reading if it was paused and the queue is down to {@link #LOW_WATER}. */
    void maybeResume() {
        if (readPaused && transport.pendingBytes() <= LOW_WATER) {
            readPaused = false;
            transport.pauseReading(false);
        }
    }
}
