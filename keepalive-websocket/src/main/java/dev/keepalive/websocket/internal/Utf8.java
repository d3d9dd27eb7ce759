package dev.keepalive.websocket.internal;

/**
 * Streaming UTF-8 validation (RFC 3629 §4), so a text message is checked as its bytes arrive, across
 * frame boundaries (RFC 6455 §8.1), without decoding. The state is an int carried between calls:
 * {@link #ACCEPT} between characters, otherwise the number of continuation bytes still expected and
 * the range the next one must fall in (which rules out overlong forms, surrogates and code points above
 * U+10FFFF).
 */
public final class Utf8 {
    /** The state between whole characters; the only valid state at the end of a message. */
    public static final int ACCEPT = 0;

    private Utf8() {
    }

    /**
     * Validates {@code bytes[from, to)} continuing from {@code state}. Returns the new state (&gt;= 0), or
     * {@code ~index} (&lt; 0) of the first byte that cannot occur there.
     */
    public static int validate(int state, byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            if (state == ACCEPT) {
                if (b < 0x80) {
                    continue;
                }
                if (b >= 0xC2 && b <= 0xDF) {
                    state = expect(1, 0x80, 0xBF);
                } else if (b == 0xE0) {
                    state = expect(2, 0xA0, 0xBF); // no overlong 3-byte forms
                } else if (b == 0xED) {
                    state = expect(2, 0x80, 0x9F); // no UTF-16 surrogates
                } else if (b >= 0xE1 && b <= 0xEF) {
                    state = expect(2, 0x80, 0xBF);
                } else if (b == 0xF0) {
                    state = expect(3, 0x90, 0xBF); // no overlong 4-byte forms
                } else if (b >= 0xF1 && b <= 0xF3) {
                    state = expect(3, 0x80, 0xBF);
                } else if (b == 0xF4) {
                    state = expect(3, 0x80, 0x8F); // nothing above U+10FFFF
                } else {
                    return ~i; // 0x80..0xC1 as a lead byte, or 0xF5..0xFF
                }
            } else {
                if (b < ((state >>> 8) & 0xFF) || b > (state & 0xFF)) {
                    return ~i;
                }
                int left = (state >>> 16) - 1;
                state = left == 0 ? ACCEPT : expect(left, 0x80, 0xBF);
            }
        }
        return state;
    }

    /** Whether {@code bytes[from, to)} is a complete, valid UTF-8 sequence. */
    public static boolean isValid(byte[] bytes, int from, int to) {
        return validate(ACCEPT, bytes, from, to) == ACCEPT;
    }

    private static int expect(int continuationBytes, int low, int high) {
        return continuationBytes << 16 | low << 8 | high;
    }
}
