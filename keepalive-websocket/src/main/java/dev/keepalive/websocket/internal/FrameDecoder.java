package dev.keepalive.websocket.internal;

import dev.keepalive.websocket.CloseStatus;
import java.nio.ByteBuffer;

/**
 * Incremental frame parser (RFC 6455 §5): bytes go in as they arrive, in pieces of any size; whole
 * messages and control frames come out. Every rule is checked at the frame header, before a payload
 * byte is buffered, so a hostile length costs nothing:
 * <ul>
 *   <li>reserved bits without an extension, unknown opcodes → 1002 (§5.2)</li>
 *   <li>client frames must be masked, server frames must not (§5.1) → 1002</li>
 *   <li>control frames: at most 125 bytes, never fragmented (§5.5) → 1002</li>
 *   <li>continuation without a message, or a new message inside a fragmented one (§5.4) → 1002</li>
 *   <li>frame above maxFrameSize, message above maxMessageSize → 1009 (§7.4.1)</li>
 *   <li>text not UTF-8, checked as bytes arrive, across fragments (§8.1) → 1007</li>
 * </ul>
 * An idle connection holds no buffer: the message buffer lives only while a message is arriving.
 *
 * <pre>
 *   HEADER --header complete, length 0--> (frame done) --> HEADER
 *     \--header complete--> PAYLOAD --last byte--> (frame done) --> HEADER
 *   any rule broken --> FAILED (ProtocolError thrown; later input ignored)
 * </pre>
 */
public final class FrameDecoder {

    /** Receives the decoder's output; may throw to fail the connection. */
    public interface Sink {
        /** A whole data message; {@code payload[0, length)} is the receiver's to keep. */
        void onMessage(int opcode, byte[] payload, int length) throws ProtocolError;

        /** A control frame (close, ping, pong) with its unmasked payload. */
        void onControl(int opcode, byte[] payload) throws ProtocolError;
    }

    enum State { HEADER, PAYLOAD, FAILED }

    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_HEADER = 14;

    private final Sink sink;
    private final boolean expectMasked;
    private final int maxFrameSize;
    private final int maxMessageSize;

    private State state = State.HEADER;
    private byte[] head; // only while a header is split across reads
    private int headLen;
    // the frame being read
    private int opcode;
    private boolean fin;
    private int maskKey;
    private int maskPos;
    private long remaining;
    private byte[] control;
    private int controlLen;
    // the message being assembled
    private int messageOpcode; // 0: none in progress
    private byte[] message;
    private int messageLen;
    private int utf8 = Utf8.ACCEPT;

    /**
     * @param expectMasked true on a server (client frames are masked), false on a client
     */
    public FrameDecoder(Sink sink, boolean expectMasked, int maxFrameSize, int maxMessageSize) {
        this.sink = sink;
        this.expectMasked = expectMasked;
        this.maxFrameSize = maxFrameSize;
        this.maxMessageSize = maxMessageSize;
    }

    /** Consumes all of {@code data}. After a {@link ProtocolError} the decoder ignores further input. */
    public void feed(ByteBuffer data) throws ProtocolError {
        try {
            while (data.hasRemaining() && state != State.FAILED) {
                if (state == State.HEADER) {
                    if (readHeader(data)) {
                        if (remaining == 0) {
                            frameDone();
                        } else {
                            state = State.PAYLOAD;
                        }
                    }
                } else {
                    readPayload(data);
                }
            }
        } catch (ProtocolError e) {
            state = State.FAILED;
            message = null;
            control = null;
            throw e;
        }
    }

    /** Whether a message is partly received (fragments or payload bytes pending). */
    public boolean isMidMessage() {
        return messageOpcode != 0 || state == State.PAYLOAD || headLen > 0;
    }

    private boolean readHeader(ByteBuffer data) throws ProtocolError {
        if (headLen == 0 && data.remaining() >= 2) {
            int p = data.position();
            int need = headerLength(data.get(p + 1));
            if (data.remaining() >= need) {
                parseHeader(data, p);
                data.position(p + need);
                return true;
            }
        }
        if (head == null) {
            head = new byte[MAX_HEADER];
        }
        while (data.hasRemaining()) {
            head[headLen++] = data.get();
            if (headLen >= 2 && headLen == headerLength(head[1])) {
                parseHeader(ByteBuffer.wrap(head), 0);
                head = null;
                headLen = 0;
                return true;
            }
        }
        return false;
    }

    private int headerLength(byte second) {
        int len7 = second & 0x7F;
        return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((second & 0x80) != 0 ? 4 : 0);
    }

