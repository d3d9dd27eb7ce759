package dev.keepalive.websocket.internal;

import dev.keepalive.websocket.HandshakeException;
import dev.keepalive.websocket.WebSocketOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The client's opening handshake (RFC 6455 §4.1): connects, sends the upgrade request, checks the
 * server's answer (101, {@code Upgrade}, {@code Connection}, {@code Sec-WebSocket-Accept}, a subprotocol
 * we offered, no extension we did not). All within {@link WebSocketOptions#connectTimeout()}: TCP
 * connect, the TLS handshake of {@code wss://} and the HTTP exchange share one deadline, each step
 * starting with what is left of it as its read timeout.
 */
public final class ClientHandshake {
    private static final SecureRandom KEYS = new SecureRandom();
    private static final int MAX_HEAD = 16 * 1024;

    /** A socket past the handshake, with the bytes that came right behind the server's head. */
    public record Opened(Socket socket, String subprotocol, byte[] early) {
    }

    private ClientHandshake() {
    }

    public static Opened open(URI uri, WebSocketOptions options) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean tls = scheme.equals("wss");
        if (!tls && !scheme.equals("ws")) {
            throw new IllegalArgumentException("URL scheme must be ws or wss: '" + uri + "'");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("URL has no host: '" + uri + "'");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        long deadline = System.nanoTime() + options.connectTimeout().toNanos();
        SocketChannel channel = SocketChannel.open();
        Socket socket = channel.socket();
        try {
            if (options.tcpKeepAlive() != null) {
                options.tcpKeepAlive().applyTo(channel);
            }
            socket.connect(new InetSocketAddress(host, port), millisLeft(deadline, uri));
            socket.setTcpNoDelay(true);
            if (tls) {
                socket = startTls(socket, uri, host, port, options, deadline);
            }
            socket.setSoTimeout(millisLeft(deadline, uri));
            byte[] keyBytes = new byte[16];
            KEYS.nextBytes(keyBytes);
            String key = Base64.getEncoder().encodeToString(keyBytes);
            OutputStream out = socket.getOutputStream();
            out.write(request(uri, host, port, tls, key, options.subprotocols()));
            out.flush();
            Opened opened = readAnswer(socket, key, options.subprotocols());
            socket.setSoTimeout(0);
            return opened;
        } catch (SocketTimeoutException e) {
            close(socket);
            throw new SocketTimeoutException("no WebSocket handshake with " + uri + " within "
                    + options.connectTimeout().toMillis() + " ms");
        } catch (IOException | RuntimeException e) {
            close(socket);
            throw e;
        }
    }

    /**
     * TLS over the connected TCP socket (which keeps its TCP keepalive settings): SNI for a host name (never
     * for an IP literal, RFC 6066 §3), the certificate checked against the host by the HTTPS rules
     * (RFC 2818 §3.1), and the handshake done here, inside the connect deadline, so that a refusal surfaces
     * as one clear error rather than on the first write.
     */
    private static SSLSocket startTls(Socket plain, URI uri, String host, int port, WebSocketOptions options,
                                      long deadline) throws IOException {
        SSLContext context;
        try {
            context = options.sslContext() != null ? options.sslContext() : SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException("no default TLS context", e);
        }
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(host)) {
            try {
                params.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException e) {
                // not a valid DNS name for SNI: the handshake goes without it, the name is still verified
            }
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(millisLeft(deadline, uri));
        try {
            ssl.startHandshake();
        } catch (SSLException e) {
            SSLHandshakeException refused = new SSLHandshakeException("TLS handshake with " + uri + " failed: "
                    + e.getMessage());
            refused.initCause(e);
            throw refused;
        }
        return ssl;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static int millisLeft(long deadline, URI uri) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("connect timeout to " + uri);
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    static byte[] request(URI uri, String host, int port, boolean tls, String key, List<String> subprotocols) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        boolean defaultPort = port == (tls ? 443 : 80);
        String hostHeader = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host)
                + (defaultPort ? "" : ":" + port);
        StringBuilder sb = new StringBuilder(256)
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (!subprotocols.isEmpty()) {
            sb.append("Sec-WebSocket-Protocol: ").append(String.join(", ", subprotocols)).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Opened readAnswer(Socket socket, String key, List<String> offered) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        int len = 0;
        int end;
        while ((end = headEnd(buf, len)) < 0) {
            if (len == buf.length) {
                if (len >= MAX_HEAD) {
                    throw new HandshakeException(0, "handshake answer head larger than " + MAX_HEAD + " bytes");
                }
                buf = Arrays.copyOf(buf, len * 2);
            }
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                throw new HandshakeException(0, "server closed the connection during the handshake");
            }
            len += n;
        }
        String[] lines = new String(buf, 0, end - 4, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine.length > 1 ? statusLine[1] : "");
        } catch (NumberFormatException e) {
            throw new HandshakeException(0, "not an HTTP answer: '" + lines[0] + "'");
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                names.add(lines[i].substring(0, colon).strip());
                values.add(lines[i].substring(colon + 1).strip());
            }
        }
        if (status != 101) {
            String version = header(names, values, "Sec-WebSocket-Version");
            throw new HandshakeException(status, "server answered '" + lines[0] + "'"
                    + (version.isEmpty() ? "" : " (Sec-WebSocket-Version: " + version + ")"));
        }
        if (!Handshake.hasToken(List.of(header(names, values, "Upgrade")), "websocket")) {
            throw new HandshakeException(status, "101 without Upgrade: websocket");
        }
        if (!Handshake.hasToken(List.of(header(names, values, "Connection")), "Upgrade")) {
            throw new HandshakeException(status, "101 without Connection: Upgrade");
        }
        String accept = header(names, values, "Sec-WebSocket-Accept");
        if (!accept.equals(Handshake.accept(key))) {
            throw new HandshakeException(status, "wrong Sec-WebSocket-Accept: '" + accept + "'");
        }
        String protocol = header(names, values, "Sec-WebSocket-Protocol");
        if (!protocol.isEmpty() && !offered.contains(protocol)) {
            throw new HandshakeException(status, "server chose a subprotocol we did not offer: '" + protocol + "'");
        }
        String extensions = header(names, values, "Sec-WebSocket-Extensions");
        if (!extensions.isEmpty()) {
            throw new HandshakeException(status, "server chose an extension we did not offer: '" + extensions + "'");
        }
        return new Opened(socket, protocol.isEmpty() ? null : protocol, Arrays.copyOfRange(buf, end, len));
    }

    private static int headEnd(byte[] b, int len) {
        for (int i = 3; i < len; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static String header(List<String> names, List<String> values, String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                sb.append(sb.isEmpty() ? "" : ", ").append(values.get(i));
            }
        }
        return sb.toString();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // failing anyway
        }
    }
}
