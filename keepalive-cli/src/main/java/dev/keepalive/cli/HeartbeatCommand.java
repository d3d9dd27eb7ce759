package dev.keepalive.cli;

import dev.keepalive.core.Durations;
import dev.keepalive.heartbeat.DetectorOptions;
import dev.keepalive.heartbeat.FixedTimeoutOptions;
import dev.keepalive.heartbeat.HeartbeatNode;
import dev.keepalive.heartbeat.HeartbeatOptions;
import dev.keepalive.heartbeat.PhiAccrualOptions;
import dev.keepalive.heartbeat.TcpHeartbeatNode;
import dev.keepalive.heartbeat.UdpHeartbeatNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code kal heartbeat}: a node that sends heartbeats to its peers and watches theirs with a failure
 * detector, printing a live table (or a JSON event stream) and a line for every suspicion and recovery.
 * The work is {@link UdpHeartbeatNode} / {@link TcpHeartbeatNode}; this class is flags, and
 * {@link HeartbeatConsole} the printing. Exit 0 when stopped, 1 when it cannot listen, 2 for bad
 * arguments.
 */
@Command(
        name = "heartbeat",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = HeartbeatCommand.Defaults.class,
        description = {
            "Sends heartbeats to peers and watches theirs: phi, suspicions, round trips.",
            "Run one on each host, each listing the others:",
            "  kal heartbeat --listen 10.0.0.1:7070 --peers 10.0.0.2:7070,10.0.0.3:7070",
            "Durations: 500ms, 2s, 1m. Ctrl-C stops and prints a summary."
        })
public final class HeartbeatCommand implements Callable<Integer> {

    /** Detector choice for {@code --detector}. */
    enum Detector { PHI, FIXED }

    /** Transport choice for {@code --transport}. */
    enum Transport { UDP, TCP }

