package dev.keepalive.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One client connection: a blocking socket (virtual threads park on it), a read buffer, and what the
 * server said about keeping it: its idle TTL and how many requests it may still carry.
 *
 * <pre>
 *   (connect) -> BUSY --response read, reusable--> IDLE (in pool) --acquire, not stale--> BUSY
 *                  \--not reusable, error, body left unread--> CLOSED <--TTL, FIN/RST seen, over maxIdle--/
 * </pre>
 */
final class ClientConnection {
    private static final int MAX_HEAD = 64 * 1024;

    final long id;
    final Route route;
    final long createdAt;
    private final SocketChannel channel;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int lim;
    private boolean responseStarted;
    final long tlsHandshakeNanos;

    // pool bookkeeping
    long idleSince;
    long ttlNanos;
    int requests;
    int remainingRequests = -1; // from Keep-Alive: max=, -1 unknown

    private ClientConnection(long id, Route route, SocketChannel channel, Socket socket, long createdAt,
                             long tlsHandshakeNanos) throws IOException {
        this.id = id;
        this.route = route;
        this.channel = channel;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.createdAt = createdAt;
        this.tlsHandshakeNanos = tlsHandshakeNanos;
    }

    static ClientConnection open(long id, Route route, ClientOptions options) throws IOException {
        long start = options.ticker().nanoTime();
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (options.tcpKeepAlive() != null) {
                options.tcpKeepAlive().applyTo(channel);
            }
            Socket plain = channel.socket();
            InetAddress address = InetAddress.getByName(route.host());
            plain.connect(new InetSocketAddress(address, route.port()), (int) options.connectTimeout().toMillis());
            plain.setSoTimeout((int) options.readTimeout().toMillis());
            Socket socket = plain;
            long tls = 0;
            if (route.isTls()) {
                long t0 = options.ticker().nanoTime();
                socket = handshake(plain, route, options);
                tls = options.ticker().nanoTime() - t0;
            }
            return new ClientConnection(id, route, channel, socket, start, tls);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Socket handshake(Socket plain, Route route, ClientOptions options) throws IOException {
        SSLContext context;
        try {
            context = options.sslContext() != null ? options.sslContext() : SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException("no default TLS context", e);
        }
        // one SSLContext per client: its session cache gives resumption on new connections
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, route.host(), route.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(route.host())) {
            parameters.setServerNames(List.of(new SNIHostName(route.host())));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout((int) options.connectTimeout().toMillis());
        ssl.startHandshake();
        ssl.setSoTimeout((int) options.readTimeout().toMillis());
        return ssl;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /**
     * Whether the server has closed or reset this idle connection, or sent something unasked: a
     * non-blocking one-byte read that costs three system calls, no waiting.
     */
    boolean isStale() {
        if (pos < lim) {
            return true;
        }
        try {
            channel.configureBlocking(false);
            try {
                return channel.read(ByteBuffer.allocate(1)) != 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    void writeRequest(ClientRequest request) throws IOException {
        responseStarted = false;
        StringBuilder head = new StringBuilder(128);
        String target = request.uri().getRawPath();
        if (target == null || target.isEmpty()) {
            target = "/";
        }
        if (request.uri().getRawQuery() != null) {
            target += "?" + request.uri().getRawQuery();
        }
        head.append(request.method()).append(' ').append(target)
                .append(request.isHttp10() ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
        head.append("Host: ").append(route.hostHeader()).append("\r\n");
        List<String> headers = request.headerList();
        for (int i = 0; i < headers.size(); i += 2) {
            String name = headers.get(i);
            if (name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Content-Length")) {
                continue;
            }
            head.append(name).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        if (request.isHttp10() && request.header("Connection") == null) {
            head.append("Connection: keep-alive\r\n");
        }
        byte[] body = request.body();
        if (body != null || request.method().equals("POST") || request.method().equals("PUT")) {
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null || body.length == 0) {
            out.write(headBytes);
        } else if (body.length <= 16 * 1024) {
            byte[] all = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            out.write(all); // one segment: no Nagle-style wait between head and body
        } else {
            out.write(headBytes);
            out.write(body);
        }
        out.flush();
    }

    /** A response head: status, version and headers (names as sent). */
    record Head(String version, int status, String reason, List<String> names, List<String> values) {
        String header(String name) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(name)) {
                    return values.get(i);
                }
            }
            return null;
        }

        boolean hasToken(String name, String token) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(name)) {
                    for (String t : values.get(i).split(",")) {
                        if (t.trim().equalsIgnoreCase(token)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }

    /**
     * Reads a final response head, skipping 1xx interim responses. Throws {@link NoResponseException}
     * when the connection ends before the first byte: the one failure a retry may safely repeat.
     */
    Head readHead() throws IOException {
        while (true) {
            if (pos == lim && fill() < 0) {
                throw new NoResponseException("connection closed before any response byte");
            }
            String statusLine = readLine(0);
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new IOException("not an HTTP/1.x response: " + abbreviate(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("malformed status line: " + abbreviate(statusLine));
            }
            String version = statusLine.substring(0, 8);
            String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
            List<String> names = new ArrayList<>(8);
            List<String> values = new ArrayList<>(8);
            int total = statusLine.length();
            while (true) {
                String line = readLine(total);
                total += line.length() + 2;
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed response header: " + abbreviate(line));
                }
                names.add(line.substring(0, colon).trim());
                values.add(line.substring(colon + 1).trim());
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue; // interim response (RFC 9110 §15.2)
            }
            return new Head(version, status, reason, names, values);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private String readLine(int soFar) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (pos == lim && fill() < 0) {
                throw new EOFException("connection closed in the middle of a response head");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            line.append((char) (b & 0xff));
            if (soFar + line.length() > MAX_HEAD) {
                throw new IOException("response head larger than " + MAX_HEAD + " bytes");
            }
        }
    }

    /** Whether any byte of the current exchange's response has arrived (then a retry is unsafe). */
    boolean responseStarted() {
        return responseStarted;
    }

    private int fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n > 0) {
            responseStarted = true;
        }
        pos = 0;
        lim = Math.max(n, 0);
        return n;
    }

    /** Reads up to {@code len} body bytes from the buffer or the socket; -1 at end of stream. */
    int read(byte[] b, int off, int len) throws IOException {
        if (pos == lim) {
            if (len >= buf.length) {
                return in.read(b, off, len); // large reads skip the copy
            }
            if (fill() < 0) {
                return -1;
            }
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    int readByte() throws IOException {
        if (pos == lim && fill() < 0) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    /** Reads a chunk-size or trailer line of the chunked coding. */
    String readChunkLine() throws IOException {
        return readLine(MAX_HEAD - 4096);
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Parses {@code timeout=N, max=M} of a Keep-Alive header; absent values are -1. */
    static long[] parseKeepAlive(String value) {
        long timeout = -1;
        long max = -1;
        if (value != null) {
            for (String part : value.split(",")) {
                String p = part.trim().toLowerCase(Locale.ROOT);
                try {
                    if (p.startsWith("timeout=")) {
                        timeout = Long.parseLong(p.substring(8).trim());
                    } else if (p.startsWith("max=")) {
                        max = Long.parseLong(p.substring(4).trim());
                    }
                } catch (NumberFormatException ignored) {
                    // a malformed parameter is ignored, as if absent
                }
            }
        }
        return new long[] {timeout, max};
    }

    /** The connection ended before the first response byte: nothing was processed, a retry is safe. */
    static final class NoResponseException extends IOException {
        NoResponseException(String message) {
            super(message);
        }
    }
}
