package dev.keepalive.cli;

import dev.keepalive.core.Durations;
import dev.keepalive.core.Ticker;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
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
 * {@code kal probe URL}: measures what a live server really does with persistent connections (idle
 * timeout, requests per connection, HTTP/1.0, latency on new versus reused connections) and prints the
 * safe client settings. The measuring is {@link Prober}'s; this class is flags and printing.
 * Exit 0 when measured (warnings included), 1 when the server is unreachable or not HTTP, 2 for bad
 * arguments.
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = ProbeCommand.Defaults.class,
        description = {
            "Measures a server's real keep-alive behaviour and prints safe client settings.",
            "Idle timeout (measured, in about the timeout itself), max requests per connection,"
                    + " HTTP/1.0, latency of new vs reused connections, TLS handshake cost;"
                    + " warns when the Keep-Alive header says one thing and the server does another.",
            "Exit status: 0 measured, 1 unreachable or not HTTP, 2 bad arguments."
        })
public final class ProbeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", converter = TargetConverter.class,
            description = "The http:// or https:// URL to GET.")
    ProbeTarget target;

    @Option(names = "--json", description = "Print the report as one JSON object instead of a table.")
    boolean json;

    @Option(names = "--max-idle", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Longest idle time measured; the probe takes about min(idle timeout, this)."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration maxIdle;

    @Option(names = "--max-requests-probe", paramLabel = "N", converter = Converters.IntConverter.class,
            description = "Most requests sent on one connection to find the server's limit."
                    + " Default: ${DEFAULT-VALUE}.")
    int maxRequestsProbe;

    @Option(names = "--samples", paramLabel = "N", converter = Converters.IntConverter.class,
            description = "Latency samples on new and on reused connections, each. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Connect, TLS handshake and response deadline of each request. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = {"-k", "--insecure"}, description = "https: accept any certificate and host name.")
    boolean insecure;

    /**
     * The options the flags describe.
     *
     * @throws ParameterException naming the flag when {@link ProbeOptions} refuses a value
     */
    ProbeOptions probeOptions() {
        try {
            return ProbeOptions.builder()
                    .maxIdle(maxIdle)
                    .maxRequestsProbe(maxRequestsProbe)
                    .samples(samples)
                    .timeout(timeout)
                    .insecure(insecure)
                    .build();
        } catch (IllegalArgumentException e) {
            throw refused(e);
        }
    }

    /** Maps "maxIdle must be in 1s..1d: 0s" to the flag: "--max-idle: must be in 1s..24h: '0'". */
    private ParameterException refused(IllegalArgumentException e) {
        return Problems.refusal(spec, e, component -> switch (component) {
            case "maxIdle" -> "--max-idle";
            case "maxRequestsProbe" -> "--max-requests-probe";
            case "samples" -> "--samples";
            case "timeout" -> "--timeout";
            default -> null;
        });
    }

    @Override
    public Integer call() throws Exception {
        ProbeOptions options = probeOptions();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProbeReport report;
        try {
            report = new Prober(target, options, Ticker.system()).probe(line -> {
                if (!json) {
                    out.println(spec.qualifiedName() + ": " + target.url() + " answered " + line);
                    out.flush();
                }
            });
        } catch (Prober.ProbeFailure e) {
            err.println(spec.qualifiedName() + ": " + Problems.oneLine(e));
            err.flush();
            return Kal.EXIT_FAILURE;
        }
        out.print(json ? ProbeJson.render(report) : ProbeTable.render(report));
        out.flush();
        return 0;
    }

    /** The URL argument, parsed; a bad one is a usage error naming URL. */
    static final class TargetConverter implements ITypeConverter<ProbeTarget> {
        @Override
        public ProbeTarget convert(String value) {
            try {
                return ProbeTarget.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Defaults for the flags, taken from {@link ProbeOptions#defaults()}. */
    static final class Defaults implements IDefaultValueProvider {
        private static final ProbeOptions D = ProbeOptions.defaults();

        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--max-idle" -> Durations.format(D.maxIdle());
                case "--max-requests-probe" -> String.valueOf(D.maxRequestsProbe());
                case "--samples" -> String.valueOf(D.samples());
                case "--timeout" -> Durations.format(D.timeout());
                default -> null;
            };
        }
    }
}
