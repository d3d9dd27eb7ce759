package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.keepalive.core.TcpKeepAlive;
import dev.keepalive.http.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** `kal serve` flags: every flag reaches {@link ServerOptions}; bad ones exit 2 with one line naming the flag. */
class ServeFlagsTest {

    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    /** How long {@link #run(String...)} lets one command take: every run in these tests ends within seconds. */
    static final Duration RUN_LIMIT = Duration.ofSeconds(20);

    /**
     * {@code kal args} in this JVM, on a thread of its own so that a command that never ends (a {@code kal
     * ws --count} whose heartbeats stop) fails the test within {@link #RUN_LIMIT}, with its output so far and
     * a dump of every thread, virtual ones included, instead of hanging the build.
     */
    static Run run(String... args) {
        return run(RUN_LIMIT, args);
    }

    /** {@link #run(String...)} cut off after {@code limit}. */
    static Run run(Duration limit, String... args) {
        StringWriter out = new StringWriter(); // PrintWriter over a StringWriter: every line is visible at once
        StringWriter err = new StringWriter();
        FutureTask<Integer> kal = new FutureTask<>(() -> Kal.commandLine(new PrintWriter(out), new PrintWriter(err))
                .execute(args));
        Thread thread = Thread.ofPlatform().name("kal-under-test").daemon(true).start(kal);
        try {
            int exit = kal.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return new Run(exit, out.toString(), err.toString());
        } catch (TimeoutException e) {
            String threads = threadDump();
            thread.interrupt(); // kal ws wakes from its wait, closes its connection and returns
            throw new AssertionError("kal " + String.join(" ", args) + " did not end within " + limit.toMillis()
                    + " ms\n--- its stdout so far:\n" + out + "--- its stderr so far:\n" + err + "--- threads:\n"
                    + threads);
        } catch (ExecutionException e) {
            throw new AssertionError("kal " + String.join(" ", args) + " threw", e.getCause());
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while kal " + String.join(" ", args) + " ran; stdout so far:\n" + out,
                    e);
        }
    }

    /** Every thread's stack, virtual threads too (Thread.getAllStackTraces leaves them out), as jcmd prints them. */
    private static String threadDump() {
        try {
            Path file = Files.createTempDirectory("kal-threads").resolve("threads.txt");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(file.toString(),
                    HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            String text = Files.readString(file);
            Files.delete(file);
            Files.delete(file.getParent());
            return text;
        } catch (IOException | RuntimeException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** Parses {@code kal serve <flags>} without starting anything. */
    static ServerOptions parse(String... flags) {
        List<String> args = new ArrayList<>(List.of("serve"));
        args.addAll(List.of(flags));
        CommandLine cl = Kal.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine.ParseResult result = cl.parseArgs(args.toArray(String[]::new));
        return ((ServeCommand) result.subcommand().commandSpec().userObject()).serverOptions();
    }

    @Test
    void everyFlagReachesServerOptions() {
        ServerOptions o = parse("--host", "0.0.0.0", "--port", "9090", "--idle-timeout", "500ms",
                "--max-requests", "7", "--max-age", "1m", "--header-timeout", "2s", "--max-connections", "50",
                "--max-connections-per-ip", "5", "--no-keep-alive-header", "--tcp-keepalive", "60s,10s,5",
                "--threads", "3");
        assertEquals("0.0.0.0", o.host());
        assertEquals(9090, o.port());
        assertEquals(Duration.ofMillis(500), o.idleTimeout());
        assertEquals(7, o.maxRequestsPerConnection());
        assertEquals(Duration.ofMinutes(1), o.maxConnectionAge());
        assertEquals(Duration.ofSeconds(2), o.headerTimeout());
        assertEquals(50, o.maxConnections());
        assertEquals(5, o.maxConnectionsPerIp());
        assertFalse(o.keepAliveHeader());
        assertEquals(TcpKeepAlive.of(Duration.ofSeconds(60), Duration.ofSeconds(10), 5), o.tcpKeepAlive());
        assertEquals(3, o.eventLoops());
    }

    @Test
    void flagsAcceptTheEqualsFormAndTheLastRepeatWins() {
        ServerOptions o = parse("--port=9091", "--idle-timeout=1m", "--port", "9092");
        assertEquals(9092, o.port());
        assertEquals(Duration.ofMinutes(1), o.idleTimeout());
    }

    @Test
    void defaultsAreThoseOfDesignMd() {
        ServerOptions o = parse();
        assertEquals("127.0.0.1", o.host());
        assertEquals(8080, o.port());
        assertEquals(Duration.ofSeconds(75), o.idleTimeout());
        assertEquals(1000, o.maxRequestsPerConnection());
        assertEquals(Duration.ofHours(1), o.maxConnectionAge());
        assertEquals(Duration.ofSeconds(20), o.headerTimeout());
        assertEquals(10_000, o.maxConnections());
        assertEquals(0, o.maxConnectionsPerIp());
        assertTrue(o.keepAliveHeader());
        assertNull(o.tcpKeepAlive(), "TCP keepalive is off by default on plain HTTP server sockets");
        assertEquals(Runtime.getRuntime().availableProcessors(), o.eventLoops());
        assertEquals(ServerOptions.defaults(), o, "flags add nothing the library does not default to");
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "2s, PT2S", "1m, PT1M", "1h, PT1H"})
    void durationsAcceptMillisSecondsMinutesAndHours(String flag, Duration expected) {
        assertEquals(expected, parse("--idle-timeout", flag).idleTimeout());
        assertEquals(expected, parse("--header-timeout", flag).headerTimeout());
        assertEquals(expected, parse("--max-age", flag).maxConnectionAge());
    }

    @Test
    void zeroMeansNoLimitForMaxRequestsMaxAgeAndPerIpCap() {
        ServerOptions o = parse("--max-requests", "0", "--max-age", "0", "--max-connections-per-ip", "0");
        assertEquals(0, o.maxRequestsPerConnection());
        assertEquals(Duration.ZERO, o.maxConnectionAge());
        assertEquals(0, o.maxConnectionsPerIp());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("--host", "", "must not be empty"),
                Arguments.of("--port", "abc", "expected a whole number"),
                Arguments.of("--port", "70000", "must be in 0..65535"),
                Arguments.of("--port", "-1", "must be in 0..65535"),
                Arguments.of("--idle-timeout", "abc", "expected a duration such as 500ms, 2s or 1m"),
                Arguments.of("--idle-timeout", "75", "expected a duration"),
                Arguments.of("--idle-timeout", "0", "must be > 0"),
                Arguments.of("--max-requests", "-1", "must be in 0.."),
                Arguments.of("--max-requests", "lots", "expected a whole number"),
                Arguments.of("--max-age", "1y", "expected a duration"),
                Arguments.of("--header-timeout", "0", "must be > 0"),
                Arguments.of("--header-timeout", "-5s", "expected a duration"),
                Arguments.of("--max-connections", "0", "must be in 1.."),
                Arguments.of("--max-connections-per-ip", "-2", "must be in 0.."),
                Arguments.of("--tcp-keepalive", "60s,10s", "expected IDLE,INTERVAL,COUNT"),
                Arguments.of("--tcp-keepalive", "500ms,10s,5", "idle must be whole seconds"),
                Arguments.of("--tcp-keepalive", "60s,10s,x", "count must be a whole number"),
                Arguments.of("--tcp-keepalive", "60s,10s,0", "count must be in 1..127"),
                Arguments.of("--threads", "0", "must be in 1..1024"),
                Arguments.of("--threads", "two", "expected a whole number"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void badValueExitsTwoWithOneLineNamingTheFlagAndTheValue(String flag, String value, String reason) {
        Run r = run("serve", flag, value);
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.errLines().size(), () -> "one line, got:\n" + r.err());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("kal serve: " + flag + ": "), line);
        assertTrue(line.contains(reason), line);
        assertTrue(line.contains("'" + value + "'"), line);
        assertFalse(line.contains("Exception"), line);
        assertEquals("", r.out());
    }

    @Test
    void badDurationLineReadsAsDocumented() {
        assertEquals("kal serve: --idle-timeout: expected a duration such as 500ms, 2s or 1m: 'abc'\n",
                run("serve", "--idle-timeout", "abc").err());
    }

    @Test
    void unresolvableHostExitsTwoNamingTheFlag() {
        Run r = run("serve", "--host", "no-such-host.invalid", "--port", "0");
        assertEquals(2, r.exit());
        assertEquals(List.of("kal serve: --host: unknown host: 'no-such-host.invalid'"), r.errLines());
    }

    @Test
    void unknownFlagExitsTwoNamingIt() {
        Run r = run("serve", "--idel-timeout", "5s");
        assertEquals(2, r.exit());
        assertEquals(List.of("kal serve: unknown option '--idel-timeout' (see kal serve --help)"), r.errLines());
    }

    @Test
    void unknownTopLevelFlagAndCommandExitTwo() {
        assertEquals(List.of("kal: unknown option '--frob' (see kal --help)"), run("--frob").errLines());
        Run r = run("frob");
        assertEquals(2, r.exit());
        assertEquals(List.of("kal: unknown command 'frob' (see kal --help)"), r.errLines());
    }

    @Test
    void flagWithoutValueExitsTwoNamingIt() {
        Run r = run("serve", "--port");
        assertEquals(2, r.exit());
        assertEquals(List.of("kal serve: --port: missing value"), r.errLines());
    }

    @Test
    void versionNamesTheProjectVersionAndJava() {
        Run r = run("--version");
        assertEquals(0, r.exit());
        String first = r.out().lines().findFirst().orElse("");
        assertTrue(first.matches("kal \\d+\\.\\d+\\.\\d+.*"), first);
        assertTrue(r.out().contains("Java " + Runtime.version().feature()), r.out());
    }

    @Test
    void helpListsServe() {
        Run r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("serve"), r.out());
    }

    @Test
    void serveHelpShowsEveryFlagWithItsDefault() {
        Run r = run("serve", "--help");
        assertEquals(0, r.exit());
        String help = r.out().replaceAll("\\s+", " ");
        for (String flag : List.of("--host", "--port", "--idle-timeout", "--max-requests", "--max-age",
                "--header-timeout", "--max-connections", "--max-connections-per-ip", "--no-keep-alive-header",
                "--tcp-keepalive", "--threads")) {
            assertTrue(help.contains(flag), flag);
        }
        for (String dflt : List.of("Default: 127.0.0.1.", "Default: 8080.", "Default: 75s.", "Default: 1000.",
                "Default: 1h.", "Default: 20s.", "Default: 10000.", "Default: 0.", "Default: off.")) {
            assertTrue(help.contains(dflt), () -> dflt + " in\n" + r.out());
        }
    }
}
