package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Durations;
import dev.keepalive.http.HttpServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `kal serve` as a real process: the start-up line, and SIGTERM drains and prints the summary. */
class ServeProcessTest {
    private Process process;

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** Runs {@code kal args} in a fresh JVM with this build's classes. */
    private static Process kal(String... args) throws IOException {
        Set<String> classpath = new LinkedHashSet<>();
        for (Class<?> c : List.of(Kal.class, CommandLine.class, HttpServer.class, Durations.class)) {
            try {
                classpath.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        // and every module the other subcommands load when kal builds its command line (websocket, ...)
        classpath.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classpath), Kal.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static BlockingQueue<String> lines(java.io.InputStream stream) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return lines;
    }

    @Test
    void badFlagExitsTwoWithOneLineAndNoStackTrace() throws Exception {
        process = kal("serve", "--max-age", "soon");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("kal serve: --max-age: expected a duration such as 500ms, 2s or 1m: 'soon'\n", err);
        assertEquals(0, process.getInputStream().readAllBytes().length);
    }

    @Test
    void printsTheStartupLineAndOnSigtermDrainsAndPrintsTheSummary() throws Exception {
        process = kal("serve", "--port", "0", "--threads", "1", "--idle-timeout", "30s");
        BlockingQueue<String> out = lines(process.getInputStream());
        BlockingQueue<String> err = lines(process.getErrorStream());
        String startup = out.poll(30, TimeUnit.SECONDS);
        assertNotNull(startup, "no start-up line; stderr: " + err);
        Matcher m = Pattern.compile("kal serve listening on http://127\\.0\\.0\\.1:(\\d+) \\((.*)\\)").matcher(startup);
        assertTrue(m.matches(), startup);
        int port = Integer.parseInt(m.group(1));
        assertEquals("idle-timeout 30s, max-requests 1000, max-age 1h, header-timeout 20s, max-connections 10000,"
                + " keep-alive header on, tcp-keepalive off, threads 1", m.group(2));

        try (RawHttp c = new RawHttp(port)) {
            assertEquals("hello from kal\n", c.get("/").text());
            assertEquals("hello from kal\n", c.get("/").text());
            // SIGTERM. (Process.destroy() would also close our end of the child's stdout.)
            process.toHandle().destroy(); // the shutdown hook closes this idle connection at once
            assertTrue(c.closedByServer());
        }
        assertTrue(process.waitFor(40, TimeUnit.SECONDS), "did not stop");
        String shutting = out.poll(10, TimeUnit.SECONDS);
        assertNotNull(shutting, () -> "exit " + process.exitValue() + ", stdout " + out + ", stderr " + err);
        assertTrue(shutting.startsWith("kal serve: shutting down, draining in-flight requests for up to 30s"), shutting);
        String summary = out.poll(10, TimeUnit.SECONDS);
        assertNotNull(summary);
        assertTrue(summary.matches("kal serve stopped after \\d+[smh]: connections accepted 1, requests 2,"
                + " reuse ratio 50\\.0%, requests per connection 2\\.0, closes SHUTDOWN 1"), summary);
        assertTrue(err.isEmpty(), "stderr: " + err);
    }
}
