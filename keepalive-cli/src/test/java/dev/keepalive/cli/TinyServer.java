package dev.keepalive.cli;

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
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A raw-socket HTTP/1.1 server that misbehaves on purpose, for {@code kal probe} tests: it can advertise
 * one {@code Keep-Alive} and enforce another, end idle connections by FIN, RST, a 408 or by going deaf
 * (no FIN, no answer: a silent drop), close after N requests with or without saying so, or greet like a
 * non-HTTP server.
 */
final class TinyServer implements AutoCloseable {
    /** How an idle connection ends once {@link #idleClose} has passed. */
    enum IdleEnd { FIN, RST, RESPONSE_408, SILENT }

    private Integer advertiseTimeout;
    private Integer advertiseMax;
    private Duration idleClose;
    private IdleEnd idleEnd = IdleEnd.FIN;
    private int maxRequests;
    private boolean announceLast = true;
    private String banner;

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    TinyServer() throws IOException {
        this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** Serves on {@code server}, e.g. an {@code SSLServerSocket} for https. */
    TinyServer(ServerSocket server) {
        this.server = server;
    }

    /** Sends {@code Keep-Alive: timeout=<seconds>} on persistent responses. */
    TinyServer advertiseTimeout(int seconds) {
        advertiseTimeout = seconds;
        return this;
    }

    /** Sends {@code max=<requests - served>} in Keep-Alive (Apache's meaning: requests left after this one). */
    TinyServer advertiseMax(int requests) {
        advertiseMax = requests;
        return this;
    }

    TinyServer idleClose(Duration after, IdleEnd how) {
        idleClose = after;
        idleEnd = how;
        return this;
    }

    /** Ends a connection after {@code n} responses; the last says Connection: close when {@code announce}. */
    TinyServer maxRequests(int n, boolean announce) {
        maxRequests = n;
        announceLast = announce;
        return this;
    }

    /** Greets with {@code line} on connect and answers nothing else, like a non-HTTP server. */
    TinyServer banner(String line) {
        banner = line;
        return this;
    }

    TinyServer start() {
        Thread.ofVirtual().start(() -> {
            while (!closed) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
        return this;
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return (server instanceof javax.net.ssl.SSLServerSocket ? "https" : "http") + "://127.0.0.1:" + port() + "/";
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            if (banner != null) {
                out.write((banner + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.read(); // wait for the client to give up
                return;
            }
            s.setSoTimeout(idleClose == null ? 0 : (int) idleClose.toMillis());
            int served = 0;
            while (true) {
                String head;
                try {
                    head = readHead(in);
                } catch (SocketTimeoutException e) {
                    endIdle(s, in, out);
                    return;
                }
                if (head == null) {
                    return;
                }
                served++;
                boolean http10 = head.lines().findFirst().orElse("").endsWith("HTTP/1.0");
                boolean asksKeepAlive = head.toLowerCase(Locale.ROOT).contains("\nconnection: keep-alive");
                boolean last = maxRequests > 0 && served >= maxRequests;
                boolean keep = !last && (!http10 || asksKeepAlive);
                StringBuilder r = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")
                        .append("Content-Length: 3\r\n");
                if (keep && http10) {
                    r.append("Connection: keep-alive\r\n");
                }
                if (!keep && (announceLast || !last)) {
                    r.append("Connection: close\r\n");
                }
                if (keep && (advertiseTimeout != null || advertiseMax != null)) {
                    r.append("Keep-Alive: ");
                    if (advertiseTimeout != null) {
                        r.append("timeout=").append(advertiseTimeout).append(advertiseMax != null ? ", " : "");
                    }
                    if (advertiseMax != null) {
                        r.append("max=").append(Math.max(0, advertiseMax - served));
                    }
                    r.append("\r\n");
                }
                out.write(r.append("\r\nok\n").toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (!keep) {
                    s.shutdownOutput();
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to serve
        } finally {
            open.remove(s);
        }
    }

    private void endIdle(Socket s, InputStream in, OutputStream out) throws IOException {
        switch (idleEnd) {
            case FIN -> s.shutdownOutput();
            case RST -> s.setSoLinger(true, 0);
            case RESPONSE_408 -> {
                out.write("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                s.shutdownOutput();
            }
            case SILENT -> {
                // deaf from now on: reads and discards, never answers, never closes (until the test ends)
                s.setSoTimeout(0);
                byte[] sink = new byte[4096];
                while (in.read(sink) >= 0) {
                    // discard
                }
            }
        }
    }

    /** The request head up to the blank line, or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            b.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return b.toString(StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
