package dev.keepalive.bench;

import java.nio.charset.StandardCharsets;

/**
 * What the peers answer to every request: one line of text. The benchmark script passes the line
 * that {@code kal serve} answers on {@code /}, so that all servers send the same body bytes.
 */
final class Hello {
    /** The line a peer answers when none is given. */
    static final String DEFAULT_LINE = "hello";

    /** The response content type, as {@code kal serve} sends it. */
    static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    private Hello() {
    }

    /** {@code line} and a line feed, in UTF-8. */
    static byte[] body(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
