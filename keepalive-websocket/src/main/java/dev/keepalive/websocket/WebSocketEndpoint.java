package dev.keepalive.websocket;

import dev.keepalive.http.Handler;
import dev.keepalive.http.Request;
import dev.keepalive.http.Response;
import dev.keepalive.websocket.internal.Handshake;
import dev.keepalive.websocket.internal.Meter;
import dev.keepalive.websocket.internal.ServerTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * The server side of WebSocket on {@link dev.keepalive.http.HttpServer}: answers the opening handshake
 * (RFC 6455 §4.2) of requests routed to it and runs each accepted connection on the server's event loop,
 * with pings on the loop's timer wheel. Also serves the browser client {@code kal-ws.js}.
 *
 * <pre>{@code
 * WebSocketEndpoint echo = WebSocketEndpoint.create(WebSocketOptions.defaults(), (request, subprotocol) -> ECHO);
 * HttpServer.start(ServerOptions.defaults(), echo.mount("/ws/echo", appHandler));
 * }</pre>
 *
 * Handshake answers: 101 on success; 426 with {@code Sec-WebSocket-Version: 13} for a request that is
 * not a WebSocket upgrade or asks for another version (§4.4); 400 naming the bad header; 405 for a
 * method other than GET; 403 when the acceptor refuses.
 */
public final class WebSocketEndpoint {
    /** Where {@link #mount} serves {@code kal-ws.js}. */
    public static final String SCRIPT_PATH = "/_kal/kal-ws.js";

    /** Sends every message back as it came. */
    public static final WebSocketListener ECHO = new WebSocketListener() {
        @Override
        public void onText(WebSocket ws, String text) {
            ws.sendText(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
        }
    };

    private static final byte[] SCRIPT = loadScript();

    /** Decides whether to take a connection. */
    @FunctionalInterface
    public interface Acceptor {
        /**
         * Returns the listener for this connection, or null to refuse it with 403 (e.g. for a foreign
         * {@code Origin}). Runs on the event loop under {@link #mount}: must not block.
         *
         * @param subprotocol the one agreed on, or null
         */
        WebSocketListener accept(Request request, String subprotocol);
    }

    private final WebSocketOptions options;
    private final Acceptor acceptor;
    private final Meter meter = new Meter();

    private WebSocketEndpoint(WebSocketOptions options, Acceptor acceptor) {
        this.options = Objects.requireNonNull(options, "options");
        this.acceptor = Objects.requireNonNull(acceptor, "acceptor");
    }

    public static WebSocketEndpoint create(WebSocketOptions options, Acceptor acceptor) {
        return new WebSocketEndpoint(options, acceptor);
    }

    /** An endpoint that echoes every message. */
    public static WebSocketEndpoint echo(WebSocketOptions options) {
        return new WebSocketEndpoint(options, (request, subprotocol) -> ECHO);
    }

    public WebSocketOptions options() {
        return options;
    }

    /** Counters of every connection this endpoint accepted. */
    public WebSocketStats stats() {
        return meter.snapshot();
    }

    /**
     * A handler that answers the handshake on {@code path}, serves {@code kal-ws.js} on
     * {@link #SCRIPT_PATH} and passes everything else to {@code fallback} (404 when null). Mounts chain:
     * {@code a.mount("/a", b.mount("/b", app))}.
     */
    public Handler mount(String path, Handler fallback) {
        Objects.requireNonNull(path, "path");
        return new Handler() {
            @Override
            public Response handle(Request request) throws Exception {
                String p = request.path();
                if (p.equals(path)) {
                    return handshake(request);
                }
                if (p.equals(SCRIPT_PATH)) {
                    return script();
                }
                return fallback != null ? fallback.handle(request) : Response.text(404, "not found: " + p + "\n");
            }

            @Override
            public boolean isNonBlocking(Request request) {
                String p = request.path();
                return p.equals(path) || p.equals(SCRIPT_PATH) || fallback == null || fallback.isNonBlocking(request);
            }
        };
    }

    /** Answers one opening handshake (RFC 6455 §4.2.1, §4.2.2). */
    public Response handshake(Request request) {
        if (!request.method().equals("GET")) {
            return Response.text(405, "a WebSocket handshake must be a GET: " + request.method() + "\n")
                    .header("Allow", "GET");
        }
        if (!Handshake.hasToken(request.headers("Upgrade"), "websocket")) {
            return upgradeRequired("not a WebSocket upgrade: Upgrade: websocket is missing");
        }
        if (!request.version().equals("HTTP/1.1")) {
            return Response.text(400, "a WebSocket handshake needs HTTP/1.1: " + request.version() + "\n");
        }
        if (!Handshake.hasToken(request.headers("Connection"), "Upgrade")) {
            return Response.text(400, "Connection: Upgrade is missing\n");
        }
        String version = request.header("Sec-WebSocket-Version");
        if (!"13".equals(version == null ? null : version.strip())) {
            return upgradeRequired("unsupported Sec-WebSocket-Version: " + (version == null ? "missing" : "'" + version + "'")
                    + " (this server speaks 13)");
        }
        String key = request.header("Sec-WebSocket-Key");
        if (!Handshake.isValidKey(key == null ? null : key.strip())) {
            return Response.text(400, "Sec-WebSocket-Key must be base64 of 16 bytes: "
                    + (key == null ? "missing" : "'" + key + "'") + "\n");
        }
        List<String> offered = Handshake.elements(request.headers("Sec-WebSocket-Protocol"));
        String subprotocol = Handshake.selectSubprotocol(offered, options.subprotocols());
        WebSocketListener listener = acceptor.accept(request, subprotocol);
        if (listener == null) {
            return Response.text(403, "WebSocket connection refused\n");
        }
        Response r = Response.upgrade("websocket",
                        tunnel -> new ServerTransport(tunnel, options, listener, meter, subprotocol).start())
                .header("Sec-WebSocket-Accept", Handshake.accept(key.strip()));
        if (subprotocol != null) {
            r.header("Sec-WebSocket-Protocol", subprotocol);
        }
        return r;
    }

    private static Response upgradeRequired(String message) {
        // RFC 6455 §4.4 and RFC 9110 §15.5.22: say which protocol and version to upgrade to
        return Response.text(426, message + "\n").header("Upgrade", "websocket").header("Sec-WebSocket-Version", "13");
    }

    /** {@code kal-ws.js}, the browser client with app-level heartbeats and reconnect. */
    public static Response script() {
        return Response.of(200, "text/javascript; charset=utf-8", SCRIPT).header("Cache-Control", "no-cache");
    }

    private static byte[] loadScript() {
        try (InputStream in = WebSocketEndpoint.class.getResourceAsStream("kal-ws.js")) {
            if (in == null) {
                throw new IllegalStateException("kal-ws.js is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
