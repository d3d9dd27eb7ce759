package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Await;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.ServerOptions;
import dev.keepalive.websocket.WebSocketEndpoint;
import dev.keepalive.websocket.WebSocketOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // backstop: each wait below is bounded and names what it awaited
    void serveWsProcessServesEchoAndScriptAndSummarises() throws Exception {
        try (KalProcess serve = KalProcess.start("serve", "--ws", "--port", "0", "--ping-interval", "1s",
                "--pong-timeout", "500ms")) {
            serve.nextLine(10_000); // the HTTP start-up line
            String wsLine = serve.nextLine(10_000);
            Matcher m = Pattern.compile("ws://127\\.0\\.0\\.1:(\\d+)/ws/echo").matcher(wsLine);
            assertTrue(m.find(), wsLine);
            assertTrue(wsLine.endsWith("(ping-interval 1s, pong-timeout 500ms, dead peer dropped within 1500ms)"),
                    wsLine);
            try (var script = java.net.URI.create("http://127.0.0.1:" + m.group(1) + "/_kal/kal-ws.js").toURL()
                    .openStream()) {
                assertTrue(new String(script.readAllBytes(), StandardCharsets.UTF_8).contains("KalSocket"));
            }
            ServeFlagsTest.Run ws = ServeFlagsTest.run("ws", "ws://127.0.0.1:" + m.group(1) + "/ws/echo",
                    "--ping-interval", "50ms", "--count", "2");
            assertEquals(0, ws.exit(), ws.err());
            serve.process().toHandle().destroy(); // SIGTERM: graceful shutdown, then the summary lines
            assertTrue(serve.process().waitFor(20, TimeUnit.SECONDS), "kal serve still runs 20 s after SIGTERM");
            String out = serve.stdout();
            assertTrue(out.contains("kal serve websocket: connections 1, "), out);
        }
    }

    @Test
    void aWsRunWhoseHeartbeatsNeverComeFailsWithItsOutputInsteadOfHanging() throws Exception {
        CompletableFuture<Socket> accepted = new CompletableFuture<>();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // accepts the handshake, then never answers a ping: kal ws --count 1 would wait for ever
            Thread.ofPlatform().daemon().start(() -> { // not the common pool: a test after this one may need it
                try {
                    Socket s = silent.accept();
                    accepted.complete(s);
                    s.getOutputStream().write(switchingProtocols(s.getInputStream()));
                } catch (IOException e) {
                    accepted.completeExceptionally(e);
                }
            });
            AssertionError e = assertThrows(AssertionError.class, () -> ServeFlagsTest.run(Duration.ofSeconds(1),
                    "ws", "ws://127.0.0.1:" + silent.getLocalPort() + "/", "--ping-interval", "50ms", "--count", "1"));
            String message = e.getMessage();
            assertTrue(message.startsWith("kal ws ws://127.0.0.1:" + silent.getLocalPort() + "/ --ping-interval 50ms"
                    + " --count 1 did not end within 1000 ms\n"), message);
            assertTrue(message.contains("\nconnected to /127.0.0.1:" + silent.getLocalPort() + "\n"), message);
            assertTrue(message.contains("kal-ws-reader"), "the dump shows the virtual threads: " + message);
        } finally {
            accepted.thenAccept(s -> {
                try {
                    s.close(); // kal ws, stopped, waits for our close frame: EOF ends that at once
                } catch (IOException ignored) {
                    // closed anyway
                }
            });
        }
    }

    /** Reads an upgrade request and answers it with 101 (RFC 6455 §4.2.2). */
    private static byte[] switchingProtocols(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client left during the handshake: " + head);
            }
            head.append((char) b);
        }
        Matcher key = Pattern.compile("(?i)sec-websocket-key: *(\\S+)").matcher(head);
        if (!key.find()) {
            throw new IOException("no Sec-WebSocket-Key: " + head);
        }
        byte[] sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1").digest((key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
