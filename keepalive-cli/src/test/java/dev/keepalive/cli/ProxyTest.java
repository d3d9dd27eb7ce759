package dev.keepalive.cli;

import static dev.keepalive.cli.ProxyFixture.bytes;
import static dev.keepalive.cli.ProxyFixture.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.RealTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `kal proxy` over real loopback sockets: a client, the proxy, an upstream echo server, and the admin API. */
class ProxyTest {
    private ProxyFixture rig;

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    /** Expects neither data nor FIN nor RST within {@code millis}. */
    private static void assertSilent(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(),
                "no data, no FIN, no RST within " + millis + " ms");
        s.setSoTimeout(2_000);
    }

    @Test
    void forwardsBytesBothWaysAndPassesTheFinOn() throws Exception {
        rig = ProxyFixture.start(ProxyOptions.defaults());
        Socket c = rig.client();
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                c.getOutputStream().write(big);
                c.shutdownOutput();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        c.getInputStream().transferTo(got); // ends at the FIN the echo server sends back through the proxy
        writer.join();
        assertArrayEquals(big, got.toByteArray());
        String flows = rig.admin("GET", "/flows");
        assertTrue(flows.startsWith("200 {\"upstream\":\"127.0.0.1:"), flows);
    }

    @Test
    void latencyDelaysEachChunk() throws Exception {
        rig = ProxyFixture.start(ProxyOptions.builder().latency(Duration.ofMillis(100)).build());
        Socket c = rig.client();
        long t0 = System.nanoTime();
        assertArrayEquals(bytes("ping"), roundTrip(c, bytes("ping")));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 200, "100 ms each way, took " + ms + " ms");

        assertEquals("200", rig.admin("POST", "/latency?ms=0").substring(0, 3));
        t0 = System.nanoTime();
        assertArrayEquals(bytes("pong"), roundTrip(c, bytes("pong")));
        ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 150, "latency off mid-connection, took " + ms + " ms");
    }

    @Test
    void bandwidthPacesTheFlow() throws Exception {
        rig = ProxyFixture.start(ProxyOptions.builder().bandwidth(8 * 1024).build());
        Socket c = rig.client();
        long t0 = System.nanoTime();
        assertArrayEquals(new byte[4096], roundTrip(c, new byte[4096]));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 450, "4 KiB at 8 KiB/s takes about 500 ms, took " + ms + " ms");
    }

    @Test
    void blackholeHoldsDataWithoutClosingUntilTurnedOff() throws Exception {
        rig = ProxyFixture.start(ProxyOptions.defaults());
        Socket c = rig.client();
        assertArrayEquals(bytes("a"), roundTrip(c, bytes("a")));
        assertEquals("200", rig.admin("POST", "/blackhole?on=1").substring(0, 3));
        c.getOutputStream().write(bytes("b"));
        assertSilent(c, 300);
        Socket late = rig.client();
        late.getOutputStream().write(bytes("c"));
        assertSilent(late, 100);

        assertEquals("200", rig.admin("POST", "/blackhole?on=0").substring(0, 3));
        assertEquals('b', c.getInputStream().read());
        assertEquals('c', late.getInputStream().read());
    }

    @Test
    void idleDropSilencesAnIdleFlowButNotAnActiveOne() throws Exception {
        rig = ProxyFixture.start(ProxyOptions.builder().idleDrop(Duration.ofMillis(200)).build());
        Socket idle = rig.client();
        Socket active = rig.client();
        assertArrayEquals(bytes("i"), roundTrip(idle, bytes("i")));
        // `active` echoes every 40 ms throughout, well inside the 200 ms idle-drop.
        java.util.concurrent.atomic.AtomicInteger echoes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread busy = Thread.ofVirtual().start(() -> {
            try {
                while (!stop.get()) {
                    if (roundTrip(active, bytes("x"))[0] == 'x') {
                        echoes.incrementAndGet();
                    }
                    RealTime.sleep(40, "an active flow: traffic every 40 ms, well inside the idle-drop");
                }
            } catch (IOException | InterruptedException e) {
                // counted as missing echoes below
            }
        });
        RealTime.sleep(400, "`idle` sends nothing for twice the 200 ms idle-drop");
        // 400 ms without traffic on `idle`: the proxy forgot it.
        idle.getOutputStream().write(bytes("late"));
        assertSilent(idle, 300);
        stop.set(true);
        busy.join();
        assertTrue(echoes.get() >= 10, "the active flow kept echoing: " + echoes.get() + " echoes in 700 ms");
        assertArrayEquals(bytes("still"), roundTrip(active, bytes("still")));
        assertEquals(List.of(Flow.State.DROPPED, Flow.State.OPEN),
                rig.proxy().flows().stream().map(Flow::state).toList());
        assertTrue(rig.admin("GET", "/flows").contains("\"state\":\"dropped\""));
    }

    @Test
    void idleDropCanBeSetAtRunTime() throws Exception {
        rig = ProxyFixture.start(ProxyOptions.defaults());
        Socket c = rig.client();
        assertArrayEquals(bytes("1"), roundTrip(c, bytes("1")));
        assertEquals("200", rig.admin("POST", "/idle-drop?after=100ms").substring(0, 3));
        RealTime.sleep(250, "idle past the 100 ms idle-drop set at run time");
        c.getOutputStream().write(bytes("2"));
        assertSilent(c, 300);
    }

    @Test
    void resetSendsRstToTheClient() throws Exception {
        rig = ProxyFixture.start(ProxyOptions.defaults());
        Socket c = rig.client();
        assertArrayEquals(bytes("a"), roundTrip(c, bytes("a")));
        assertEquals("200 reset 1 flows\n", rig.admin("POST", "/reset"));
        SocketException e = assertThrows(SocketException.class, () -> c.getInputStream().read());
        assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
    }

    @Test
    void closeSendsFinToTheClient() throws Exception {
        rig = ProxyFixture.start(ProxyOptions.defaults());
        Socket c = rig.client();
        assertArrayEquals(bytes("a"), roundTrip(c, bytes("a")));
        assertEquals("200 closed 1 flows\n", rig.admin("POST", "/close"));
        assertEquals(-1, c.getInputStream().read());
    }

    @Test
    void limitDataClosesAfterNBytes() throws Exception {
        rig = ProxyFixture.start(ProxyOptions.builder().limitData(10).build());
        Socket c = rig.client();
        assertArrayEquals(bytes("hello"), roundTrip(c, bytes("hello")));
        assertEquals(-1, c.getInputStream().read(), "5 bytes up + 5 down = the limit: FIN");
    }

    @Test
    void slowCloseDelaysTheFin() throws Exception {
        rig = ProxyFixture.start(ProxyOptions.builder().slowClose(Duration.ofMillis(200)).build());
        Socket c = rig.client();
        assertArrayEquals(bytes("a"), roundTrip(c, bytes("a")));
        long t0 = System.nanoTime();
        c.shutdownOutput();
        assertEquals(-1, c.getInputStream().read());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 400, "200 ms for the FIN each way, took " + ms + " ms");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POST|/latency?ms=abc|400 ms: expected a whole number of milliseconds: 'abc'",
        "POST|/idle-drop?after=soon|400 after: expected a duration such as 500ms, 2s or 1m: 'soon'",
        "POST|/idle-drop?after=2d|400 idleDrop must be in 0s..1d: 2d",
        "POST|/blackhole|400 on: missing (e.g. /blackhole?on=...)",
        "POST|/blackhole?on=maybe|400 on: expected 1 or 0: 'maybe'",
        "POST|/bandwidth?rate=fast|400 rate: expected a size such as 1000, 64KiB or 1MiB: 'fast'",
        "GET|/reset|405 GET not allowed on /reset; use POST",
        "POST|/nope|404 not found: /nope",
    })
    void badAdminRequestsGetOneLineReasons(String method, String target, String expected) throws Exception {
        rig = ProxyFixture.start(ProxyOptions.defaults());
        assertEquals(expected + "\n", rig.admin(method, target));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--latency|abc|--latency: expected a duration such as 500ms, 2s or 1m: 'abc'",
        "--latency|2h|--latency: must be in 0s..1h: '2h'",
        "--bandwidth|fast|--bandwidth: expected a size such as 1000, 64KiB or 1MiB: 'fast'",
        "--idle-drop|2d|--idle-drop: must be in 0s..1d: '2d'",
        "--limit-data|lots|--limit-data: expected a size such as 1000, 64KiB or 1MiB: 'lots'",
        "--upstream|nowhere|--upstream: expected HOST:PORT such as 127.0.0.1:7070: 'nowhere'",
    })
    void badFlagsExitTwoWithOneLineNamingTheFlag(String flag, String value, String expected) {
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:9"));
        args.add(flag);
        args.add(value);
        int code = Kal.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        assertEquals(2, code);
        assertEquals("kal proxy: " + expected + System.lineSeparator(), err.toString());
    }

    @Test
    void flagsReachTheOptions() {
        var cl = Kal.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        var result = cl.parseArgs("proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:9",
                "--latency", "100ms,20ms", "--bandwidth", "64KiB", "--idle-drop", "30s", "--blackhole",
                "--slow-close", "5s", "--limit-data", "1MiB");
        ProxyOptions o = ((ProxyCommand) result.subcommand().commandSpec().userObject()).proxyOptions();
        assertEquals(new ProxyOptions(Duration.ofMillis(100), Duration.ofMillis(20), 65_536, Duration.ofSeconds(30),
                true, Duration.ofSeconds(5), 1 << 20), o);
    }
}
