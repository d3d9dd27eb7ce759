package dev.keepalive.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A response from {@link HttpClient#send}: status and headers, and a body to stream. Reading the body
 * to its end returns the connection to the pool; closing the response before that discards the
 * connection, because the unread rest would corrupt the next response on it.
 */
public final class ClientResponse implements AutoCloseable {
    private final ClientConnection.Head head;
    private final InputStream body;
    private final boolean reused;
    private final long connectionId;

    ClientResponse(ClientConnection.Head head, InputStream body, boolean reused, long connectionId) {
        this.head = head;
        this.body = body;
        this.reused = reused;
        this.connectionId = connectionId;
    }

    public int status() {
        return head.status();
    }

    /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
    public String version() {
        return head.version();
    }

    public String reason() {
        return head.reason();
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        return head.header(name);
    }

    /** All values of header {@code name}, in order. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>(1);
        for (int i = 0; i < head.names().size(); i++) {
            if (head.names().get(i).equalsIgnoreCase(name)) {
                values.add(head.values().get(i));
            }
        }
        return values;
    }

    public List<String> headerNames() {
        return Collections.unmodifiableList(head.names());
    }

    /** The body as a stream; read it to the end (or close the response) to release the connection. */
    public InputStream body() {
        return body;
    }

    public byte[] bodyBytes() throws IOException {
        try (InputStream in = body) {
            return in.readAllBytes();
        }
    }

    public String bodyString() throws IOException {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    /** Whether this exchange ran on a connection that had carried an earlier one. */
    public boolean connectionReused() {
        return reused;
    }

    /** The client-local sequence number of the connection that carried this exchange. */
    public long connectionId() {
        return connectionId;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }

    @Override
    public String toString() {
        return head.version() + " " + head.status() + " " + head.reason();
    }
}
