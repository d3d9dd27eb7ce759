package dev.keepalive.cli;

import dev.keepalive.core.Durations;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code kal proxy}: a TCP proxy that injects the failures keep-alive exists for (latency, a slow link, a
 * NAT that forgets an idle flow, a blackholed peer, RST, FIN) — as flags at start and through an HTTP
 * admin API ({@link ProxyAdmin}) at run time.
 */
@Command(
        name = "proxy",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "A TCP proxy with fault toggles, changeable at run time through --admin.",
            "  kal proxy --listen 127.0.0.1:9000 --upstream 127.0.0.1:8080 --admin 127.0.0.1:9001",
            "  curl -X POST '127.0.0.1:9001/blackhole?on=1'    curl 127.0.0.1:9001/flows",
            "Admin: GET /flows; POST /blackhole?on=1 /idle-drop?after=2s /latency?ms=100[&jitter=20]",
            "  /bandwidth?rate=64KiB /slow-close?after=5s /limit-data?bytes=N /drop /reset /close"
        })
public final class ProxyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
            converter = HeartbeatCommand.ListenConverter.class, description = "Address to accept clients on; port 0 picks one.")
    InetSocketAddress listen;

    @Option(names = "--upstream", required = true, paramLabel = "HOST:PORT",
            converter = HeartbeatCommand.PeerConverter.class, description = "Where each accepted connection is forwarded.")
    InetSocketAddress upstream;

    @Option(names = "--admin", paramLabel = "HOST:PORT", converter = HeartbeatCommand.ListenConverter.class,
            description = "Serve the HTTP admin API here. Default: none.")
    InetSocketAddress admin;

    @Option(names = "--latency", paramLabel = "DELAY[,JITTER]", converter = LatencyConverter.class,
            description = "Added before each chunk forwarded, plus a random 0..JITTER. Default: 0.")
    Latency latency = new Latency(Duration.ZERO, Duration.ZERO);

    @Option(names = "--bandwidth", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Bytes per second per direction of each flow, e.g. 64KiB. Default: 0 = unlimited.")
    long bandwidth;

    @Option(names = "--idle-drop", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "A flow idle this long silently stops forwarding forever: no FIN, no RST. Default: 0 = off.")
    Duration idleDrop = Duration.ZERO;

    @Option(names = "--blackhole", description = "Start with every flow held: nothing forwarded, nothing closed.")
    boolean blackhole;

    @Option(names = "--slow-close", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Delay each FIN forwarded by this much. Default: 0.")
    Duration slowClose = Duration.ZERO;

    @Option(names = "--limit-data", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Close a flow (FIN both ways) after this many bytes, both directions counted. Default: 0 = no limit.")
    long limitData;

    /**
     * The faults the flags describe.
     *
     * @throws ParameterException naming the flag when {@link ProxyOptions} refuses a value
     */
    ProxyOptions proxyOptions() {
        try {
            return ProxyOptions.builder().latency(latency.delay()).jitter(latency.jitter()).bandwidth(bandwidth)
                    .idleDrop(idleDrop).blackhole(blackhole).slowClose(slowClose).limitData(limitData).build();
        } catch (IllegalArgumentException e) {
            throw Problems.refusal(spec, e, component -> switch (component) {
                case "latency", "jitter" -> "--latency";
                case "bandwidth" -> "--bandwidth";
                case "idleDrop" -> "--idle-drop";
                case "slowClose" -> "--slow-close";
                case "limitData" -> "--limit-data";
                default -> null;
            });
        }
    }

    @Override
    public Integer call() throws Exception {
        ProxyOptions options = proxyOptions();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FaultProxy proxy;
        try {
            proxy = FaultProxy.start(listen, upstream, options);
        } catch (IOException e) {
            err.println(spec.qualifiedName() + ": cannot listen on " + addr(listen) + ": " + Problems.oneLine(e));
            err.flush();
            return Kal.EXIT_FAILURE;
        }
        HttpServer adminServer = null;
        if (admin != null) {
            try {
                adminServer = HttpServer.start(ServerOptions.builder().host(admin.getAddress().getHostAddress())
                        .port(admin.getPort()).eventLoops(1).build(), new ProxyAdmin(proxy));
            } catch (IOException e) {
                proxy.close();
                err.println(spec.qualifiedName() + ": cannot listen on " + addr(admin) + " for --admin: "
                        + Problems.oneLine(e));
                err.flush();
                return Kal.EXIT_FAILURE;
            }
        }
        out.println("kal proxy " + ServeCommand.hostPort(listen.getAddress().getHostAddress(), proxy.port()) + " -> "
                + addr(upstream) + " (" + options.describe() + ")"
                + (adminServer == null ? "" : ", admin on http://"
                        + ServeCommand.hostPort(admin.getAddress().getHostAddress(), adminServer.port()) + "/flows"));
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        HttpServer adminToStop = adminServer;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (adminToStop != null) {
                    adminToStop.close();
                }
                proxy.close();
                out.println("kal proxy stopped: flows accepted " + proxy.accepted() + ", upstream failures "
                        + proxy.upstreamFailures());
                out.flush();
            } finally {
                stopped.countDown();
            }
        }, "kal-proxy-shutdown"));
        stopped.await();
        return 0;
    }

    private static String addr(InetSocketAddress a) {
        return ServeCommand.hostPort(a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress(),
                a.getPort());
    }

    /**
     * {@code 1000}, {@code 64KiB}, {@code 1MiB}, {@code 10KB} (1000s), {@code 512B}: a byte count.
     *
     * @throws IllegalArgumentException quoting the text and the expected form
     */
    static long parseSize(String text) {
        String s = text == null ? "" : text.strip();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        IllegalArgumentException bad = new IllegalArgumentException(
                "expected a size such as 1000, 64KiB or 1MiB: '" + text + "'");
        if (i == 0 || i > 18) {
            throw bad;
        }
        long unit = switch (s.substring(i).strip().toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "kib", "k" -> 1L << 10;
            case "mib", "m" -> 1L << 20;
            case "gib", "g" -> 1L << 30;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            default -> throw bad;
        };
        try {
            return Math.multiplyExact(Long.parseLong(s.substring(0, i)), unit);
        } catch (ArithmeticException e) {
            throw bad;
        }
    }

    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return parseSize(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code 100ms} or {@code 100ms,20ms}: the delay and the jitter. */
    /** The value of {@code --latency}. */
    record Latency(Duration delay, Duration jitter) {
    }

    static final class LatencyConverter implements ITypeConverter<Latency> {
        @Override
        public Latency convert(String value) {
            String[] parts = value.split(",", -1);
            if (parts.length > 2) {
                throw new TypeConversionException("expected DELAY[,JITTER] such as 100ms or 100ms,20ms: '" + value + "'");
            }
            try {
                return new Latency(Durations.parse(parts[0]),
                        parts.length == 2 ? Durations.parse(parts[1]) : Duration.ZERO);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
