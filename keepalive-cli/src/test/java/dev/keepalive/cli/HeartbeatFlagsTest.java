package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.heartbeat.FixedTimeoutOptions;
import dev.keepalive.heartbeat.HeartbeatOptions;
import dev.keepalive.heartbeat.PhiAccrualOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** `kal heartbeat` flags: they reach {@link HeartbeatOptions}; bad ones exit 2 with one line naming the flag. */
class HeartbeatFlagsTest {

    static HeartbeatCommand parse(String... flags) {
        List<String> args = new ArrayList<>(List.of("heartbeat"));
        args.addAll(List.of(flags));
        CommandLine cl = Kal.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine.ParseResult result = cl.parseArgs(args.toArray(String[]::new));
        return (HeartbeatCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void defaultsAreThoseOfDesignMd() {
        HeartbeatCommand c = parse("--listen", "127.0.0.1:7001", "--peers", "127.0.0.1:7002");
        HeartbeatOptions o = c.heartbeatOptions();
        assertEquals(Duration.ofSeconds(1), o.interval());
        assertEquals(PhiAccrualOptions.defaults(), o.detector());
        assertEquals(Duration.ofMillis(10), o.timerTick());
        assertEquals(HeartbeatCommand.Transport.UDP, c.transport);
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 7002)), c.peers);
        assertEquals(Duration.ZERO, c.duration, "runs until Ctrl-C");
    }

    @Test
    void everyFlagReachesTheOptions() {
        HeartbeatCommand phi = parse("--listen", "localhost:0", "--peers", "127.0.0.1:7002,[::1]:7003",
                "--interval", "250ms", "--threshold", "10.5", "--min-std-dev", "20ms", "--acceptable-pause", "1s",
                "--id", "node-a", "--transport", "tcp", "--json", "--refresh", "2s", "--duration", "1m");
        HeartbeatOptions o = phi.heartbeatOptions();
        assertEquals(Duration.ofMillis(250), o.interval());
        assertEquals(PhiAccrualOptions.builder().threshold(10.5).minStdDev(Duration.ofMillis(20))
                .acceptablePause(Duration.ofSeconds(1)).build(), o.detector());
        assertEquals("node-a", o.id());
        assertEquals(2, phi.peers.size());
        assertEquals(HeartbeatCommand.Transport.TCP, phi.transport);
        assertTrue(phi.json);
        assertEquals(0, phi.listen.getPort());

        HeartbeatOptions fixed = parse("--listen", "127.0.0.1:7001", "--peers", "127.0.0.1:7002", "--detector",
                "fixed", "--missed", "5", "--interval", "20ms").heartbeatOptions();
        assertEquals(FixedTimeoutOptions.builder().missedIntervals(5).build(), fixed.detector());
        assertEquals(Duration.ofMillis(2), fixed.timerTick(), "a tenth of the interval");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("--interval", "abc", "--interval: expected a duration such as 500ms, 2s or 1m: 'abc'"),
                Arguments.of("--interval", "0", "--interval: must be in 1ms..1h: '0'"),
                Arguments.of("--detector", "gossip", "--detector: expected phi or fixed: 'gossip'"),
                Arguments.of("--threshold", "0", "--threshold: must be in (0, 1000]: '0'"),
                Arguments.of("--threshold", "high", "--threshold: expected a number such as 8 or 12.5: 'high'"),
                Arguments.of("--min-std-dev", "0", "--min-std-dev: must be in (0, 24h]: '0'"),
                Arguments.of("--refresh", "0", "--refresh: must be > 0: '0'"),
                Arguments.of("--transport", "sctp", "--transport: expected udp or tcp: 'sctp'"),
                Arguments.of("--peers", "127.0.0.1", "--peers: expected HOST:PORT such as 127.0.0.1:7070: '127.0.0.1'"),
                Arguments.of("--peers", "127.0.0.1:0", "--peers: port must be in 1..65535: '127.0.0.1:0'"),
                Arguments.of("--peers", "::1:7000", "--peers: an IPv6 address needs brackets, as in [::1]:7070: '::1:7000'"),
                Arguments.of("--listen", "127.0.0.1:70000", "--listen: port must be in 0..65535: '127.0.0.1:70000'"),
                Arguments.of("--listen", "no-such-host.invalid:7000", "--listen: unknown host: 'no-such-host.invalid'"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void badValueExitsTwoWithOneLineNamingTheFlag(String flag, String value, String expected) {
        List<String> args = new ArrayList<>(List.of("heartbeat", "--listen", "127.0.0.1:7001", "--peers",
                "127.0.0.1:7002", "--duration", "1ms"));
        args.addAll(List.of(flag, value));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Kal.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args.toArray(String[]::new));
        assertEquals(Kal.EXIT_USAGE, exit, err.toString());
        assertEquals(List.of("kal heartbeat: " + expected), err.toString().lines().toList());
    }

    @Test
    void missingRequiredFlagsAreNamed() {
        StringWriter err = new StringWriter();
        int exit = Kal.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute("heartbeat", "--listen", "127.0.0.1:7001");
        assertEquals(Kal.EXIT_USAGE, exit);
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("--peers"), err.toString());
    }
}
