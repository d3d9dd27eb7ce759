package dev.keepalive.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    @Test
    void acceptsEveryCodePointTheJdkEncodes() {
        StringBuilder sb = new StringBuilder();
        for (int cp = 0; cp <= 0x10FFFF; cp += (cp < 0x800 ? 1 : 97)) {
            if (cp < 0xD800 || cp > 0xDFFF) {
                sb.appendCodePoint(cp);
            }
        }
        sb.appendCodePoint(0x10FFFF).appendCodePoint(0xFFFF).appendCodePoint(0xD7FF).appendCodePoint(0xE000);
        byte[] utf8 = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(Utf8.isValid(utf8, 0, utf8.length));
    }

    @Test
    void refusesOverlongsSurrogatesAndOutOfRange() {
        assertFalse(Utf8.isValid(b(0xC0, 0x80), 0, 2), "overlong NUL");
        assertFalse(Utf8.isValid(b(0xE0, 0x80, 0x80), 0, 3), "overlong 3-byte");
        assertFalse(Utf8.isValid(b(0xF0, 0x80, 0x80, 0x80), 0, 4), "overlong 4-byte");
        assertFalse(Utf8.isValid(b(0xED, 0xA0, 0x80), 0, 3), "surrogate U+D800");
        assertFalse(Utf8.isValid(b(0xF4, 0x90, 0x80, 0x80), 0, 4), "U+110000");
        assertFalse(Utf8.isValid(b(0xF5, 0x80, 0x80, 0x80), 0, 4), "lead byte 0xF5");
        assertFalse(Utf8.isValid(b(0x80), 0, 1), "lone continuation byte");
        assertFalse(Utf8.isValid(b(0xE2, 0x82), 0, 2), "truncated sequence is not complete");
    }

    @Test
    void stateCarriesAcrossChunksAndErrorsNameTheByte() {
        byte[] euro = b(0xE2, 0x82, 0xAC);
        int s = Utf8.validate(Utf8.ACCEPT, euro, 0, 1);
        s = Utf8.validate(s, euro, 1, 2);
        assertEquals(Utf8.ACCEPT, Utf8.validate(s, euro, 2, 3));
        byte[] bad = b('a', 'b', 0xE2, 0x28);
        assertEquals(3, ~Utf8.validate(Utf8.ACCEPT, bad, 0, 4), "index of the byte that cannot follow");
    }
}
