package dev.keepalive.heartbeat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The heartbeat wire format, the same bytes in a UDP datagram and on a TCP stream (where a frame is
 * self-delimiting through its id length). Big-endian:
 *
 * <pre>
 *   offset size
 *        0    1  magic 0x4B ('K')
 *        1    1  version (1) in the high nibble, type in the low: 1 = HEARTBEAT, 2 = ACK
 *        2    4  incarnation: random per sender start, so a restarted sender's sequence 0 is not a duplicate
 *        6    8  sequence: 0, 1, 2 ... per incarnation and destination
 *       14    8  timestamp: the sender's monotonic clock in ns when it sent the heartbeat
 *       22    1  id length n (1..255)
 *       23    n  sender id, UTF-8
 * </pre>
 *
 * An ACK answers one HEARTBEAT: it echoes incarnation, sequence and timestamp and carries the acker's
 * id, so the heartbeat's sender measures the round trip on its own clock (no clock sync needed).
 * A heartbeat from {@code 127.0.0.1:7001} is 37 bytes.
 */
final class Wire {
    static final byte MAGIC = 0x4B;
    static final int VERSION = 1;
    static final int HEARTBEAT = 1;
    static final int ACK = 2;
    static final int HEADER = 23;
    static final int MAX_ID = 255;
    static final int MAX_FRAME = HEADER + MAX_ID;

    /** decode results */
    static final int OK = 0;
    static final int NEED_MORE = 1;
    static final int MALFORMED = 2;

    private Wire() {
    }

    static byte[] idBytes(String id) {
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        if (b.length < 1 || b.length > MAX_ID) {
            throw new IllegalArgumentException("id must be 1..255 bytes of UTF-8: '" + id + "'");
        }
        return b;
    }

    /** Writes one frame at {@code out}'s position; needs {@code HEADER + id.length} bytes of room. */
    static void encode(ByteBuffer out, int type, int incarnation, long sequence, long timestamp, byte[] id) {
        out.put(MAGIC);
        out.put((byte) (VERSION << 4 | type));
        out.putInt(incarnation);
        out.putLong(sequence);
        out.putLong(timestamp);
        out.put((byte) id.length);
        out.put(id);
    }

    /** One decoded frame; reused by its owner for every frame, so decoding does not allocate. */
    static final class Frame {
        int type;
        int incarnation;
        long sequence;
        long timestamp;
        final byte[] id = new byte[MAX_ID];
        int idLength;

        String id() {
            return new String(id, 0, idLength, StandardCharsets.UTF_8);
        }
    }

    /**
     * Decodes the frame at {@code in}'s position into {@code frame}. On {@link #OK} the position moves past
     * the frame; on {@link #NEED_MORE} (a stream that has not delivered the whole frame) and
     * {@link #MALFORMED} it does not move.
     */
    static int decode(ByteBuffer in, Frame frame) {
        int start = in.position();
        int available = in.remaining();
        if (available < 2) {
            return available >= 1 && in.get(start) != MAGIC ? MALFORMED : NEED_MORE;
        }
        int versionType = in.get(start + 1) & 0xFF;
        int type = versionType & 0x0F;
        if (in.get(start) != MAGIC || versionType >> 4 != VERSION || (type != HEARTBEAT && type != ACK)) {
            return MALFORMED;
        }
        if (available < HEADER) {
            return NEED_MORE;
        }
        int idLength = in.get(start + 22) & 0xFF;
        if (idLength == 0) {
            return MALFORMED;
        }
        if (available < HEADER + idLength) {
            return NEED_MORE;
        }
        frame.type = type;
        frame.incarnation = in.getInt(start + 2);
        frame.sequence = in.getLong(start + 6);
        frame.timestamp = in.getLong(start + 14);
        frame.idLength = idLength;
        in.get(start + HEADER, frame.id, 0, idLength);
        in.position(start + HEADER + idLength);
        return OK;
    }
}
