package dev.keepalive.cli;

import dev.keepalive.http.Handler;
import dev.keepalive.http.Request;
import dev.keepalive.http.Response;
import dev.keepalive.http.ServerStats;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The routes of {@code kal serve}, for trying keep-alive behaviour with curl, wrk and browsers:
 * <pre>
 *   /                       "hello from kal"                      event loop
 *   /echo                   the request body, same Content-Type   event loop (body already in memory)
 *   /delay?ms=N             sleeps N ms (0..60000), then answers  virtual thread
 *   /bytes?n=N[&amp;chunked=1]  N bytes (0..64 MiB)                   event loop
 *   /_kal/stats             server stats as JSON                  event loop
 * </pre>
 * Only {@code /delay} blocks; the others say so through {@link #isNonBlocking} and skip the thread
 * hand-off. Bad parameters get a 400 that names the parameter, the range and the value.
 */
final class DemoRoutes implements Handler {
    static final long MAX_DELAY_MS = 60_000;
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String OCTETS = "application/octet-stream";
    private static final byte[] HELLO = "hello from kal\n".getBytes(StandardCharsets.US_ASCII);
    /** One line of the /bytes pattern; a visible pattern makes truncation and reordering easy to spot. */
    private static final byte[] PATTERN = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.,:\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final Supplier<ServerStats> stats;

    /** @param stats the running server's stats; may return null before the server is up */
    DemoRoutes(Supplier<ServerStats> stats) {
        this.stats = stats;
    }

    @Override
    public Response handle(Request request) throws Exception {
        return switch (request.path()) {
            case "/" -> Response.of(200, TEXT, HELLO);
            case "/echo" -> echo(request);
            case "/delay" -> delay(request);
            case "/bytes" -> bytes(request);
            case "/_kal/stats" -> stats();
            default -> Response.text(404, "not found: " + request.path() + "\n");
        };
    }

    @Override
    public boolean isNonBlocking(Request request) {
        return !request.path().equals("/delay");
    }

    private static Response echo(Request request) throws Exception {
        String type = request.header("Content-Type");
        return Response.of(200, type == null ? OCTETS : type, request.bodyBytes());
    }

    private static Response delay(Request request) {
        String ms = request.queryParam("ms");
        long millis = wholeNumber(ms, MAX_DELAY_MS);
        if (millis < 0) {
            return badParam("ms", "a whole number of milliseconds", MAX_DELAY_MS, ms);
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.text(503, "interrupted while sleeping: shutting down\n");
        }
        return Response.text(200, "slept " + millis + " ms\n");
    }

    private static Response bytes(Request request) {
        String n = request.queryParam("n");
        long size = wholeNumber(n, MAX_BYTES);
        if (size < 0) {
            return badParam("n", "a whole number of bytes", MAX_BYTES, n);
        }
        String chunkedParam = request.queryParam("chunked");
        boolean chunked;
        if (chunkedParam == null || chunkedParam.equals("0") || chunkedParam.equals("false")) {
            chunked = false;
        } else if (chunkedParam.equals("1") || chunkedParam.equals("true")) {
            chunked = true;
        } else {
            return Response.text(400, "chunked must be 0 or 1: '" + chunkedParam + "'\n");
        }
        byte[] body = new byte[(int) size];
        for (int i = 0; i < body.length; i += PATTERN.length) {
            System.arraycopy(PATTERN, 0, body, i, Math.min(PATTERN.length, body.length - i));
        }
        return Response.of(200, OCTETS, body).chunked(chunked);
    }

    private Response stats() {
        ServerStats s = stats.get();
        if (s == null) {
            return Response.text(503, "server starting\n");
        }
        return Response.of(200, "application/json", s.toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code text} as a number in 0..max, or -1 when it is missing, malformed or out of range. */
    static long wholeNumber(String text, long max) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        long v = Long.parseLong(text);
        return v > max ? -1 : v;
    }

    private static Response badParam(String name, String what, long max, String given) {
        return Response.text(400, name + " must be " + what + " in 0.." + max + ": "
                + (given == null ? "missing" : "'" + given + "'") + "\n");
    }
}
