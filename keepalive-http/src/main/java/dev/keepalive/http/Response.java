package dev.keepalive.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP response to write. The server adds {@code Date}-free framing headers itself
 * ({@code Content-Length} or {@code Transfer-Encoding: chunked}, {@code Connection}, {@code Keep-Alive});
 * a handler sets status, its own headers and the body.
 */
public final class Response {
    private static final byte[] EMPTY = new byte[0];

    private final int status;
    private final List<String> headers = new ArrayList<>(4);
    private final byte[] body;
    private boolean chunked;
    private boolean close;
    private Upgrade upgrade;

    private Response(int status, byte[] body) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must be in 100..999: " + status);
        }
        this.status = status;
        this.body = body == null ? EMPTY : body;
    }

    /** A response with {@code body} and {@code Content-Type: contentType} (none when null). */
    public static Response of(int status, String contentType, byte[] body) {
        Response r = new Response(status, body);
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        return r;
    }

    /** A {@code text/plain; charset=utf-8} response. */
    public static Response text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code 101 Switching Protocols} to {@code protocol} (sent as the {@code Upgrade} header, with
     * {@code Connection: Upgrade}); {@code upgrade} takes the connection over once the response is sent.
     */
    public static Response upgrade(String protocol, Upgrade upgrade) {
        if (upgrade == null) {
            throw new NullPointerException("upgrade");
        }
        Response r = new Response(101, EMPTY);
        r.header("Upgrade", protocol);
        r.upgrade = upgrade;
        return r;
    }

    /** The takeover of a 101 response, else null. */
    public Upgrade upgrade() {
        return upgrade;
    }

    /** A bodiless response, e.g. 204. */
    public static Response empty(int status) {
        return new Response(status, EMPTY);
    }

    /** Adds a header. Framing headers (Content-Length, Transfer-Encoding, Connection) are the server's. */
    public Response header(String name, String value) {
        if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header name and value must not contain CR or LF: " + name);
        }
        headers.add(name);
        headers.add(value);
        return this;
    }

    /** Sends the body with {@code Transfer-Encoding: chunked} instead of {@code Content-Length}. */
    public Response chunked(boolean value) {
        this.chunked = value;
        return this;
    }

    /** Asks the server to close the connection after this response ({@code Connection: close}). */
    public Response close(boolean value) {
        this.close = value;
        return this;
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body;
    }

    public boolean isChunked() {
        return chunked;
    }

    public boolean isClose() {
        return close;
    }

    /** Handler headers as name, value, name, value ... */
    List<String> headerList() {
        return headers;
    }

    /** The first value of a handler-set header, or null. */
    public String header(String name) {
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }
}
