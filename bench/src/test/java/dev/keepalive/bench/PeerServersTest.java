package dev.keepalive.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The peers must answer what the benchmark assumes: the same body, keep-alive by default, close on
 * request, pipelined responses in order; and the idle tool must hold and re-use connections.
 */
class PeerServersTest {

    @Test
    void nettyKeepsConnectionsAliveAndClosesOnRequest() throws Exception {
        try (NettyHelloServer server = NettyHelloServer.start("127.0.0.1", 0, 1, 128, Hello.body("hello"))) {
            assertPeerBehaviour(server.port());
        }
    }

    @Test
    void jettyKeepsConnectionsAliveAndClosesOnRequest() throws Exception {
        try (JettyHelloServer server = JettyHelloServer.start("127.0.0.1", 0, 75_000, 128, Hello.body("hello"))) {
            assertPeerBehaviour(server.port());
        }
    }

    private static void assertPeerBehaviour(int port) throws Exception {
        try (IdleConnections tool = new IdleConnections(new InetSocketAddress("127.0.0.1", port), "/", 8, 5_000)) {
            IdleConnections.Outcome opened = tool.open(50);
            assertEquals(50, opened.ok(), () -> "open failures: " + opened.causes());
            IdleConnections.Outcome verified = tool.verify();
            assertEquals(50, verified.ok(), () -> "verify failures: " + verified.causes());
        }

        String pipelined = exchange(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(3)
                + "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(4, pipelined.split("HTTP/1.1 200 OK\r\n", -1).length - 1, pipelined);
        assertEquals(4, pipelined.split("\r\n\r\nhello\n", -1).length - 1, pipelined);
        assertTrue(pipelined.toLowerCase().contains("connection: close"), pipelined);
    }

    /** Sends {@code request} and reads until the server closes (the last request asks it to). */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.US_ASCII);
        }
    }
}
