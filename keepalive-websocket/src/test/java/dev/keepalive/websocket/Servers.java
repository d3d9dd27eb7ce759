package dev.keepalive.websocket;

import dev.keepalive.core.Ticker;
import dev.keepalive.http.Handler;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.ServerOptions;
import java.io.IOException;
import java.time.Duration;

/** In-process servers on a loopback port with WebSocket endpoints mounted. */
final class Servers {
    private Servers() {
    }

    static ServerOptions.Builder options() {
        return ServerOptions.builder().host("127.0.0.1").port(0).eventLoops(1).drainTimeout(Duration.ofSeconds(3));
    }

    /** Small, fast options: everything in milliseconds so tests stay short. */
    static WebSocketOptions.Builder ws() {
        return WebSocketOptions.builder().closeTimeout(Duration.ofMillis(300));
    }

    static HttpServer start(Handler handler) throws IOException {
        return HttpServer.start(options().build(), handler);
    }

    static HttpServer start(Handler handler, Ticker ticker) throws IOException {
        return HttpServer.start(options().build(), handler, ticker);
    }

    static HttpServer start(Handler handler, int port) throws IOException {
        return HttpServer.start(options().port(port).build(), handler);
    }

    /** An echo endpoint on /ws/echo (plus /_kal/kal-ws.js). */
    static HttpServer echo(WebSocketEndpoint endpoint) throws IOException {
        return start(endpoint.mount("/ws/echo", null));
    }
}
