package dev.keepalive.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.cli.Kal;
import dev.keepalive.cli.KalProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `kal demo` as a real process: it starts, answers, and SIGTERM stops it cleanly with PostgreSQL and its data gone. */
class DemoProcessTest {
    private static final Pattern URL = Pattern.compile("kal demo: open (http://\\S+/)");
    private static final Pattern DATA = Pattern.compile("kal demo: PostgreSQL up on port \\d+ in [0-9.]+ s, data in (\\S+)");
    private KalProcess kal;

    @AfterEach
    void kill() throws InterruptedException {
        if (kal != null) {
            kal.close(); // SIGTERM first: a SIGKILL would leave the daemonized PostgreSQL and its data dir behind
        }
    }

    @Test
    void startsPrintsTheUrlAndSigtermStopsEverythingWithExitZero() throws Exception {
        kal = KalProcess.start("demo", "--port", "0");
        Process process = kal.process();
        BlockingQueue<String> out = kal.out();
        URI uri = null;
        Path dataDir = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (uri == null && System.nanoTime() < deadline) {
            String line = out.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                assertTrue(process.isAlive(), "kal demo exited with " + (process.isAlive() ? "" : process.exitValue()));
                continue;
            }
            Matcher d = DATA.matcher(line);
            if (d.matches()) {
                dataDir = Path.of(d.group(1));
            }
            Matcher u = URL.matcher(line);
            if (u.matches()) {
                uri = URI.create(u.group(1));
            }
        }
        assertNotNull(uri, "no URL line");
        assertNotNull(dataDir, "no PostgreSQL line");
        assertTrue(Files.isDirectory(dataDir), dataDir.toString());
        var response = DemoTest.send("GET", uri.resolve("api/snapshot"));
        assertEquals(200, response.statusCode());
        assertTrue(MiniJson.object(response.body()).containsKey("layers"));
        // pg_ctl daemonizes the postmaster, so it may not stay among the descendants: find it by its data dir too
        String dir = dataDir.toString();
        List<ProcessHandle> postgres = java.util.stream.Stream.concat(process.descendants(),
                        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dir)))
                .distinct().toList();
        assertFalse(postgres.isEmpty(), "no PostgreSQL process found for " + dir);

        long t0 = System.nanoTime();
        // SIGTERM: the shutdown hook closes everything. (Process.destroy() would also close our end of stdout.)
        process.toHandle().destroy();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "kal demo did not stop within 10 s");
        long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(0, process.exitValue());
        for (ProcessHandle p : postgres) {
            assertTrue(p.onExit().completeOnTimeout(p, 2, TimeUnit.SECONDS).get() != null && !p.isAlive(),
                    "postgres " + p.pid() + " left running");
        }
        assertFalse(Files.exists(dataDir), "data dir left behind: " + dataDir);
        try (ServerSocket s = new ServerSocket(uri.getPort(), 50, InetAddress.getByName(uri.getHost()))) {
            assertEquals(uri.getPort(), s.getLocalPort(), "the page port is free again");
        }
        List<String> rest = new ArrayList<>();
        out.drainTo(rest);
        assertTrue(rest.contains("kal demo stopped"), rest.toString());
        System.out.println("kal demo stopped " + stopMs + " ms after SIGTERM");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--port | 70000 | kal demo: --port: must be in 0..65535: '70000'",
        "--port | x     | kal demo: --port: expected a whole number: 'x'",
        "--host | ' '   | kal demo: --host: must not be blank: ' '",
    })
    void badFlagsExitTwoWithOneLine(String flag, String value, String expected) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Kal.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("demo", flag, value);
        assertEquals(2, code);
        assertEquals(expected + System.lineSeparator(), err.toString());
        assertEquals("", out.toString());
    }
}