    private static final PhiAccrualOptions PHI = PhiAccrualOptions.defaults();
    private static final HeartbeatOptions DEFAULTS = HeartbeatOptions.defaults();

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", converter = ListenConverter.class,
            description = "Address to listen on for the peers' heartbeats (and to send ours from);"
                    + " port 0 picks one.")
    InetSocketAddress listen;

    @Option(names = "--peers", required = true, split = ",", paramLabel = "HOST:PORT",
            converter = PeerConverter.class, description = "The other nodes' --listen addresses, comma-separated.")
    List<InetSocketAddress> peers;

    @Option(names = "--interval", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Time between heartbeats; peers should agree. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--detector", paramLabel = "phi|fixed", converter = DetectorConverter.class,
            description = "phi: phi accrual (adapts to jitter); fixed: suspect after --missed intervals."
                    + " Default: ${DEFAULT-VALUE}.")
    Detector detector;

    @Option(names = "--json", description = "Print a JSON event stream (one object per line) instead of a table.")
    boolean json;

    @Option(names = "--threshold", paramLabel = "PHI", converter = DoubleConverter.class,
            description = "phi: suspect at this phi (about 10^-PHI chance of being wrong). Default: ${DEFAULT-VALUE}.")
    double threshold;

    @Option(names = "--min-std-dev", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "phi: floor of the inter-arrival std dev. Default: ${DEFAULT-VALUE}.")
    Duration minStdDev;

    @Option(names = "--acceptable-pause", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "phi: extra silence tolerated before phi grows (GC pauses, loss bursts)."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration acceptablePause;

    @Option(names = "--missed", paramLabel = "N", converter = Converters.IntConverter.class,
            description = "fixed: intervals without a heartbeat before a peer is suspected. Default: ${DEFAULT-VALUE}.")
    int missed;

    @Option(names = "--transport", paramLabel = "udp|tcp", converter = TransportConverter.class,
            description = "udp: one datagram per heartbeat; tcp: one persistent connection per peer."
                    + " Default: ${DEFAULT-VALUE}.")
    Transport transport;

    @Option(names = "--id", paramLabel = "ID",
            description = "This node's id in its heartbeats. Default: the --listen address.")
    String id;

    @Option(names = "--refresh", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "How often the table (or JSON peer_status lines) is printed. Default: ${DEFAULT-VALUE}.")
    Duration refresh;

    @Option(names = "--duration", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Stop after this long; 0 runs until Ctrl-C. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    /**
     * The options the flags describe.
     *
     * @throws ParameterException naming the flag when a value is refused
     */
    HeartbeatOptions heartbeatOptions() {
        DetectorOptions d;
        try {
            d = detector == Detector.PHI
                    ? PHI.toBuilder().threshold(threshold).minStdDev(minStdDev).acceptablePause(acceptablePause).build()
                    : FixedTimeoutOptions.builder().missedIntervals(missed).build();
        } catch (IllegalArgumentException e) {
            throw refused(e);
        }
        if (refresh.isNegative() || refresh.isZero()) {
            throw refused(new IllegalArgumentException("refresh must be > 0: " + Durations.format(refresh)));
        }
        if (duration.isNegative()) {
            throw refused(new IllegalArgumentException("duration must be >= 0: " + Durations.format(duration)));
        }
        try {
            return DEFAULTS.toBuilder().id(id).interval(interval).detector(d).timerTick(tick(interval)).build();
        } catch (IllegalArgumentException e) {
            throw refused(e);
        }
    }

    /** A tenth of the interval, within 1..10 ms: a verdict is at most 10 % of an interval late. */
    static Duration tick(Duration interval) {
        long nanos = Math.max(1_000_000L, Math.min(10_000_000L, interval.toNanos() / 10));
        return Duration.ofNanos(nanos - nanos % 1_000_000L);
    }

    /** Maps "interval must be in 1ms..1h: 0s" to the flag: "--interval: must be in 1ms..1h: '0'". */
    private ParameterException refused(IllegalArgumentException e) {
        return Problems.refusal(spec, e, component -> switch (component) {
            case "interval" -> "--interval";
            case "threshold" -> "--threshold";
            case "minStdDev" -> "--min-std-dev";
            case "acceptablePause" -> "--acceptable-pause";
            case "missedIntervals" -> "--missed";
            case "id" -> "--id";
            case "refresh" -> "--refresh";
            case "duration" -> "--duration";
            default -> null;
        });
    }

    @Override
    public Integer call() throws Exception {
        HeartbeatOptions options = heartbeatOptions();
        HeartbeatConsole console = new HeartbeatConsole(spec.commandLine().getOut(), json, refresh,
                HeartbeatConsole.isTerminal(spec.commandLine().getOut()));
        HeartbeatNode node;
        try {
            node = transport == Transport.UDP
                    ? UdpHeartbeatNode.start(options, listen, peers, console::offer)
                    : TcpHeartbeatNode.start(options, listen, peers, console::offer);
        } catch (IOException e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": cannot listen on "
                    + transport.name().toLowerCase(Locale.ROOT) + " " + ServeCommand.hostPort(
                    listen.getAddress().getHostAddress(), listen.getPort()) + ": " + Problems.oneLine(e));
            spec.commandLine().getErr().flush();
            return Kal.EXIT_FAILURE;
        }
        try (node) {
            console.start(node, transport.name().toLowerCase(Locale.ROOT));
            Thread hook = new Thread(console::stop, "kal-heartbeat-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                console.run(duration.isZero() ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos());
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it is what stopped us
                }
            }
            console.summary(node);
        }
        return 0;
    }

    /** {@code HOST:PORT} or {@code [IPV6]:PORT}, resolved now so a typo is a usage error. */
    static InetSocketAddress hostPort(String value, int minPort) {
        String s = value.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new TypeConversionException("expected HOST:PORT such as 127.0.0.1:7070: '" + value + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new TypeConversionException("an IPv6 address needs brackets, as in [::1]:7070: '" + value + "'");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("port must be a whole number: '" + value + "'");
        }
        if (port < minPort || port > 65_535) {
            throw new TypeConversionException("port must be in " + minPort + "..65535: '" + value + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new TypeConversionException("unknown host: '" + host + "'");
        }
    }

    static final class ListenConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            return hostPort(value, 0);
        }
    }

    static final class PeerConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            return hostPort(value, 1);
        }
    }

    static final class DetectorConverter implements ITypeConverter<Detector> {
        @Override
        public Detector convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "phi" -> Detector.PHI;
                case "fixed" -> Detector.FIXED;
                default -> throw new TypeConversionException("expected phi or fixed: '" + value + "'");
            };
        }
    }

    static final class TransportConverter implements ITypeConverter<Transport> {
        @Override
        public Transport convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "udp" -> Transport.UDP;
                case "tcp" -> Transport.TCP;
                default -> throw new TypeConversionException("expected udp or tcp: '" + value + "'");
            };
        }
    }

    static final class DoubleConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                return Double.valueOf(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected a number such as 8 or 12.5: '" + value + "'");
            }
        }
    }

    /** Defaults for the flags, taken from the library's defaults (DESIGN.md), so help and code agree. */
    static final class Defaults implements IDefaultValueProvider {
        private static final FixedTimeoutOptions FIXED = FixedTimeoutOptions.defaults();

        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--interval" -> Durations.format(DEFAULTS.interval());
                case "--detector" -> DEFAULTS.detector().name();
                case "--threshold" -> PHI.threshold() == Math.rint(PHI.threshold())
                        ? Long.toString((long) PHI.threshold()) : Double.toString(PHI.threshold());
                case "--min-std-dev" -> Durations.format(PHI.minStdDev());
                case "--acceptable-pause" -> Durations.format(PHI.acceptablePause());
                case "--missed" -> Integer.toString(FIXED.missedIntervals());
                case "--transport" -> "udp";
                case "--refresh" -> "1s";
                case "--duration" -> "0";
                default -> null;
            };
        }
    }
}
