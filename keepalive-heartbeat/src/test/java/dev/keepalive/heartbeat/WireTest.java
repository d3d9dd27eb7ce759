package dev.keepalive.heartbeat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void heartbeatHasTheDocumentedBytes() {
        ByteBuffer b = ByteBuffer.allocate(64);
        Wire.encode(b, Wire.HEARTBEAT, 0x01020304, 5, 0x1122334455667788L, Wire.idBytes("a:1"));
        b.flip();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        assertEquals("4b11" + "01020304" + "0000000000000005" + "1122334455667788" + "03" + "613a31",
                HexFormat.of().formatHex(bytes));
        assertEquals(Wire.HEADER + 3, bytes.length);
    }

    @Test
    void decodesWhatItEncodesAndWaitsForTheRestOfASplitFrame() {
        ByteBuffer b = ByteBuffer.allocate(128);
        Wire.encode(b, Wire.ACK, -7, 123_456_789_012L, -42L, Wire.idBytes("127.0.0.1:7001"));
        Wire.encode(b, Wire.HEARTBEAT, 1, 2, 3, Wire.idBytes("x"));
        b.flip();
        Wire.Frame f = new Wire.Frame();
        int full = b.limit();
        for (int cut = 0; cut < Wire.HEADER + 14; cut++) {
            ByteBuffer part = b.duplicate().limit(cut);
            assertEquals(Wire.NEED_MORE, Wire.decode(part, f), "cut at " + cut);
            assertEquals(0, part.position(), "a partial frame is not consumed");
        }
        assertEquals(Wire.OK, Wire.decode(b, f));
        assertEquals(Wire.ACK, f.type);
        assertEquals(-7, f.incarnation);
        assertEquals(123_456_789_012L, f.sequence);
        assertEquals(-42L, f.timestamp);
        assertEquals("127.0.0.1:7001", f.id());
        assertEquals(Wire.OK, Wire.decode(b, f));
        assertEquals("x", f.id());
        assertEquals(full, b.position());
    }

    @Test
    void refusesOtherProtocolsVersionsAndEmptyIds() {
        Wire.Frame f = new Wire.Frame();
        assertEquals(Wire.MALFORMED, Wire.decode(ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes()), f));
        assertEquals(Wire.MALFORMED, Wire.decode(ByteBuffer.wrap(new byte[] {0x4B, 0x21}), f), "version 2");
        assertEquals(Wire.MALFORMED, Wire.decode(ByteBuffer.wrap(new byte[] {0x4B, 0x13}), f), "type 3");
        byte[] emptyId = new byte[Wire.HEADER];
        emptyId[0] = 0x4B;
        emptyId[1] = 0x11;
        assertEquals(Wire.MALFORMED, Wire.decode(ByteBuffer.wrap(emptyId), f));
        assertArrayEquals(new byte[] {'a'}, Wire.idBytes("a"));
    }
}
