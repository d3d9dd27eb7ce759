package dev.keepalive.cli;

import dev.keepalive.core.Durations;
import dev.keepalive.websocket.CloseStatus;
import dev.keepalive.websocket.ReconnectListener;
import dev.keepalive.websocket.ReconnectingWebSocket;
import dev.keepalive.websocket.WebSocket;
import dev.keepalive.websocket.WebSocketClient;
import dev.keepalive.websocket.WebSocketListener;
import dev.keepalive.websocket.WebSocketOptions;
import dev.keepalive.websocket.WebSocketStats;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code kal ws URL}: a WebSocket client that pings, prints the round trip of every heartbeat, and comes
 * back by itself after any loss (full-jitter backoff, DESIGN.md). A dead peer is declared after
 * {@code --pong-timeout} without an answer, within {@code --ping-interval + --pong-timeout}.
 */
@Command(
        name = "ws",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = WsCommand.Defaults.class,
        description = {
            "Connects to a WebSocket server, pings it and prints the round trip of every heartbeat.",
            "Reconnects after any loss with full-jitter backoff (500ms base, 30s cap); Ctrl-C stops.",
            "  kal ws ws://127.0.0.1:8080/ws/echo --ping-interval 1s     (against kal serve --ws)"
        })
public final class WsCommand implements Callable<Integer> {
    private static final WebSocketOptions DEFAULTS = WebSocketOptions.defaults();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", converter = UrlConverter.class,
            description = "ws:// or wss:// URL of the server.")
    URI url;

    @Option(names = "--ping-interval", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Ping (and print a heartbeat line) this often. Default: ${DEFAULT-VALUE}.")
    Duration pingInterval;

    @Option(names = "--pong-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "No answer this long after a ping: the server is dead (close 1006, TCP abort, reconnect)."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration pongTimeout;

    @Option(names = "--count", paramLabel = "N", converter = Converters.IntConverter.class,
            description = "Stop after N heartbeats; 0 = until Ctrl-C. Default: ${DEFAULT-VALUE}.")
    int count;

    /**
     * The client options the flags describe.
     *
     * @throws ParameterException naming the flag when a value is refused
     */
    WebSocketOptions clientOptions() {
        if (count < 0) {
            throw refused("--count", "must be >= 0", String.valueOf(count));
        }
        if (pingInterval.isZero()) {
            throw refused("--ping-interval", "must be > 0 (kal ws prints one line per ping)",
                    Problems.givenValue(spec.findOption("--ping-interval")));
        }
        try {
            return WebSocketOptions.builder().pingInterval(pingInterval).pongTimeout(pongTimeout).build();
        } catch (IllegalArgumentException e) {
            throw Problems.refusal(spec, e, component -> switch (component) {
                case "pingInterval" -> "--ping-interval";
                case "pongTimeout" -> "--pong-timeout";
                default -> null;
            });
        }
    }

    private ParameterException refused(String flag, String reason, String given) {
        OptionSpec option = spec.findOption(flag);
        return new ParameterException(spec.commandLine(), reason + ": '" + given + "'", option, given);
    }

    @Override
    public Integer call() throws Exception {
        WebSocketOptions options = clientOptions();
        PrintWriter out = spec.commandLine().getOut();
        out.println("kal ws connecting to " + url + " (ping-interval " + Durations.format(options.pingInterval())
                + ", pong-timeout " + Durations.format(options.pongTimeout()) + ", dead server detected within "
                + Durations.format(options.detectionTime()) + ")");
        out.flush();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong heartbeats = new AtomicLong();
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                line(out, "connected to " + ws.remoteAddress()
                        + (ws.subprotocol() == null ? "" : " (subprotocol " + ws.subprotocol() + ")"));
            }

            @Override
            public void onHeartbeat(WebSocket ws, Duration rtt) {
                long n = heartbeats.incrementAndGet();
                line(out, "rtt " + millis(rtt) + " (heartbeat " + n + ")");
                if (count > 0 && n >= count) {
                    done.countDown();
                }
            }

            @Override
            public void onClose(WebSocket ws, CloseStatus status) {
                line(out, "connection lost: " + status);
            }
        };
        ReconnectListener hooks = new ReconnectListener() {
            @Override
            public void onRetry(int attempt, Duration delay, String cause) {
                line(out, "reconnecting in " + delay.toMillis() + " ms (attempt " + attempt + "): " + cause);
            }

            @Override
            public void onConnectedAgain(WebSocket ws, int attempts, Duration downtime) {
                line(out, "connected again after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ", down for "
                        + millis(downtime));
            }
        };
        WebSocketClient client = WebSocketClient.create(options);
        ReconnectingWebSocket ws = client.reconnecting(url, listener, hooks);
        Thread hook = new Thread(done::countDown, "kal-ws-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            done.await();
        } finally {
            ws.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (Ctrl-C): the hook is what woke us
            }
        }
        line(out, summary(client.stats()));
        return 0;
    }

    static String summary(WebSocketStats s) {
        StringBuilder sb = new StringBuilder("kal ws stopped: heartbeats ").append(s.rttCount());
        if (s.rttCount() > 0) {
            sb.append(", rtt p50 ").append(millis(s.rttP50())).append(" p99 ").append(millis(s.rttP99()))
                    .append(" max ").append(millis(s.rttMax()));
        }
        return sb.append(", connections ").append(s.opened()).toString();
    }

    static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.3f ms", d.toNanos() / 1e6);
    }

    private static void line(PrintWriter out, String text) {
        out.println(text);
        out.flush();
    }

    /** A {@code ws://} or {@code wss://} URL with a host. */
    static final class UrlConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                URI uri = new URI(value.strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("ws") && !scheme.equals("wss")) {
                    throw new TypeConversionException("expected a ws:// or wss:// URL: '" + value + "'");
                }
                if (uri.getHost() == null) {
                    throw new TypeConversionException("URL has no host: '" + value + "'");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new TypeConversionException("not a URL (" + e.getReason() + "): '" + value + "'");
            }
        }
    }

    /** Defaults from {@link WebSocketOptions#defaults()}. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--ping-interval" -> Durations.format(DEFAULTS.pingInterval());
                case "--pong-timeout" -> Durations.format(DEFAULTS.pongTimeout());
                case "--count" -> "0";
                default -> null;
            };
        }
    }
}
