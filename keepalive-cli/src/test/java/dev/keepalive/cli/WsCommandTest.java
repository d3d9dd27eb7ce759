package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Await;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.ServerOptions;
import dev.keepalive.websocket.WebSocketEndpoint;
import dev.keepalive.websocket.WebSocketOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code kal ws} and {@code kal serve --ws}: heartbeats with RTT, reconnect, and flags that exit 2 naming themselves. */
class WsCommandTest {

    private static HttpServer echoServer(int port) throws IOException {
        return HttpServer.start(ServerOptions.builder().host("127.0.0.1").port(port).eventLoops(1)
                .drainTimeout(Duration.ofSeconds(2)).build(), WebSocketEndpoint.echo(WebSocketOptions.defaults())
                .mount("/ws/echo", null));
    }

    @Test
    void printsTheRttOfEveryHeartbeat() throws Exception {
        try (HttpServer server = echoServer(0)) {
            ServeFlagsTest.Run r = ServeFlagsTest.run("ws", "ws://127.0.0.1:" + server.port() + "/ws/echo",
                    "--ping-interval", "50ms", "--count", "3");
            assertEquals(0, r.exit(), r.err());
            List<String> lines = r.out().lines().toList();
            assertEquals("kal ws connecting to ws://127.0.0.1:" + server.port() + "/ws/echo (ping-interval 50ms,"
                    + " pong-timeout 10s, dead server detected within 10050ms)", lines.get(0));
            assertEquals("connected to /127.0.0.1:" + server.port(), lines.get(1));
            for (int i = 1; i <= 3; i++) {
                assertTrue(lines.get(1 + i).matches("rtt \\d+\\.\\d{3} ms \\(heartbeat " + i + "\\)"), lines.get(1 + i));
            }
            assertTrue(r.out().contains("kal ws stopped: heartbeats "), r.out());
        }
    }

    @Test
    void reconnectsWhenTheServerComesBack() throws Exception {
        HttpServer server = echoServer(0);
        int port = server.port();
        StringWriter out = new StringWriter();
        CommandLine cl = Kal.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("ws",
                "ws://127.0.0.1:" + port + "/ws/echo", "--ping-interval", "50ms", "--count", "6"));
        try {
            awaitText(out, "(heartbeat 2)");
            server.close();
            awaitText(out, "reconnecting in ");
            server = echoServer(port);
            assertEquals(0, exit.get(20, TimeUnit.SECONDS));
            String text = out.toString();
            assertTrue(text.contains("connection lost: 1001 \"server shutting down\" PEER_CLOSED (by peer)"), text);
            assertTrue(Pattern.compile("connected again after \\d+ attempts?, down for \\d+\\.\\d{3} ms").matcher(text)
                    .find(), text);
            assertTrue(text.contains("(heartbeat 6)"), text);
        } finally {
            server.close();
        }
    }

    private static void awaitText(StringWriter out, String text) {
        Await.value("'" + text + "' in the output", out::toString, s -> s.contains(text), Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ws|--ping-interval|0|kal ws: --ping-interval: must be > 0 (kal ws prints one line per ping): '0'",
        "ws|--pong-timeout|0|kal ws: --pong-timeout: must be > 0: '0'",
        "ws|--ping-interval|soon|kal ws: --ping-interval: expected a duration such as 500ms, 2s or 1m: 'soon'",
        "ws|--count|-1|kal ws: --count: must be >= 0: '-1'",
        "serve|--pong-timeout|0|kal serve: --pong-timeout: must be > 0: '0'",
        "serve|--ping-interval|-1s|kal serve: --ping-interval: expected a duration such as 500ms, 2s or 1m: '-1s'"})
    void badValueExitsTwoWithOneLineNamingTheFlag(String command, String flag, String value, String line) {
        List<String> args = new ArrayList<>(List.of(command));
        args.add(command.equals("ws") ? "ws://127.0.0.1:9/" : "--port=0");
        args.addAll(List.of(flag, value));
        ServeFlagsTest.Run r = ServeFlagsTest.run(args.toArray(String[]::new));
        assertEquals(2, r.exit(), r.err());
        assertEquals(List.of(line), r.errLines());
        assertEquals("", r.out());
    }

    @Test
    void urlMustBeWebSocket() {
        ServeFlagsTest.Run r = ServeFlagsTest.run("ws", "http://127.0.0.1/");
        assertEquals(2, r.exit());
        assertEquals(List.of("kal ws: URL: expected a ws:// or wss:// URL: 'http://127.0.0.1/'"), r.errLines());
    }

    @Test
    void serveWsFlagsReachTheOptions() {
        CommandLine cl = Kal.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        ServeCommand serve = (ServeCommand) cl.parseArgs("serve", "--ws", "--ping-interval", "5s", "--pong-timeout",
                "2s").subcommand().commandSpec().userObject();
        WebSocketOptions o = serve.webSocketOptions();
        assertEquals(Duration.ofSeconds(5), o.pingInterval());
        assertEquals(Duration.ofSeconds(2), o.pongTimeout());
        assertEquals("kal serve websocket echo on ws://127.0.0.1:8080/ws/echo, browser client on"
                + " http://127.0.0.1:8080/_kal/kal-ws.js (ping-interval 5s, pong-timeout 2s, dead peer dropped within 7s)",
                ServeCommand.webSocketLine(o, "127.0.0.1", 8080));
    }

    @Test
    void serveWsProcessServesEchoAndScriptAndSummarises() throws Exception {
        // the test class path holds every module kal needs, whatever other commands it grows
        String classpath = System.getProperty("java.class.path");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classpath, Kal.class.getName(), "serve", "--ws", "--port", "0",
                "--ping-interval", "1s", "--pong-timeout", "500ms").start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            r.readLine(); // the HTTP start-up line
            String wsLine = r.readLine();
            assertNotNull(wsLine);
            Matcher m = Pattern.compile("ws://127\\.0\\.0\\.1:(\\d+)/ws/echo").matcher(wsLine);
            assertTrue(m.find(), wsLine);
            assertTrue(wsLine.endsWith("(ping-interval 1s, pong-timeout 500ms, dead peer dropped within 1500ms)"), wsLine);
            try (var script = java.net.URI.create("http://127.0.0.1:" + m.group(1) + "/_kal/kal-ws.js").toURL()
                    .openStream()) {
                assertTrue(new String(script.readAllBytes(), StandardCharsets.UTF_8).contains("KalSocket"));
            }
            ServeFlagsTest.Run ws = ServeFlagsTest.run("ws", "ws://127.0.0.1:" + m.group(1) + "/ws/echo",
                    "--ping-interval", "50ms", "--count", "2");
            assertEquals(0, ws.exit(), ws.err());
            p.toHandle().destroy(); // SIGTERM: graceful shutdown, then the summary lines (keeps our pipes open)
            StringBuilder rest = new StringBuilder();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                rest.append(line).append('\n');
            }
            assertTrue(rest.toString().contains("kal serve websocket: connections 1, "), rest.toString());
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
    }
}
