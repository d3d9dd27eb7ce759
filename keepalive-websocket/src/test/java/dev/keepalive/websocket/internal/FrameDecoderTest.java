package dev.keepalive.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decoder against the encoder, fed in pieces of every size. */
class FrameDecoderTest {
    private final List<String> out = new ArrayList<>();
    private final FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Sink() {
        @Override
        public void onMessage(int opcode, byte[] payload, int length) {
            out.add(opcode + ":" + new String(payload, 0, length, StandardCharsets.UTF_8));
        }

        @Override
        public void onControl(int opcode, byte[] payload) {
            out.add(opcode + ":" + new String(payload, StandardCharsets.UTF_8));
        }
    }, true, 70_000, 200_000);

    private static byte[] masked(int opcode, boolean fin, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (ByteBuffer buf : Frames.encode(opcode, fin, ByteBuffer.wrap(payload), new Random(7))) {
            b.write(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
        }
        return b.toByteArray();
    }

    @Test
    void decodesFramesSplitAtEveryByte() throws Exception {
        String big = "x".repeat(66_000); // 64-bit length form
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(masked(Frames.TEXT, false, "héllo ".getBytes(StandardCharsets.UTF_8)));
        all.writeBytes(masked(Frames.PING, true, "p".getBytes()));
        all.writeBytes(masked(Frames.CONTINUATION, true, "wörld".getBytes(StandardCharsets.UTF_8)));
        all.writeBytes(masked(Frames.BINARY, true, "m".repeat(300).getBytes())); // 16-bit length form
        all.writeBytes(masked(Frames.TEXT, true, big.getBytes()));
        byte[] bytes = all.toByteArray();
        for (int step : new int[] {1, 2, 3, 7, 13, 4096, bytes.length}) {
            out.clear();
            for (int i = 0; i < bytes.length; i += step) {
                decoder.feed(ByteBuffer.wrap(bytes, i, Math.min(step, bytes.length - i)));
            }
            assertEquals(List.of("9:p", "1:héllo wörld", "2:" + "m".repeat(300), "1:" + big), out, "step " + step);
            assertFalse(decoder.isMidMessage());
        }
    }

    @Test
    void refusesBeforeBufferingAHostileLength() {
        byte[] header = {(byte) 0x82, (byte) (0x80 | 127), 0, 0, 0, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3, 4};
        ProtocolError e = assertThrows(ProtocolError.class, () -> decoder.feed(ByteBuffer.wrap(header)));
        assertEquals(1009, e.code());
        assertEquals("frame of 2147483647 bytes exceeds maxFrameSize 70000", e.getMessage());
    }

    @Test
    void ignoresInputAfterAFailure() throws Exception {
        assertThrows(ProtocolError.class, () -> decoder.feed(ByteBuffer.wrap(new byte[] {(byte) 0x81, 1, 'x'})));
        decoder.feed(ByteBuffer.wrap(masked(Frames.TEXT, true, "late".getBytes())));
        assertTrue(out.isEmpty());
    }
}
