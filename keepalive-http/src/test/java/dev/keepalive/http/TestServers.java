package dev.keepalive.http;

import dev.keepalive.core.Await;
import dev.keepalive.core.RealTime;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/** Starts servers on a free loopback port with test-friendly defaults and a small set of routes. */
final class TestServers {
    private TestServers() {
    }

    static ServerOptions.Builder options() {
        return ServerOptions.builder().port(0).eventLoops(2).drainTimeout(Duration.ofSeconds(2));
    }

    /**
     * Routes: {@code /} text "hello"; {@code /echo} echoes the body; {@code /sleep?ms=N} blocks N ms;
     * {@code /ignore} answers without reading the body; {@code /bytes?n=N[&chunked=1]}.
     */
    static Handler routes() {
        return new Handler() {
            @Override
            public Response handle(Request request) throws Exception {
                return switch (request.path()) {
                    case "/" -> Response.text(200, "hello\n");
                    case "/echo" -> Response.of(200, "application/octet-stream", request.bodyBytes());
                    case "/sleep" -> {
                        RealTime.sleep(Long.parseLong(request.queryParam("ms")), "/sleep holds the request, and its connection");
                        yield Response.text(200, "slept\n");
                    }
                    case "/ignore" -> Response.text(200, "ignored\n");
                    case "/bytes" -> Response.of(200, "application/octet-stream",
                            new byte[Integer.parseInt(request.queryParam("n"))])
                            .chunked("1".equals(request.queryParam("chunked")));
                    default -> Response.text(404, "not found\n");
                };
            }

            @Override
            public boolean isNonBlocking(Request request) {
                return !request.path().equals("/sleep");
            }
        };
    }

    /**
     * Waits up to 2 s for {@code value} to reach {@code expected} (closes are counted when they finish) and
     * returns the last value either way: the caller asserts on it.
     */
    static long await(LongSupplier value, long expected) {
        return Await.latest(value::getAsLong, v -> v == expected, Duration.ofSeconds(2));
    }

    /** Polls stats() up to {@code millis} until {@code done} holds; returns the last snapshot either way. */
    static ServerStats awaitStats(HttpServer server, Predicate<ServerStats> done, long millis) {
        return Await.latest(server::stats, done, Duration.ofMillis(millis));
    }

    static HttpServer start(ServerOptions.Builder options) throws IOException {
        return HttpServer.start(options.build(), routes());
    }
}
