package dev.keepalive.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A request for {@link HttpClient#send}. Immutable once sent; built with the static factories. */
public final class ClientRequest {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private final String method;
    private final URI uri;
    private final byte[] body;
    private final List<String> headers = new ArrayList<>(4);
    private Boolean idempotent;
    private boolean http10;

    private ClientRequest(String method, URI uri, byte[] body) {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("method must not be empty");
        }
        this.method = method;
        this.uri = uri;
        this.body = body;
        Route.of(uri); // validates scheme and host early, with the URL in the message
    }

    public static ClientRequest get(String url) {
        return new ClientRequest("GET", URI.create(url), null);
    }

    public static ClientRequest get(URI uri) {
        return new ClientRequest("GET", uri, null);
    }

    public static ClientRequest of(String method, URI uri, byte[] body) {
        return new ClientRequest(method, uri, body);
    }

    public static ClientRequest post(URI uri, String body) {
        return new ClientRequest("POST", uri, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a header; {@code Host}, {@code Content-Length} and {@code Connection} are the client's. */
    public ClientRequest header(String name, String value) {
        if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("header name and value must not contain CR or LF: " + name);
        }
        headers.add(name);
        headers.add(value);
        return this;
    }

    /** Marks the request safe (or not) to retry on a fresh connection; by default only by method. */
    public ClientRequest idempotent(boolean value) {
        this.idempotent = value;
        return this;
    }

    /** Sends the request as HTTP/1.0 (persistent only with {@code Connection: keep-alive}). */
    public ClientRequest http10(boolean value) {
        this.http10 = value;
        return this;
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public byte[] body() {
        return body;
    }

    public boolean isHttp10() {
        return http10;
    }

    /** Whether a failed attempt may be repeated: GET, HEAD, OPTIONS, TRACE, PUT, DELETE, or marked so. */
    public boolean isIdempotent() {
        return idempotent != null ? idempotent : IDEMPOTENT.contains(method);
    }

    List<String> headerList() {
        return headers;
    }

    String header(String name) {
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }
}