    private void parseHeader(ByteBuffer b, int p) throws ProtocolError {
        int b0 = b.get(p) & 0xFF;
        int b1 = b.get(p + 1) & 0xFF;
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0F;
        boolean masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7F;
        int q = p + 2;
        long len;
        if (len7 == 126) {
            len = (b.get(q) & 0xFF) << 8 | (b.get(q + 1) & 0xFF);
            q += 2;
        } else if (len7 == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = len << 8 | (b.get(q + i) & 0xFF);
            }
            q += 8;
        } else {
            len = len7;
        }
        maskKey = 0;
        if (masked) {
            for (int i = 0; i < 4; i++) {
                maskKey = maskKey << 8 | (b.get(q + i) & 0xFF);
            }
        }
        maskPos = 0;
        check(b0, masked, len);
        remaining = len;
        if (Frames.isControl(opcode)) {
            control = len == 0 ? EMPTY : new byte[(int) len];
            controlLen = 0;
            return;
        }
        int n = (int) len;
        if (opcode != Frames.CONTINUATION) {
            messageOpcode = opcode;
            messageLen = 0;
            utf8 = Utf8.ACCEPT;
            message = fin ? (n == 0 ? EMPTY : new byte[n]) : new byte[Math.max(n, Math.min(4096, maxMessageSize))];
        } else if (message.length - messageLen < n) {
            int grown = (int) Math.min(maxMessageSize, Math.max((long) message.length * 2, (long) messageLen + n));
            message = java.util.Arrays.copyOf(message, grown);
        }
    }

    private void check(int b0, boolean masked, long len) throws ProtocolError {
        if ((b0 & 0x70) != 0) {
            throw new ProtocolError(CloseStatus.PROTOCOL_ERROR,
                    "reserved bits 0x" + Integer.toHexString(b0 & 0x70) + " set without a negotiated extension");
        }
        boolean control = Frames.isControl(opcode);
        if (opcode > Frames.BINARY && !control || opcode > Frames.PONG) {
            throw new ProtocolError(CloseStatus.PROTOCOL_ERROR, "unknown opcode 0x" + Integer.toHexString(opcode));
        }
        if (masked != expectMasked) {
            throw new ProtocolError(CloseStatus.PROTOCOL_ERROR, expectMasked
                    ? "client frame not masked (RFC 6455 §5.1)" : "server frame masked (RFC 6455 §5.1)");
        }
        if (len < 0) {
            throw new ProtocolError(CloseStatus.PROTOCOL_ERROR, "frame length with the most significant bit set");
        }
        if (control) {
            if (!fin) {
                throw new ProtocolError(CloseStatus.PROTOCOL_ERROR,
                        "fragmented control frame (opcode 0x" + Integer.toHexString(opcode) + ")");
            }
            if (len > Frames.MAX_CONTROL_PAYLOAD) {
                throw new ProtocolError(CloseStatus.PROTOCOL_ERROR, "control frame payload of " + len
                        + " bytes (at most 125)");
            }
            return;
        }
        if (len > maxFrameSize) {
            throw new ProtocolError(CloseStatus.MESSAGE_TOO_BIG, "frame of " + len + " bytes exceeds maxFrameSize "
                    + maxFrameSize);
        }
        if (opcode == Frames.CONTINUATION && messageOpcode == 0) {
            throw new ProtocolError(CloseStatus.PROTOCOL_ERROR, "continuation frame without a message to continue");
        }
        if (opcode != Frames.CONTINUATION && messageOpcode != 0) {
            throw new ProtocolError(CloseStatus.PROTOCOL_ERROR,
                    "new data frame while a fragmented message is in progress");
        }
        long total = (opcode == Frames.CONTINUATION ? messageLen : 0) + len;
        if (total > maxMessageSize) {
            throw new ProtocolError(CloseStatus.MESSAGE_TOO_BIG, "message of at least " + total
                    + " bytes exceeds maxMessageSize " + maxMessageSize);
        }
    }

    private void readPayload(ByteBuffer data) throws ProtocolError {
        int n = (int) Math.min(remaining, data.remaining());
        boolean isControl = Frames.isControl(opcode);
        byte[] target = isControl ? control : message;
        int offset = isControl ? controlLen : messageLen;
        data.get(target, offset, n);
        if (maskKey != 0) {
            int key = maskKey;
            int pos = maskPos;
            for (int i = 0; i < n; i++) {
                target[offset + i] ^= (byte) (key >>> (24 - 8 * ((pos + i) & 3)));
            }
            maskPos = (pos + n) & 3;
        }
        if (isControl) {
            controlLen += n;
        } else {
            if (messageOpcode == Frames.TEXT) {
                int s = Utf8.validate(utf8, target, offset, offset + n);
                if (s < 0) {
                    throw new ProtocolError(CloseStatus.INVALID_PAYLOAD, "invalid UTF-8 in a text message at byte "
                            + ~s + " (0x" + Integer.toHexString(target[~s] & 0xFF) + ")");
                }
                utf8 = s;
            }
            messageLen += n;
        }
        remaining -= n;
        if (remaining == 0) {
            state = State.HEADER;
            frameDone();
        }
    }

    private void frameDone() throws ProtocolError {
        state = State.HEADER;
        if (Frames.isControl(opcode)) {
            byte[] payload = control;
            control = null;
            sink.onControl(opcode, payload);
            return;
        }
        if (!fin) {
            return;
        }
        if (messageOpcode == Frames.TEXT && utf8 != Utf8.ACCEPT) {
            throw new ProtocolError(CloseStatus.INVALID_PAYLOAD, "text message ends inside a UTF-8 sequence");
        }
        byte[] payload = message;
        int length = messageLen;
        int op = messageOpcode;
        message = null;
        messageLen = 0;
        messageOpcode = 0;
        sink.onMessage(op, payload, length);
    }
}
