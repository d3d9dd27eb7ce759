package dev.keepalive.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One client connection speaking raw HTTP/1.1, so tests see exactly the bytes on the wire. */
final class RawHttp implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(15_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends {@code head} (LF line ends become CRLF) followed by {@code body}. */
    RawHttp send(String head, byte[] body) throws IOException {
        out.write(head.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        return this;
    }

    RawHttp send(String head) throws IOException {
        return send(head, new byte[0]);
    }

    /** {@code GET target} with a Host header, then its reply. */
    Reply get(String target) throws IOException {
        send("GET " + target + " HTTP/1.1\nHost: test\n\n");
        return read();
    }

    /** Reads one response, framed by Content-Length or chunked coding. */
    Reply read() throws IOException {
        String statusLine = line();
        List<String> headers = new ArrayList<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            headers.add(h);
        }
        Reply head = new Reply(statusLine, headers, new byte[0]);
        byte[] body;
        if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
                    size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
                b.write(in.readNBytes(size));
                if (!line().isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
            while (!line().isEmpty()) {
                // trailers: none expected, skipped
            }
            body = b.toByteArray();
        } else {
            String length = head.header("Content-Length");
            body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        }
        return new Reply(statusLine, headers, body);
    }

    /** Whether the server closed the connection (EOF) rather than sending more bytes. */
    boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new EOFException("connection closed after '" + sb + "'");
            }
            sb.append((char) c);
        }
        int end = sb.length();
        return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Reply(String statusLine, List<String> headers, byte[] body) {
        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        /** The first value of header {@code name}, any case, or null. */
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String h : headers) {
                if (h.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return h.substring(prefix.length()).strip();
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
