package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chunked decoder (RFC 9112 §7.1) gives the same result whatever way its input is cut. */
class ChunkedDecoderTest {
    private static final int MAX_TRAILER = 1024;

    /** Collects body bytes. */
    private static final class Body implements ChunkedDecoder.Sink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void data(byte[] buf, int off, int len) {
            bytes.write(buf, off, len);
        }

        String text() {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Decodes in one piece; returns the body, checks where decoding stopped. */
    private static String whole(String encoded, int expectedEnd) throws HttpException {
        byte[] b = bytes(encoded);
        ChunkedDecoder decoder = new ChunkedDecoder(MAX_TRAILER);
        Body body = new Body();
        assertEquals(expectedEnd, decoder.decode(b, 0, b.length, body), "end of the chunked body");
        assertTrue(decoder.isDone());
        return body.text();
    }

    /** Decodes one byte per call; done must be reported exactly at {@code expectedEnd}, not before. */
    private static String byteByByte(String encoded, int expectedEnd) throws HttpException {
        byte[] b = bytes(encoded);
        ChunkedDecoder decoder = new ChunkedDecoder(MAX_TRAILER);
        Body body = new Body();
        for (int i = 0; i < b.length; i++) {
            int next = decoder.decode(b, i, i + 1, body);
            if (i < expectedEnd) {
                assertEquals(i + 1, next, "byte " + i + " must be consumed");
                assertEquals(i + 1 == expectedEnd, decoder.isDone(), "done after byte " + i);
            } else {
                assertEquals(i, next, "byte " + i + " is past the body and must not be consumed");
            }
        }
        return body.text();
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                arguments("two chunks", "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world"),
                arguments("extensions", "5;name=value\r\nhello\r\n6 ; a=\"b;c\"\r\n world\r\n0;last\r\n\r\n",
                        "hello world"),
                arguments("trailers", "5\r\nhello\r\n0\r\nX-Trailer: 1\r\nY: two\r\n\r\n", "hello"),
                arguments("hex digits of both cases", "A\r\n0123456789\r\n1f\r\n" + "x".repeat(31) + "\r\n0\r\n\r\n",
                        "0123456789" + "x".repeat(31)),
                arguments("leading zeros", "005\r\nhello\r\n000\r\n\r\n", "hello"),
                arguments("bare LF line ends", "5\nhello\n0\nT: 1\n\n", "hello"),
                arguments("empty body", "0\r\n\r\n", ""),
                arguments("CRLF inside chunk data", "4\r\n\r\n\r\n\r\n0\r\n\r\n", "\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void decodesInOnePiece(String name, String encoded, String expected) throws Exception {
        String next = "GET /next HTTP/1.1\r\n\r\n";
        assertEquals(expected, whole(encoded + next, encoded.length()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void decodesFedByteByByteAndStopsAtTheEndOfTheTrailers(String name, String encoded, String expected)
            throws Exception {
        String next = "GET /next HTTP/1.1\r\n\r\n";
        assertEquals(expected, byteByByte(encoded + next, encoded.length()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void decodesWhenCutInTwoAtEveryPosition(String name, String encoded, String expected) throws Exception {
        byte[] b = bytes(encoded);
        for (int cut = 0; cut <= b.length; cut++) {
            ChunkedDecoder decoder = new ChunkedDecoder(MAX_TRAILER);
            Body body = new Body();
            assertEquals(cut, decoder.decode(b, 0, cut, body));
            assertEquals(cut == b.length, decoder.isDone(), "done with only " + cut + " bytes");
            assertEquals(b.length, decoder.decode(b, cut, b.length, body));
            assertTrue(decoder.isDone());
            assertEquals(expected, body.text(), "cut at " + cut);
        }
    }

    @Test
    void decodesALargeRandomlyChunkedBodyFedInRandomPieces() throws Exception {
        Random random = new Random(42);
        byte[] data = new byte[300_000];
        random.nextBytes(data);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        for (int pos = 0; pos < data.length; ) {
            int n = Math.min(data.length - pos, 1 + random.nextInt(70_000));
            encoded.writeBytes(bytes(Integer.toHexString(n) + "\r\n"));
            encoded.write(data, pos, n);
            encoded.writeBytes(bytes("\r\n"));
            pos += n;
        }
        encoded.writeBytes(bytes("0\r\n\r\n"));
        byte[] b = encoded.toByteArray();
        ChunkedDecoder decoder = new ChunkedDecoder(MAX_TRAILER);
        Body body = new Body();
        for (int pos = 0; pos < b.length; ) {
            int limit = Math.min(b.length, pos + 1 + random.nextInt(5_000));
            assertEquals(limit, decoder.decode(b, pos, limit, body));
            pos = limit;
        }
        assertTrue(decoder.isDone());
        assertArrayEquals(data, body.bytes.toByteArray());
    }

    @Test
    void isNotDoneBeforeTheBlankLineAfterTheLastChunk() throws Exception {
        byte[] b = bytes("5\r\nhello\r\n0\r\nX: 1\r\n");
        ChunkedDecoder decoder = new ChunkedDecoder(MAX_TRAILER);
        assertEquals(b.length, decoder.decode(b, 0, b.length, new Body()));
        assertFalse(decoder.isDone());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("non-hex size", 400, "x\r\n"),
                arguments("size line without digits", 400, ";ext\r\n"),
                arguments("more than 15 hex digits", 400, "1000000000000000\r\n"),
                arguments("junk after the size", 400, "5x\r\nhello\r\n"),
                arguments("CR not followed by LF in the size line", 400, "5\rhello"),
                arguments("missing CRLF after chunk data", 400, "5\r\nhelloX\r\n"),
                arguments("CR then junk after chunk data", 400, "5\r\nhello\rX"),
                arguments("CR then junk at the end of the trailers", 400, "0\r\n\rX"),
                arguments("chunk extension longer than 1 KiB", 400, "5;" + "e".repeat(1100) + "\r\nhello\r\n0\r\n\r\n"),
                arguments("trailer section larger than the limit", 431,
                        "0\r\nX: " + "t".repeat(MAX_TRAILER) + "\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("malformed")
    void refusesMalformedInputInOnePieceAndByteByByte(String name, int status, String encoded) {
        byte[] b = bytes(encoded);
        HttpException whole = assertThrows(HttpException.class,
                () -> new ChunkedDecoder(MAX_TRAILER).decode(b, 0, b.length, new Body()));
        assertEquals(status, whole.status(), whole.getMessage());
        HttpException pieces = assertThrows(HttpException.class, () -> {
            ChunkedDecoder decoder = new ChunkedDecoder(MAX_TRAILER);
            for (int i = 0; i < b.length; i++) {
                decoder.decode(b, i, i + 1, new Body());
            }
        });
        assertEquals(status, pieces.status(), pieces.getMessage());
    }

    @Test
    void passesTheSinksRefusalThrough() {
        byte[] b = bytes("5\r\nhello\r\n0\r\n\r\n");
        HttpException e = assertThrows(HttpException.class, () -> new ChunkedDecoder(MAX_TRAILER).decode(b, 0,
                b.length, (buf, off, len) -> {
                    throw new HttpException(413, "too large");
                }));
        assertEquals(413, e.status());
    }
}
