package dev.keepalive.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One parsed HTTP/1.x request. Header names compare case-insensitively (RFC 9110 §5.1). The body is a
 * stream: read it or not; an unread body of at most {@link ServerOptions#maxDrainSize()} is drained by
 * the server to keep the connection, a larger one closes it.
 */
public final class Request {
    private final String method;
    private final String target;
    private final String version;
    private final List<String> headerNames;
    private final List<String> headerValues;
    private final InetSocketAddress remoteAddress;
    private final long contentLength;
    private final boolean chunked;
    private final InputStream body;

    Request(String method, String target, String version, List<String> headerNames, List<String> headerValues,
            InetSocketAddress remoteAddress, long contentLength, boolean chunked, InputStream body) {
        this.method = method;
        this.target = target;
        this.version = version;
        this.headerNames = headerNames;
        this.headerValues = headerValues;
        this.remoteAddress = remoteAddress;
        this.contentLength = contentLength;
        this.chunked = chunked;
        this.body = body;
    }

    /** The method token, e.g. {@code GET}. */
    public String method() {
        return method;
    }

    /** The request target as sent, e.g. {@code /delay?ms=10}. */
    public String target() {
        return target;
    }

    /** The path part of the target, without the query. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query part of the target without {@code ?}, or {@code null}. */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    /** The first value of query parameter {@code name}, URL-decoded, or {@code null}. */
    public String queryParam(String name) {
        String query = query();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
    public String version() {
        return version;
    }

    /** The first value of header {@code name} (any case), or {@code null}. */
    public String header(String name) {
        for (int i = 0; i < headerNames.size(); i++) {
            if (headerNames.get(i).equalsIgnoreCase(name)) {
                return headerValues.get(i);
            }
        }
        return null;
    }

    /** All values of header {@code name} (any case), in order. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>(1);
        for (int i = 0; i < headerNames.size(); i++) {
            if (headerNames.get(i).equalsIgnoreCase(name)) {
                values.add(headerValues.get(i));
            }
        }
        return values;
    }

    /** Header names in arrival order, with repeats. */
    public List<String> headerNames() {
        return Collections.unmodifiableList(headerNames);
    }

    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** The declared {@code Content-Length}, 0 without a body, or -1 for a chunked body. */
    public long contentLength() {
        return contentLength;
    }

    public boolean isChunked() {
        return chunked;
    }

    /** The body as a stream (empty when there is none). Reading may block until the client sends. */
    public InputStream body() {
        return body;
    }

    /** Reads the whole body. */
    public byte[] bodyBytes() throws IOException {
        return body.readAllBytes();
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version;
    }
}
