package dev.keepalive.websocket.internal;

import dev.keepalive.core.CloseReason;
import dev.keepalive.websocket.CloseStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/** Frame constants and encoding (RFC 6455 §5.2). Decoding is {@link FrameDecoder}. */
public final class Frames {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;
    /** Control frames carry at most 125 bytes (RFC 6455 §5.5). */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    /** A close reason must fit a control frame after the two code bytes. */
    public static final int MAX_CLOSE_REASON = MAX_CONTROL_PAYLOAD - 2;
    /** Unmasked payloads up to this size are copied behind their header rather than written as a second buffer. */
    private static final int SMALL = 1024;

    private Frames() {
    }

    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /**
     * One frame as buffers to write. Unmasked (server to client): a small header plus {@code payload}
     * itself, not copied (payloads up to 1 KiB are copied into the header's buffer). Masked (client to server, RFC 6455 §5.3): one buffer with a masked copy under a
     * fresh key from {@code random}.
     */
    public static ByteBuffer[] encode(int opcode, boolean fin, ByteBuffer payload, RandomGenerator maskRandom) {
        int len = payload.remaining();
        int headerLen = 2 + (len <= 125 ? 0 : len <= 0xFFFF ? 2 : 8) + (maskRandom != null ? 4 : 0);
        // Small frames go out as one buffer: one write(2) instead of a gathering writev(2), and no array
        // of buffers; a ping every 30 s on 10 000 connections is all small frames.
        boolean copy = maskRandom != null || len <= SMALL;
        int total = copy ? headerLen + len : headerLen;
        ByteBuffer out = ByteBuffer.allocate(total);
        out.put((byte) ((fin ? 0x80 : 0) | opcode));
        int maskBit = maskRandom != null ? 0x80 : 0;
        if (len <= 125) {
            out.put((byte) (maskBit | len));
        } else if (len <= 0xFFFF) {
            out.put((byte) (maskBit | 126)).putShort((short) len);
        } else {
            out.put((byte) (maskBit | 127)).putLong(len);
        }
        if (maskRandom == null) {
            if (copy) {
                return new ByteBuffer[] {out.put(payload.duplicate()).flip()};
            }
            return new ByteBuffer[] {out.flip(), payload.slice()};
        }
        int key = maskRandom.nextInt();
        out.putInt(key);
        int start = out.position();
        out.put(payload.duplicate());
        byte[] a = out.array();
        for (int i = 0; i < len; i++) {
            a[start + i] ^= (byte) (key >>> (24 - 8 * (i & 3)));
        }
        return new ByteBuffer[] {out.flip()};
    }

    /**
     * Reads a received close frame (RFC 6455 §5.5.1, §7.4): empty means 1005 (no status); otherwise a
     * sendable code and a UTF-8 reason. The result says {@code byPeer}, cause PEER_CLOSED.
     */
    public static CloseStatus parseClose(byte[] payload) throws ProtocolError {
        if (payload.length == 0) {
            return new CloseStatus(CloseStatus.NO_STATUS, "", CloseReason.PEER_CLOSED, true);
        }
        if (payload.length == 1) {
            throw new ProtocolError(CloseStatus.PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        int code = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
        if (!CloseStatus.isSendable(code)) {
            throw new ProtocolError(CloseStatus.PROTOCOL_ERROR, "invalid close code " + code);
        }
        if (!Utf8.isValid(payload, 2, payload.length)) {
            throw new ProtocolError(CloseStatus.INVALID_PAYLOAD, "close reason is not UTF-8");
        }
        String reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        return new CloseStatus(code, reason, CloseReason.PEER_CLOSED, true);
    }

    /** The payload of a close frame: the code, then the reason cut to 123 bytes at a character boundary. */
    public static ByteBuffer closePayload(int code, String reason) {
        byte[] text = truncateUtf8(reason, MAX_CLOSE_REASON);
        return ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).flip();
    }

    /** {@code s} as UTF-8, cut to at most {@code max} bytes without splitting a character. */
    public static byte[] truncateUtf8(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return b;
        }
        int end = max;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--; // b[end] is a continuation byte: cut before its character starts
        }
        return java.util.Arrays.copyOf(b, end);
    }
}
