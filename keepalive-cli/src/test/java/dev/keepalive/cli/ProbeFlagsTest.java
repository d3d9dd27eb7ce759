package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.cli.ServeFlagsTest.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** `kal probe` arguments: the URL and every flag reach {@link ProbeOptions}; bad ones exit 2 with one line. */
class ProbeFlagsTest {

    static ProbeCommand parse(String... args) {
        List<String> all = new ArrayList<>(List.of("probe"));
        all.addAll(List.of(args));
        CommandLine cl = Kal.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine.ParseResult result = cl.parseArgs(all.toArray(String[]::new));
        return (ProbeCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void everyFlagReachesProbeOptions() {
        ProbeCommand c = parse("https://example.com:8443/x?y=1", "--json", "--max-idle", "30s",
                "--max-requests-probe", "200", "--samples", "7", "--timeout", "2s", "--insecure");
        ProbeOptions o = c.probeOptions();
        assertEquals(Duration.ofSeconds(30), o.maxIdle());
        assertEquals(200, o.maxRequestsProbe());
        assertEquals(7, o.samples());
        assertEquals(Duration.ofSeconds(2), o.timeout());
        assertTrue(o.insecure());
        assertTrue(c.json);
        assertEquals(new ProbeTarget("https://example.com:8443/x?y=1", true, "example.com", 8443, "example.com:8443",
                "/x?y=1"), c.target);
    }

    @Test
    void defaultsAreThoseOfTheIssue() {
        ProbeOptions o = parse("http://127.0.0.1:8080/").probeOptions();
        assertEquals(Duration.ofSeconds(120), o.maxIdle());
        assertEquals(1000, o.maxRequestsProbe());
        assertEquals(50, o.samples());
        assertEquals(Duration.ofSeconds(10), o.timeout());
        assertFalse(o.insecure());
        assertEquals(ProbeOptions.defaults(), o);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://localhost                | false | localhost   | 80   | localhost        | /",
        "https://localhost               | true  | localhost   | 443  | localhost        | /",
        "HTTP://Example.com:80/a/b       | false | Example.com | 80   | Example.com      | /a/b",
        "http://127.0.0.1:8080/delay?ms=5 | false | 127.0.0.1  | 8080 | 127.0.0.1:8080   | /delay?ms=5",
        "http://[::1]:8080/              | false | ::1         | 8080 | [::1]:8080       | /",
        "https://h:8443/p%20q#frag       | true  | h           | 8443 | h:8443           | /p%20q",
    })
    void urlsAreTakenApart(String url, boolean tls, String host, int port, String hostHeader, String target) {
        assertEquals(new ProbeTarget(url, tls, host, port, hostHeader, target), ProbeTarget.parse(url));
    }

    static Stream<Arguments> badUrls() {
        return Stream.of(
                Arguments.of("ftp://example.com/", "expected an http:// or https:// URL"),
                Arguments.of("localhost:8080", "expected an http:// or https:// URL"),
                Arguments.of("example.com", "expected an http:// or https:// URL"),
                Arguments.of("127.0.0.1:8080", "expected an http:// or https:// URL"),
                Arguments.of("http://", "not a URL"),
                Arguments.of("http:///path", "URL has no host"),
                Arguments.of("http://exa mple.com/", "not a URL"),
                Arguments.of("http://host:99999/", "port must be in 1..65535"),
                Arguments.of("http://ho_st:80/", "URL has a malformed host or port"),
                Arguments.of("http://user:pw@host/", "user info (user:password@) is not supported"),
                Arguments.of("http://host:0/", "port must be in 1..65535"));
    }

    @ParameterizedTest
    @MethodSource("badUrls")
    void badUrlExitsTwoWithOneLineNamingIt(String url, String reason) {
        Run r = ServeFlagsTest.run("probe", url);
        assertEquals(2, r.exit(), r.err());
        assertEquals(List.of("kal probe: URL: " + reason + ": '" + url + "'"), r.errLines());
        assertEquals("", r.out());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("--max-idle", "soon", "expected a duration such as 500ms, 2s or 1m"),
                Arguments.of("--max-idle", "0", "must be in 1s..1d"),
                Arguments.of("--max-idle", "500ms", "must be in 1s..1d"),
                Arguments.of("--max-idle", "2d", "must be in 1s..1d"),
                Arguments.of("--max-requests-probe", "0", "must be in 1..1000000"),
                Arguments.of("--max-requests-probe", "many", "expected a whole number"),
                Arguments.of("--samples", "0", "must be in 1..100000"),
                Arguments.of("--samples", "-3", "must be in 1..100000"),
                Arguments.of("--timeout", "10", "expected a duration"),
                Arguments.of("--timeout", "50ms", "must be in 100ms..10m"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void badValueExitsTwoWithOneLineNamingTheFlagAndTheValue(String flag, String value, String reason) {
        Run r = ServeFlagsTest.run("probe", "http://127.0.0.1:1/", flag, value);
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.errLines().size(), () -> "one line, got:\n" + r.err());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("kal probe: " + flag + ": "), line);
        assertTrue(line.contains(reason), line);
        assertTrue(line.contains("'" + value + "'"), line);
        assertFalse(line.contains("Exception"), line);
        assertEquals("", r.out());
    }

    @Test
    void missingUrlExitsTwo() {
        Run r = ServeFlagsTest.run("probe");
        assertEquals(2, r.exit());
        assertEquals(List.of("kal probe: URL: missing value"), r.errLines());
    }

    @Test
    void unknownFlagAndExtraArgumentExitTwo() {
        assertEquals(List.of("kal probe: unknown option '--max-idel' (see kal probe --help)"),
                ServeFlagsTest.run("probe", "http://h/", "--max-idel", "5s").errLines());
        Run r = ServeFlagsTest.run("probe", "http://h/", "http://other/");
        assertEquals(2, r.exit());
        assertEquals(List.of("kal probe: unexpected argument 'http://other/' (see kal probe --help)"), r.errLines());
    }

    @Test
    void unknownHostExitsOne() {
        Run r = ServeFlagsTest.run("probe", "http://no-such-host.invalid/");
        assertEquals(1, r.exit());
        assertEquals(List.of("kal probe: unknown host 'no-such-host.invalid'"), r.errLines());
    }

    @Test
    void helpShowsEveryFlagWithItsDefaultAndKalHelpListsProbe() {
        Run r = ServeFlagsTest.run("probe", "--help");
        assertEquals(0, r.exit());
        String help = r.out().replaceAll("\\s+", " ");
        for (String s : List.of("URL", "--json", "--max-idle", "--max-requests-probe", "--samples", "--timeout",
                "--insecure", "Default: 2m.", "Default: 1000.", "Default: 50.", "Default: 10s.")) {
            assertTrue(help.contains(s), () -> s + " in\n" + r.out());
        }
        assertTrue(ServeFlagsTest.run("--help").out().contains("probe"));
    }

    @Test
    void optionsRecordRefusesBadValuesWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProbeOptions.builder().samples(0).build());
        assertEquals("samples must be in 1..100000: 0", e.getMessage());
    }
}
