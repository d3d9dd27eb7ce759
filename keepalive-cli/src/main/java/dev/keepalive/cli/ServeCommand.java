package dev.keepalive.cli;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.Durations;
import dev.keepalive.core.TcpKeepAlive;
import dev.keepalive.http.Handler;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.ServerOptions;
import dev.keepalive.http.ServerStats;
import dev.keepalive.websocket.WebSocketEndpoint;
import dev.keepalive.websocket.WebSocketOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kal serve}: the HTTP/1.1 keep-alive server with demo routes ({@link DemoRoutes}). Defaults come
 * from {@link ServerOptions#defaults()}, so help text, this command and the library never disagree.
 * Ctrl-C or SIGTERM drains gracefully and prints a summary.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = ServeCommand.Defaults.class,
        description = {
            "Runs the HTTP/1.1 keep-alive server with demo routes.",
            "Routes: /  /echo  /delay?ms=N  /bytes?n=N[&chunked=1]  /_kal/stats",
            "With --ws also: /ws/echo (WebSocket echo with pings)  /_kal/kal-ws.js (browser client)",
            "Durations: 500ms, 2s, 1m, 1h. Ctrl-C drains in-flight requests and prints a summary."
        })
public final class ServeCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.cli");

    @Spec
    CommandSpec spec;

    private volatile WebSocketEndpoint wsEcho;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", converter = Converters.IntConverter.class,
            description = "TCP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Close a persistent connection after this long with no request in flight."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    @Option(names = "--max-requests", paramLabel = "N", converter = Converters.IntConverter.class,
            description = "Requests per connection; the last response says Connection: close. 0 = no limit."
                    + " Default: ${DEFAULT-VALUE}.")
    int maxRequests;

    @Option(names = "--max-age", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Close a connection at its next response boundary once it is this old. 0 = no limit."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration maxAge;

    @Option(names = "--header-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Deadline for a whole request head (slowloris guard); 408 when missed."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration headerTimeout;

    @Option(names = "--max-connections", paramLabel = "N", converter = Converters.IntConverter.class,
            description = "Open connections; at the limit the oldest idle one is closed, else accepting pauses."
                    + " Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--max-connections-per-ip", paramLabel = "N", converter = Converters.IntConverter.class,
            description = "Open connections per client address. 0 = no cap. Default: ${DEFAULT-VALUE}.")
    int maxConnectionsPerIp;

    @Option(names = "--no-keep-alive-header",
            description = "Don't send Keep-Alive: timeout=<s>, max=<remaining> on persistent responses.")
    boolean noKeepAliveHeader;

    @Option(names = "--tcp-keepalive", paramLabel = "IDLE,INTERVAL,COUNT",
            converter = Converters.TcpKeepAliveConverter.class,
            description = "TCP keepalive on accepted sockets, e.g. 60s,10s,5 (dead peer dropped after"
                    + " idle + interval x count). Default: off.")
    TcpKeepAlive tcpKeepAlive;

    @Option(names = "--threads", paramLabel = "N", converter = Converters.IntConverter.class,
            description = "Event-loop threads. Default: the number of processors (${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--ws",
            description = "Also serve a WebSocket echo on /ws/echo and the browser client on /_kal/kal-ws.js.")
    boolean ws;

    @Option(names = "--ping-interval", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "With --ws: ping every WebSocket connection this often; 0 = no pings."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration pingInterval;

    @Option(names = "--pong-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "With --ws: no answer this long after a ping and the peer is dead (close 1006, TCP abort)."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration pongTimeout;

    /**
     * The WebSocket options the flags describe.
     *
     * @throws ParameterException naming the flag when {@link WebSocketOptions} refuses a value
     */
    WebSocketOptions webSocketOptions() {
        try {
            return WebSocketOptions.builder().pingInterval(pingInterval).pongTimeout(pongTimeout).build();
        } catch (IllegalArgumentException e) {
            throw refused(e);
        }
    }

    /**
     * The options the flags describe.
     *
     * @throws ParameterException naming the flag when {@link ServerOptions} refuses a value
     */
    ServerOptions serverOptions() {
        try {
            return ServerOptions.builder()
                    .host(host)
                    .port(port)
                    .idleTimeout(idleTimeout)
                    .maxRequestsPerConnection(maxRequests)
                    .maxConnectionAge(maxAge)
                    .headerTimeout(headerTimeout)
                    .maxConnections(maxConnections)
                    .maxConnectionsPerIp(maxConnectionsPerIp)
                    .keepAliveHeader(!noKeepAliveHeader)
                    .tcpKeepAlive(tcpKeepAlive)
                    .eventLoops(threads)
                    .build();
        } catch (IllegalArgumentException e) {
            throw refused(e);
        }
    }

    /** Maps "idleTimeout must be > 0: 0s" to the flag: "--idle-timeout: must be > 0: '0'". */
    private ParameterException refused(IllegalArgumentException e) {
        return Problems.refusal(spec, e, component -> switch (component) {
            case "host" -> "--host";
            case "port" -> "--port";
            case "idleTimeout" -> "--idle-timeout";
            case "maxRequestsPerConnection" -> "--max-requests";
            case "maxConnectionAge" -> "--max-age";
            case "headerTimeout" -> "--header-timeout";
            case "maxConnections" -> "--max-connections";
            case "maxConnectionsPerIp" -> "--max-connections-per-ip";
            case "eventLoops" -> "--threads";
            case "pingInterval" -> "--ping-interval";
            case "pongTimeout" -> "--pong-timeout";
            default -> null;
        });
    }

    @Override
    public Integer call() throws Exception {
        ServerOptions options = serverOptions();
        WebSocketOptions wsOptions = webSocketOptions();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        AtomicReference<HttpServer> running = new AtomicReference<>();
        DemoRoutes routes = new DemoRoutes(() -> {
            HttpServer s = running.get();
            return s == null ? null : s.stats();
        });
        HttpServer server;
        try {
            WebSocketEndpoint echo = ws ? WebSocketEndpoint.echo(wsOptions) : null;
            Handler handler = echo == null ? routes : echo.mount("/ws/echo", routes);
            server = HttpServer.start(options, handler);
            wsEcho = echo;
        } catch (UnresolvedAddressException e) {
            OptionSpec hostOption = spec.findOption("--host");
            throw new ParameterException(spec.commandLine(), "unknown host: '" + options.host() + "'",
                    hostOption, options.host());
        } catch (IOException e) {
            err.println(spec.qualifiedName() + ": cannot listen on " + hostPort(options.host(), options.port())
                    + ": " + Problems.oneLine(e));
            err.flush();
            return Kal.EXIT_FAILURE;
        }
        running.set(server);
        long startNanos = System.nanoTime();
        out.println(startupLine(options, server.port()));
        if (wsEcho != null) {
            out.println(webSocketLine(wsOptions, options.host(), server.port()));
        }
        out.flush();
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "serve_start port=" + server.port() + " options=" + options);
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                out.println(spec.qualifiedName() + ": shutting down, draining in-flight requests for up to "
                        + Durations.format(options.drainTimeout()));
                out.flush();
                boolean drained = server.shutdown();
                Duration uptime = Duration.ofNanos(System.nanoTime() - startNanos);
                out.println(summary(server.stats(), uptime, drained));
                if (wsEcho != null) {
                    var w = wsEcho.stats();
                    out.println("kal serve websocket: connections " + w.opened() + ", messages in " + w.messagesIn()
                            + ", pings " + w.pingsSent() + ", pongs " + w.pongsReceived() + ", app heartbeats "
                            + w.appHeartbeats() + ", dead peers " + w.closes().get(CloseReason.PEER_DEAD));
                }
                out.flush();
                if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                    LOG.log(System.Logger.Level.DEBUG, "serve_stop drained=" + drained);
                }
            } finally {
                stopped.countDown();
            }
        }, "kal-serve-shutdown"));
        // The JVM ends when the hook finishes; this thread only keeps the process alive until then.
        stopped.await();
        return 0;
    }

    /** The one start-up line: where to connect and every effective setting. */
    static String startupLine(ServerOptions o, int boundPort) {
        List<String> settings = new ArrayList<>();
        settings.add("idle-timeout " + Durations.format(o.idleTimeout()));
        settings.add("max-requests " + (o.maxRequestsPerConnection() == 0 ? "unlimited" : o.maxRequestsPerConnection()));
        settings.add("max-age " + (o.maxConnectionAge().isZero() ? "unlimited" : Durations.format(o.maxConnectionAge())));
        settings.add("header-timeout " + Durations.format(o.headerTimeout()));
        settings.add("max-connections " + o.maxConnections());
        if (o.maxConnectionsPerIp() > 0) {
            settings.add("max-connections-per-ip " + o.maxConnectionsPerIp());
        }
        settings.add("keep-alive header " + (o.keepAliveHeader() ? "on" : "off"));
        TcpKeepAlive k = o.tcpKeepAlive();
        settings.add(k == null ? "tcp-keepalive off"
                : "tcp-keepalive " + k + " (dead peer dropped within " + Durations.format(k.detectionTime()) + ")");
        settings.add("threads " + o.eventLoops());
        return "kal serve listening on http://" + hostPort(o.host(), boundPort)
                + " (" + String.join(", ", settings) + ")";
    }

    /** The WebSocket line of {@code --ws}: where, and the liveness settings. */
    static String webSocketLine(WebSocketOptions o, String host, int port) {
        String liveness = o.pingInterval().isZero() ? "pings off"
                : "ping-interval " + Durations.format(o.pingInterval()) + ", pong-timeout "
                        + Durations.format(o.pongTimeout()) + ", dead peer dropped within "
                        + Durations.format(o.detectionTime());
        return "kal serve websocket echo on ws://" + hostPort(host, port) + "/ws/echo, browser client on http://"
                + hostPort(host, port) + "/_kal/kal-ws.js (" + liveness + ")";
    }

    /** The one shutdown line: traffic, connection reuse and why connections closed. */
    static String summary(ServerStats s, Duration uptime, boolean drained) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("kal serve stopped after ").append(Durations.format(Duration.ofSeconds(uptime.toSeconds())))
                .append(": connections accepted ").append(s.accepted())
                .append(", requests ").append(s.requests())
                .append(String.format(Locale.ROOT, ", reuse ratio %.1f%%", s.reuseRatio() * 100))
                .append(String.format(Locale.ROOT, ", requests per connection %.1f", s.requestsPerConnection()))
                .append(", closes");
        boolean any = false;
        for (CloseReason reason : CloseReason.values()) {
            long n = s.closes().getOrDefault(reason, 0L);
            if (n != 0) {
                sb.append(any ? ", " : " ").append(reason.name()).append(' ').append(n);
                any = true;
            }
        }
        if (!any) {
            sb.append(" none");
        }
        if (!drained) {
            sb.append(" (drain timeout hit: in-flight requests were cut)");
        }
        return sb.toString();
    }

    /** {@code host:port}, an IPv6 literal in brackets: for URLs and messages (also kal demo's). */
    public static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Defaults for the flags, taken from {@link ServerOptions#defaults()}. */
    static final class Defaults implements IDefaultValueProvider {
        private static final ServerOptions D = ServerOptions.defaults();
        private static final WebSocketOptions WS = WebSocketOptions.defaults();

        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--host" -> D.host();
                case "--port" -> String.valueOf(D.port());
                case "--idle-timeout" -> Durations.format(D.idleTimeout());
                case "--max-requests" -> String.valueOf(D.maxRequestsPerConnection());
                case "--max-age" -> Durations.format(D.maxConnectionAge());
                case "--header-timeout" -> Durations.format(D.headerTimeout());
                case "--max-connections" -> String.valueOf(D.maxConnections());
                case "--max-connections-per-ip" -> String.valueOf(D.maxConnectionsPerIp());
                case "--tcp-keepalive" -> D.tcpKeepAlive() == null ? null : D.tcpKeepAlive().toString();
                case "--threads" -> String.valueOf(D.eventLoops());
                case "--ping-interval" -> Durations.format(WS.pingInterval());
                case "--pong-timeout" -> Durations.format(WS.pongTimeout());
                default -> null;
            };
        }
    }
}
