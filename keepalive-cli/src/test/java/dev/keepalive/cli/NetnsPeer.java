package dev.keepalive.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The far end of {@link DetectionTcpKeepAliveTest}, run inside a network namespace by {@link Netns#startPeer}.
 * Plain sockets without keepalive: its kernel only answers the probes of ours.
 *
 * <p>Started as {@code NetnsPeer LISTEN_ADDRESS}, it echoes every connection on an ephemeral port of that
 * address and prints {@code listening PORT}. Commands on stdin, one a line, answered on stdout:
 * <ul>
 *   <li>{@code http ID HOST PORT}: opens connection ID to an HTTP server, sends {@code GET /}, prints
 *       {@code http ID STATUS-LINE} once the whole response is read, then leaves the connection idle;</li>
 *   <li>{@code http ID}: one more {@code GET /} on the open connection ID.</li>
 * </ul>
 * A failure prints {@code error ID MESSAGE}. End of stdin (the test ended or died) ends the peer.
 */
public final class NetnsPeer {
    private static final Map<String, Socket> CONNECTIONS = new HashMap<>();

    private NetnsPeer() {
    }

    public static void main(String[] args) throws IOException {
        ServerSocket echo = new ServerSocket();
        echo.bind(new InetSocketAddress(InetAddress.getByName(args[0]), 0), 16);
        Thread.ofPlatform().daemon().start(() -> acceptEchoes(echo));
        System.out.println("listening " + echo.getLocalPort());
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = commands.readLine()) != null; ) {
            String[] words = line.trim().split(" ");
            if (words.length >= 2 && words[0].equals("http")) {
                http(words);
            } else if (!line.isBlank()) {
                System.out.println("error - unknown command: " + line);
            }
            System.out.flush();
        }
        System.exit(0);
    }

    private static void acceptEchoes(ServerSocket echo) {
        while (true) {
            try {
                Socket socket = echo.accept();
                Thread.ofPlatform().daemon().start(() -> echo(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the test is over with this connection
        }
    }

    private static void http(String[] words) {
        String id = words[1];
        try {
            Socket socket = CONNECTIONS.get(id);
            if (socket == null) {
                socket = new Socket();
                socket.connect(new InetSocketAddress(words[2], Integer.parseInt(words[3])), 5_000);
                CONNECTIONS.put(id, socket);
            }
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: peer\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            System.out.println("http " + id + " " + readResponse(socket.getInputStream()));
        } catch (IOException | RuntimeException e) {
            System.out.println("error " + id + " " + e);
        }
    }

    /** Reads one response with a Content-Length body; returns its status line. */
    private static String readResponse(InputStream in) throws IOException {
        String status = readLine(in);
        long length = 0;
        for (String header; !(header = readLine(in)).isEmpty(); ) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Long.parseLong(header.substring(colon + 1).trim());
            }
        }
        for (long i = 0; i < length; i++) {
            if (in.read() < 0) {
                throw new IOException("response body ended after " + i + " of " + length + " bytes");
            }
        }
        return status;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed in the response head after '" + sb + "'");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
