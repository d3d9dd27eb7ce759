package dev.keepalive.http;

import dev.keepalive.core.RealTime;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Function;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A raw-socket HTTP/1.1 server on a loopback port that misbehaves on purpose, the way real servers and
 * proxies do: it closes idle connections without having said so, closes after N requests without
 * {@code Connection: close}, resets connections, answers as HTTP/1.0, advertises {@code Keep-Alive}
 * parameters it does not enforce, and frames bodies chunked (with trailers) or by closing.
 *
 * <p>A virtual thread per connection. When it ends a connection with a FIN it only half-closes and
 * keeps reading, so it can tell whether the client wrote anything on a connection it had already
 * closed: {@link #lateBytes()} must stay 0 for a well-behaved client. It counts connections and the
 * requests on each, so tests assert reuse by numbers.
 */
final class MisbehavingServer implements AutoCloseable {
    /** How the server ends a connection: a FIN (half-close, then watch for late bytes) or an RST. */
    enum End { FIN, RST }

    /** How response bodies are delimited. */
    enum Framing { LENGTH, CHUNKED, CLOSE }

    /** One request as the server saw it; numbers are 1-based. */
    record Exchange(int connection, int request, String method, String target, Map<String, String> headers) {
    }

    /** What the server saw of one connection. */
    static final class Conn {
        final int number;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicLong lateBytes = new AtomicLong();
        final long acceptedAtMillis = System.currentTimeMillis();
        volatile boolean ended;
        volatile End endedWith;
        volatile List<SNIServerName> serverNames = List.of();
        volatile String sessionId = "";
        volatile long sessionCreated;
        volatile String protocol = "";
        volatile String late = "";
        volatile String failure;
        volatile Socket socket;

        Conn(int number) {
            this.number = number;
        }
    }

    private final Builder config;
    private final ServerSocket listener;
    private final List<Conn> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger ends = new AtomicInteger();
    private volatile boolean closed;

    private MisbehavingServer(Builder config) throws IOException {
        this.config = config;
        this.listener = config.tls != null
                ? config.tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        if (config.tlsProtocols != null) {
            ((SSLServerSocket) listener).setEnabledProtocols(config.tlsProtocols);
        }
        Thread.ofVirtual().name("misbehaving-accept").start(this::acceptLoop);
    }

    static Builder builder() {
        return new Builder();
    }

    int port() {
        return listener.getLocalPort();
    }

    String url(String path) {
        return (config.tls != null ? "https" : "http") + "://127.0.0.1:" + port() + path;
    }

    /** Connections accepted so far. */
    int accepted() {
        return connections.size();
    }

    /** Requests received on each connection, in accept order. */
    List<Integer> requestsPerConnection() {
        List<Integer> counts = new ArrayList<>();
        for (Conn c : connections) {
            counts.add(c.requests.get());
        }
        return counts;
    }

    int totalRequests() {
        int sum = 0;
        for (Conn c : connections) {
            sum += c.requests.get();
        }
        return sum;
    }

    /** Bytes that arrived on connections after the server had sent its FIN: a client that wrote on a closed connection. */
    long lateBytes() {
        long sum = 0;
        for (Conn c : connections) {
            sum += c.lateBytes.get();
        }
        return sum;
    }

    /** What arrived late, for assertion messages. */
    String lateText() {
        StringBuilder sb = new StringBuilder();
        for (Conn c : connections) {
            if (c.lateBytes.get() > 0) {
                sb.append("connection ").append(c.number).append(": ").append(c.late).append('\n');
            }
        }
        return sb.toString();
    }

    /** Connections the server ended itself (FIN or RST). */
    int ends() {
        return ends.get();
    }

    Conn connection(int number) {
        return connections.get(number - 1);
    }

    /** Waits up to {@code millis} until the server has ended at least {@code n} connections. */
    boolean awaitEnds(int n, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (ends.get() < n) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
        // the FIN or RST is on its way over loopback: give the client's kernel a moment to take it in
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Conn conn;
            synchronized (connections) {
                conn = new Conn(connections.size() + 1);
                connections.add(conn);
            }
            conn.socket = socket;
            Thread.ofVirtual().name("misbehaving-" + conn.number).start(() -> serve(socket, conn));
        }
    }

    private void serve(Socket socket, Conn conn) {
        try (socket) {
            socket.setTcpNoDelay(true);
            if (socket instanceof SSLSocket ssl) {
                ssl.startHandshake();
                SSLSession session = ssl.getSession();
                conn.sessionId = HexFormat.of().formatHex(session.getId());
                conn.sessionCreated = session.getCreationTime();
                conn.protocol = session.getProtocol();
                if (session instanceof ExtendedSSLSession extended) {
                    conn.serverNames = List.copyOf(extended.getRequestedServerNames());
                }
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                socket.setSoTimeout(config.idleClose == null ? 0 : (int) config.idleClose.toMillis());
                int first;
                try {
                    first = in.read();
                } catch (SocketTimeoutException e) {
                    end(socket, in, conn, config.idleEnd); // idle too long: close without having said so
                    return;
                }
                if (first < 0) {
                    return; // the client closed first
                }
                socket.setSoTimeout(5_000);
                Exchange exchange = readRequest(first, in, conn);
                int n = conn.requests.incrementAndGet();
                if (config.reset.test(conn.number, n)) {
                    end(socket, in, conn, End.RST); // took the request, answers nothing
                    return;
                }
                byte[] response = response(exchange);
                if (config.cut.test(conn.number, n)) {
                    // a response that starts and then breaks: the request may have had effects
                    out.write(response, 0, Math.min(config.cutBytes, response.length));
                    out.flush();
                    RealTime.sleep(50, "let the client read those bytes before the reset");
                    end(socket, in, conn, End.RST);
                    return;
                }
                out.write(response);
                out.flush();
                if (config.framing == Framing.CLOSE && !exchange.method().equals("HEAD")) {
                    end(socket, in, conn, End.FIN); // the FIN is the end of the body
                    return;
                }
                if (n == config.closeAfter) {
                    end(socket, in, conn, config.closeAfterEnd);
                    return;
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            conn.failure = e.toString(); // the client went away, failed a handshake, or the test closed us
        }
    }

    private static Exchange readRequest(int first, InputStream in, Conn conn) throws IOException {
        String requestLine = (char) first + line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = line(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        if (length != null) {
            in.readNBytes(Integer.parseInt(length));
        }
        String[] parts = requestLine.split(" ");
        return new Exchange(conn.number, conn.requests.get() + 1, parts[0], parts[1], headers);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed inside a request head");
            }
            bytes.write(b);
        }
        String s = bytes.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private byte[] response(Exchange exchange) {
        byte[] body = config.body.apply(exchange).getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.method().equals("HEAD");
        boolean bodiless = config.status == 204 || config.status == 304;
        StringBuilder sb = new StringBuilder();
        for (String interim : config.interims) {
            sb.append(interim).append("\r\n\r\n");
        }
        sb.append(config.version).append(' ').append(config.status).append(' ').append(reason(config.status)).append("\r\n");
        for (String h : config.headers) {
            sb.append(h).append("\r\n");
        }
        if (exchange.request() == 1) {
            for (String h : config.firstHeaders) {
                sb.append(h).append("\r\n");
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (bodiless) {
            sb.append("\r\n");
            bytes.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            return bytes.toByteArray();
        }
        switch (config.framing) {
            case LENGTH -> {
                sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
                bytes.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (!head) {
                    bytes.writeBytes(body);
                }
            }
            case CHUNKED -> {
                sb.append("Transfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n");
                bytes.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (!head) {
                    int half = body.length / 2;
                    // two chunks, one with a chunk extension, then a trailer section (RFC 9112 §7.1)
                    bytes.writeBytes((Integer.toHexString(half) + ";note=first\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    bytes.write(body, 0, half);
                    bytes.writeBytes(("\r\n" + Integer.toHexString(body.length - half) + "\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    bytes.write(body, half, body.length - half);
                    bytes.writeBytes("\r\n0\r\nX-Checksum: 42\r\nX-Other: yes\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            case CLOSE -> {
                sb.append("\r\n");
                bytes.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (!head) {
                    bytes.writeBytes(body);
                }
            }
        }
        return bytes.toByteArray();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            default -> "Whatever";
        };
    }

    /**
     * RST: linger 0 and close. FIN: half-close, then keep reading for a while, counting every byte the
     * client still sends on a connection it has been told is closed.
     */
    private void end(Socket socket, InputStream in, Conn conn, End how) throws IOException {
        conn.ended = true;
        conn.endedWith = how;
        if (how == End.RST) {
            socket.setSoLinger(true, 0);
            socket.close();
            ends.incrementAndGet();
            return;
        }
        socket.shutdownOutput();
        ends.incrementAndGet();
        socket.setSoTimeout(50);
        long deadline = System.nanoTime() + 10_000_000_000L;
        ByteArrayOutputStream late = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        while (!closed && System.nanoTime() - deadline < 0) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                break;
            }
            if (n < 0) {
                break; // the client closed its side too: the clean end
            }
            conn.lateBytes.addAndGet(n);
            if (late.size() < 200) {
                late.write(buf, 0, Math.min(n, 200));
                conn.late = late.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Conn c : connections) {
            try {
                if (c.socket != null) {
                    c.socket.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Settings; defaults: HTTP/1.1, 200, Content-Length, body "hello\n", never closes on its own. */
    static final class Builder {
        private String version = "HTTP/1.1";
        private int status = 200;
        private final List<String> headers = new ArrayList<>();
        private final List<String> firstHeaders = new ArrayList<>();
        private final List<String> interims = new ArrayList<>();
        private Framing framing = Framing.LENGTH;
        private Function<Exchange, String> body = e -> "hello\n";
        private Duration idleClose;
        private End idleEnd = End.FIN;
        private int closeAfter;
        private End closeAfterEnd = End.FIN;
        private BiPredicate<Integer, Integer> reset = (c, r) -> false;
        private BiPredicate<Integer, Integer> cut = (c, r) -> false;
        private int cutBytes;
        private SSLContext tls;
        private String[] tlsProtocols;

        /** Status line version, e.g. {@code HTTP/1.0}. */
        Builder version(String v) { version = v; return this; }
        Builder status(int v) { status = v; return this; }
        /** A raw header line sent on every response, e.g. {@code Keep-Alive: timeout=3, max=2}. */
        Builder header(String line) { headers.add(line); return this; }
        /** A raw header line sent only on the first response of each connection. */
        Builder firstResponseHeader(String line) { firstHeaders.add(line); return this; }
        /** An interim (1xx) response head sent before every final response, without its blank line. */
        Builder interim(String head) { interims.add(head); return this; }
        Builder framing(Framing v) { framing = v; return this; }
        Builder body(Function<Exchange, String> v) { body = v; return this; }
        /** Ends a connection that waits this long for its next request; it never says so in advance. */
        Builder idleClose(Duration after, End how) { idleClose = after; idleEnd = how; return this; }
        /** Ends a connection right after its {@code n}-th response, without {@code Connection: close}. */
        Builder closeAfter(int n, End how) { closeAfter = n; closeAfterEnd = how; return this; }
        /** Reads the {@code n}-th request on each connection, then resets it without answering. */
        Builder resetOnRequest(int n) { reset = (c, r) -> r == n; return this; }
        /** Resets instead of answering when {@code test(connection, request)} holds (1-based numbers). */
        Builder resetWhen(BiPredicate<Integer, Integer> test) { reset = test; return this; }
        /** Sends only the first {@code bytes} of the response, then resets, when {@code test(connection, request)}. */
        Builder cutWhen(BiPredicate<Integer, Integer> test, int bytes) {
            cut = test;
            cutBytes = bytes;
            return this;
        }
        /** Speaks TLS with this context (server side). */
        Builder tls(SSLContext v) { tls = v; return this; }
        /** Restricts the TLS versions, e.g. {@code TLSv1.2}. */
        Builder tlsProtocols(String... v) { tlsProtocols = v; return this; }

        MisbehavingServer start() throws IOException {
            return new MisbehavingServer(this);
        }
    }
}
