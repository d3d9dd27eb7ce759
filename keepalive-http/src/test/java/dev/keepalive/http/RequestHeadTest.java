package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RequestHead#findEnd} and {@link RequestHead#parse}: framing, persistence and refusals (RFC 9112). */
class RequestHeadTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Parses a complete head, checking first that findEnd sees exactly its end. */
    private static RequestHead parse(String head) throws HttpException {
        byte[] b = bytes(head);
        int end = RequestHead.findEnd(b, 0, b.length);
        assertEquals(b.length, end, "findEnd must end exactly after the blank line");
        return RequestHead.parse(b, 0, end);
    }

    private static int refusal(String head) {
        return assertThrows(HttpException.class, () -> parse(head), head).status();
    }

    // ---- findEnd ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("heads")
    void findEndReportsNothingUntilTheLastByteOfTheHeadArrives(String name, String head) {
        byte[] b = bytes(head + "BODY"); // bytes after the head belong to the body or the next request
        int headLength = head.length();
        for (int available = 0; available < headLength; available++) {
            assertEquals(-1, RequestHead.findEnd(b, 0, available), name + ": complete after only " + available
                    + " of " + headLength + " bytes");
        }
        for (int available = headLength; available <= b.length; available++) {
            assertEquals(headLength, RequestHead.findEnd(b, 0, available), name + " with " + available + " bytes");
        }
    }

    static Stream<Arguments> heads() {
        return Stream.of(
                arguments("CRLF", "GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
                arguments("bare LF", "GET / HTTP/1.1\nHost: a\n\n"),
                arguments("LF then CRLF", "GET / HTTP/1.1\r\nHost: a\n\r\n"),
                arguments("request line only", "GET / HTTP/1.0\r\n\r\n"));
    }

    @Test
    void findEndSearchesOnlyFromItsStartOffset() {
        String first = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n";
        String second = "GET /b HTTP/1.1\r\nHost: b\r\nX: y\r\n\r\n";
        byte[] b = bytes(first + second);
        assertEquals(first.length(), RequestHead.findEnd(b, 0, b.length));
        assertEquals(b.length, RequestHead.findEnd(b, first.length(), b.length));
        assertEquals(-1, RequestHead.findEnd(b, first.length(), b.length - 1));
    }

    // ---- parse: what a good head says ----

    @Test
    void parsesRequestLineAndHeadersInArrivalOrderWithTrimmedValues() throws Exception {
        RequestHead h = parse("POST /a?b=1 HTTP/1.1\r\nHost: x\r\nX-A:  one \t\r\nx-a:two\r\n"
                + "Content-Length: 5\r\n\r\n");
        assertEquals("POST", h.method);
        assertEquals("/a?b=1", h.target);
        assertTrue(h.http11);
        assertEquals("HTTP/1.1", h.version());
        assertEquals(List.of("Host", "X-A", "x-a", "Content-Length"), h.names);
        assertEquals(List.of("x", "one", "two", "5"), h.values);
        assertEquals(5, h.contentLength);
        assertTrue(h.keepAliveRequested);
        assertFalse(h.expectContinue);
    }

    @Test
    void acceptsBareLfLineEnds() throws Exception {
        RequestHead h = parse("GET /lf HTTP/1.1\nHost: x\nA: b\n\n");
        assertEquals("/lf", h.target);
        assertEquals(List.of("Host", "A"), h.names);
        assertEquals(List.of("x", "b"), h.values);
    }

    @Test
    void keepsATabInsideAHeaderValue() throws Exception {
        RequestHead h = parse("GET / HTTP/1.1\r\nHost: x\r\nX: a\tb\r\n\r\n");
        assertEquals("a\tb", h.values.get(1));
    }

    @Test
    void http11IsPersistentUnlessItSaysClose() throws Exception {
        assertTrue(parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n").keepAliveRequested);
        assertFalse(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").keepAliveRequested);
        assertFalse(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, CLOSE\r\n\r\n").keepAliveRequested);
    }

    @Test
    void http10IsPersistentOnlyWhenItAsksWithKeepAlive() throws Exception {
        RequestHead plain = parse("GET / HTTP/1.0\r\n\r\n");
        assertFalse(plain.http11);
        assertEquals("HTTP/1.0", plain.version());
        assertFalse(plain.keepAliveRequested);
        assertTrue(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAliveRequested);
        assertFalse(parse("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").keepAliveRequested);
    }

    @Test
    void http10NeedsNoHost() throws Exception {
        assertEquals("/", parse("GET / HTTP/1.0\r\n\r\n").target);
    }

    @Test
    void higherHttp1MinorVersionIsServedAsHttp11() throws Exception {
        RequestHead head = parse("GET / HTTP/1.2\r\nHost: x\r\n\r\n"); // RFC 9110 §2.5
        assertEquals("HTTP/1.1", head.version());
        assertTrue(head.keepAliveRequested);
    }

    @Test
    void chunkedTransferEncodingMarksAChunkedBody() throws Exception {
        assertEquals(RequestHead.CHUNKED,
                parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n").contentLength);
    }

    @Test
    void identicalDuplicateContentLengthsAreOneLength() throws Exception {
        assertEquals(5, parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n")
                .contentLength);
        assertEquals(5, parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\n").contentLength);
    }

    @Test
    void expectContinueCountsOnlyForAnHttp11RequestWithABody() throws Exception {
        assertTrue(parse("PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n")
                .expectContinue);
        assertTrue(parse("PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n")
                .expectContinue);
        assertFalse(parse("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n").expectContinue);
        assertFalse(parse("PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n").expectContinue);
    }

    // ---- parse: refusals and their status ----

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusals")
    void refusesWithTheRightStatus(String what, int status, String head) {
        assertEquals(status, refusal(head), what);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments("request line without version", 400, "GET /\r\nHost: x\r\n\r\n"),
                arguments("two spaces after the method", 400, "GET  / HTTP/1.1\r\nHost: x\r\n\r\n"),
                arguments("space after the version", 400, "GET / HTTP/1.1 \r\nHost: x\r\n\r\n"),
                arguments("space inside the target", 400, "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n"),
                arguments("non-token method", 400, "G@T / HTTP/1.1\r\nHost: x\r\n\r\n"),
                arguments("control character in the target", 400, "GET /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n"),
                arguments("lower-case protocol name", 400, "GET / http/1.1\r\nHost: x\r\n\r\n"),
                arguments("garbage version", 400, "GET / HTTX/1.1\r\nHost: x\r\n\r\n"),
                arguments("two-digit minor version", 400, "GET / HTTP/1.10\r\nHost: x\r\n\r\n"),
                arguments("HTTP/2.0", 505, "GET / HTTP/2.0\r\nHost: x\r\n\r\n"),
                arguments("HTTP/3.0", 505, "GET / HTTP/3.0\r\nHost: x\r\n\r\n"),
                arguments("HTTP/0.9", 505, "GET / HTTP/0.9\r\nHost: x\r\n\r\n"),
                arguments("space before the colon", 400, "GET / HTTP/1.1\r\nHost : x\r\n\r\n"),
                arguments("obs-fold continuation line", 400, "GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n"),
                arguments("header line without colon", 400, "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n"),
                arguments("empty header name", 400, "GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n"),
                arguments("control character in a value", 400, "GET / HTTP/1.1\r\nHost: x\r\nX: a\u0001b\r\n\r\n"),
                arguments("DEL in a value", 400, "GET / HTTP/1.1\r\nHost: x\r\nX: a\u007fb\r\n\r\n"),
                arguments("bare CR in a value", 400, "GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n"),
                arguments("missing Host in HTTP/1.1", 400, "GET / HTTP/1.1\r\nX: y\r\n\r\n"),
                arguments("two Host headers", 400, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                arguments("Content-Length then Transfer-Encoding", 400,
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"),
                arguments("Transfer-Encoding then Content-Length", 400,
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"),
                arguments("two differing Content-Length headers", 400,
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"),
                arguments("differing Content-Length list", 400,
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\n"),
                arguments("negative Content-Length", 400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
                arguments("signed Content-Length", 400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\n"),
                arguments("empty Content-Length", 400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n"),
                arguments("19-digit Content-Length", 400,
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000000000\r\n\r\n"),
                arguments("Transfer-Encoding in HTTP/1.0", 400,
                        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"),
                arguments("chunked not last", 400,
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"),
                arguments("chunked twice in two headers", 400,
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n"),
                arguments("unsupported transfer coding", 501,
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"),
                arguments("unsupported expectation", 417, "GET / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n"));
    }
}
