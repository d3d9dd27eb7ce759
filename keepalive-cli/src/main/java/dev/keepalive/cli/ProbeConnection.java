package dev.keepalive.cli;

import dev.keepalive.core.Ticker;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One raw HTTP/1.x connection of {@code kal probe}. The pooled {@code HttpClient} hides its connections
 * (which one carried a request, when the server's FIN arrived); a probe needs exactly that, so it speaks
 * the protocol itself: one request at a time, every response read to its end, every moment timed.
 *
 * <pre>
 *   open --exchange--> IDLE --exchange--> IDLE ... --pollClose sees FIN/RST/bytes, or exchange fails--> done
 * </pre>
 */
final class ProbeConnection implements Closeable {
    private static final int MAX_HEAD = 64 * 1024;
    private static final String USER_AGENT = "kal-probe/" + Kal.Version.projectVersion();

    private final ProbeTarget target;
    private final Ticker ticker;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int timeoutMillis;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int lim;
    private int exchanges;
    /** Nanoseconds of the TCP connect and of the TLS handshake (0 for http). */
    final long connectNanos;
    final long tlsNanos;

    private ProbeConnection(ProbeTarget target, Ticker ticker, Socket socket, int timeoutMillis,
                            long connectNanos, long tlsNanos) throws IOException {
        this.target = target;
        this.ticker = ticker;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.timeoutMillis = timeoutMillis;
        this.connectNanos = connectNanos;
        this.tlsNanos = tlsNanos;
    }

    /**
     * Connects (and shakes hands, for https).
     *
     * @param tls the TLS context for https, unused for http
     */
    static ProbeConnection open(ProbeTarget target, SSLContext tls, Duration timeout, Ticker ticker,
                                boolean verifyHostname) throws IOException {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        long t0 = ticker.nanoTime();
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(target.host(), target.port()), millis);
            long connected = ticker.nanoTime();
            plain.setSoTimeout(millis);
            if (!target.tls()) {
                return new ProbeConnection(target, ticker, plain, millis, connected - t0, 0);
            }
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, target.host(), target.port(), true);
            SSLParameters parameters = ssl.getSSLParameters();
            if (verifyHostname) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (!isIpLiteral(target.host())) {
                parameters.setServerNames(List.of(new SNIHostName(target.host())));
            }
            ssl.setSSLParameters(parameters);
            ssl.startHandshake();
            return new ProbeConnection(target, ticker, ssl, millis, connected - t0, ticker.nanoTime() - connected);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** Requests served on this connection so far. */
    int exchanges() {
        return exchanges;
    }

    /**
     * Sends {@code GET target} and reads the whole response.
     *
     * @param http10     send {@code HTTP/1.0} instead of {@code HTTP/1.1}
     * @param connection value of a {@code Connection} header, or null for none
     * @throws NoResponseException when the connection ends before the first response byte
     * @throws NotHttpException    when the answer is not an HTTP/1.x response
     */
    ProbeResponse exchange(boolean http10, String connection) throws IOException {
        StringBuilder head = new StringBuilder(128)
                .append("GET ").append(target.requestTarget()).append(http10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n")
                .append("Host: ").append(target.hostHeader()).append("\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n")
                .append("Accept: */*\r\n");
        if (connection != null) {
            head.append("Connection: ").append(connection).append("\r\n");
        }
        head.append("\r\n");
        socket.setSoTimeout(timeoutMillis);
        long start = ticker.nanoTime();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        ProbeResponse r = readResponse(http10, start);
        exchanges++;
        return r;
    }

    private ProbeResponse readResponse(boolean http10, long start) throws IOException {
        while (true) {
            if (pos == lim && fill() < 0) {
                throw new NoResponseException("connection closed before any response byte");
            }
            if (!startsLikeHttp()) {
                if (lim - pos >= 2 && (buf[pos] == 0x15 || buf[pos] == 0x16) && buf[pos + 1] == 0x03) {
                    // a TLS record (alert or handshake): RFC 8446 §5.1
                    throw new NotHttpException("answered in TLS (an https:// port?)");
                }
                throw new NotHttpException("answered '" + printable(firstLine(buf, pos, lim)) + "'");
            }
            String statusLine = readLine(0);
            if (statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new NotHttpException("malformed status line '" + printable(statusLine) + "'");
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new NotHttpException("malformed status line '" + printable(statusLine) + "'");
            }
            List<String> names = new ArrayList<>(8);
            List<String> values = new ArrayList<>(8);
            int total = statusLine.length();
            for (String line = readLine(total); !line.isEmpty(); line = readLine(total)) {
                total += line.length() + 2;
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new NotHttpException("malformed header '" + printable(line) + "'");
                }
                names.add(line.substring(0, colon).strip());
                values.add(line.substring(colon + 1).strip());
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue; // interim response (RFC 9110 §15.2)
            }
            ProbeResponse head = new ProbeResponse(http10, statusLine.substring(0, 8), status,
                    statusLine.length() > 13 ? statusLine.substring(13) : "", names, values, false, 0, start, 0);
            long body;
            boolean closeDelimited = false;
            if (status == 204 || status == 304 || status == 101) {
                body = 0;
            } else if (head.header("Transfer-Encoding") != null) {
                if (!head.hasToken("Transfer-Encoding", "chunked")) {
                    throw new IOException("unsupported transfer coding: " + head.header("Transfer-Encoding"));
                }
                body = skipChunked();
            } else if (head.header("Content-Length") != null) {
                long length;
                try {
                    length = Long.parseLong(head.header("Content-Length").split(",")[0].strip());
                } catch (NumberFormatException e) {
                    throw new IOException("malformed Content-Length: " + head.header("Content-Length"));
                }
                skip(length);
                body = length;
            } else {
                body = skipToEnd(); // RFC 9112 §6.3: the connection's end ends the body
                closeDelimited = true;
            }
            return new ProbeResponse(http10, head.version(), status, head.reason(), names, values, closeDelimited,
                    body, start, ticker.nanoTime());
        }
    }

    private boolean startsLikeHttp() throws IOException {
        byte[] prefix = {'H', 'T', 'T', 'P', '/', '1', '.'};
        for (int i = 0; i < prefix.length; i++) {
            if (pos + i == lim && !fillMore()) {
                return false;
            }
            if (buf[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Appends more bytes after the unread ones; false at the end of the stream. */
    private boolean fillMore() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n > 0) {
            lim += n;
        }
        return n > 0;
    }

    private long skipChunked() throws IOException {
        long total = 0;
        while (true) {
            String line = readLine(MAX_HEAD - 4096);
            int semicolon = line.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon >= 0 ? line.substring(0, semicolon) : line).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size: " + printable(line));
            }
            if (size == 0) {
                while (!readLine(MAX_HEAD - 4096).isEmpty()) {
                    // trailer fields: not needed
                }
                return total;
            }
            skip(size);
            total += size;
            if (!readLine(MAX_HEAD - 4096).isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == lim && fill() < 0) {
                throw new EOFException("connection closed in the middle of a response body");
            }
            int k = (int) Math.min(n, lim - pos);
            pos += k;
            n -= k;
        }
    }

    private long skipToEnd() throws IOException {
        long total = lim - pos;
        pos = lim;
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            total += n;
        }
        pos = 0;
        lim = 0;
        return total;
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
                throw new NotHttpException("response head larger than " + MAX_HEAD + " bytes");
            }
        }
    }

    private int fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        pos = 0;
        lim = Math.max(n, 0);
        return n;
    }

    /**
     * Waits up to {@code waitNanos} for the server to end this idle connection. Returns null when
     * nothing happened; otherwise what ended it: FIN, RST (or another read error), or bytes nobody asked
     * for (some servers send a 408 before closing an idle connection).
     */
    Signal pollClose(long waitNanos) {
        if (pos < lim) {
            return new Signal(Signal.Kind.DATA, ticker.nanoTime(), printable(firstLine(buf, pos, lim)));
        }
        try {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (waitNanos + 999_999) / 1_000_000)));
            int n = in.read(buf, 0, buf.length);
            long now = ticker.nanoTime();
            if (n < 0) {
                return new Signal(Signal.Kind.FIN, now, null);
            }
            pos = 0;
            lim = n;
            return new Signal(Signal.Kind.DATA, now, printable(firstLine(buf, 0, n)));
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return new Signal(Signal.Kind.RST, ticker.nanoTime(), Problems.oneLine(e));
        }
    }

    private static String firstLine(byte[] b, int from, int to) {
        int end = from;
        while (end < to && end - from < 60 && b[end] != '\r' && b[end] != '\n') {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.ISO_8859_1);
    }

    /** {@code s} with control and non-ASCII characters as {@code ?}, at most 60 characters. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 61));
        for (int i = 0; i < s.length() && i < 60; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 60 ? sb.append('…').toString() : sb.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** How an idle connection ended, and when (ticker nanoseconds). */
    record Signal(Kind kind, long atNanos, String detail) {
        enum Kind { FIN, RST, DATA }
    }

    /** The connection ended before the first byte of a response. */
    static final class NoResponseException extends IOException {
        NoResponseException(String message) {
            super(message);
        }
    }

    /** The peer answered, but not in HTTP/1.x. */
    static final class NotHttpException extends IOException {
        NotHttpException(String message) {
            super(message);
        }
    }
}
