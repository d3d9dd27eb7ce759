package dev.keepalive.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Opens N keep-alive connections to an HTTP server, sends one {@code GET} on each and reads the
 * whole response, then holds them idle so that a script can measure what idle connections cost the
 * server. On request, as often as asked, it sends one more {@code GET} on every held connection: that
 * proves the server kept them open and usable while it was measured, and lets a script measure
 * again after the server has seen each connection reused.
 *
 * <p>Driven through stdin/stdout, one line each, so a shell script can run it as a coprocess:
 * <pre>
 *   java -cp ... dev.keepalive.bench.IdleConnections --port 8080 [--host 127.0.0.1]
 *        [--connections 10000] [--concurrency 256] [--timeout-ms 10000] [--path /]
 *   stdout: READY opened=9998 failed=2 ms=1830
 *   stdin:  verify   stdout: VERIFIED ok=9998 failed=0 ms=950
 *   stdin:  close    stdout: CLOSED        (end of stdin closes too)
 * </pre>
 * Failures are counted, never hidden; their distinct causes go to stderr with counts.
 *
 * <p>Each connection is a plain blocking {@link Socket} driven by a virtual thread while it talks;
 * nothing runs while the connections are held. {@code --concurrency} bounds the connects and
 * exchanges in flight so that the server's accept queue is not flooded (a dropped SYN costs the
 * client a one-second retransmission, not a failure).
 */
public final class IdleConnections implements AutoCloseable {
    private static final int MAX_HEAD = 16 * 1024;

    private final InetSocketAddress address;
    private final byte[] request;
    private final int concurrency;
    private final int timeoutMillis;
    private final List<Socket> held = new ArrayList<>();

    /** What one phase did: how many connections succeeded and why the others failed. */
    public record Outcome(int ok, int failed, long millis, Map<String, Integer> causes) {
    }

    public IdleConnections(InetSocketAddress address, String path, int concurrency, int timeoutMillis) {
        this.address = address;
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.concurrency = concurrency;
        this.timeoutMillis = timeoutMillis;
    }

    /** Opens {@code count} connections, each after one complete request/response exchange. */
    public Outcome open(int count) throws InterruptedException {
        long start = System.nanoTime();
        Semaphore inFlight = new Semaphore(concurrency);
        List<Future<Socket>> futures = new ArrayList<>(count);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                futures.add(executor.submit(() -> {
                    inFlight.acquire();
                    Socket socket = new Socket();
                    try {
                        socket.setTcpNoDelay(true);
                        socket.connect(address, timeoutMillis);
                        socket.setSoTimeout(timeoutMillis);
                        exchange(socket);
                        return socket;
                    } catch (IOException | RuntimeException e) {
                        closeQuietly(socket);
                        throw e;
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        Map<String, Integer> causes = new TreeMap<>();
        for (Future<Socket> future : futures) {
            Socket socket = outcome(future, causes);
            if (socket != null) {
                held.add(socket);
            }
        }
        return new Outcome(held.size(), count - held.size(), millis(start), causes);
    }

    /**
     * Sends one more request on every held connection; a connection the server closed fails here (and
     * stays in the list, so a later call counts it as failed again).
     */
    public Outcome verify() throws InterruptedException {
        long start = System.nanoTime();
        Semaphore inFlight = new Semaphore(concurrency);
        List<Future<Socket>> futures = new ArrayList<>(held.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Socket socket : held) {
                futures.add(executor.submit(() -> {
                    inFlight.acquire();
                    try {
                        exchange(socket);
                        return socket;
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        Map<String, Integer> causes = new TreeMap<>();
        int ok = 0;
        for (Future<Socket> future : futures) {
            if (outcome(future, causes) != null) {
                ok++;
            }
        }
        return new Outcome(ok, held.size() - ok, millis(start), causes);
    }

    public int held() {
        return held.size();
    }

    @Override
    public void close() {
        held.forEach(IdleConnections::closeQuietly);
        held.clear();
    }

    /** Writes the request and reads exactly one response with a Content-Length body. */
    private void exchange(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[1024];
        int filled = 0;
        int headEnd = -1;
        while (headEnd < 0) {
            if (filled == buf.length) {
                if (buf.length >= MAX_HEAD) {
                    throw new IOException("response head larger than " + MAX_HEAD + " bytes");
                }
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                throw new IOException("connection closed by server after " + filled + " response bytes");
            }
            filled += n;
            headEnd = indexOfBlankLine(buf, filled);
        }
        String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/1.1 200 ")) {
            throw new IOException("unexpected status line '" + head.lines().findFirst().orElse("") + "'");
        }
        int total = headEnd + contentLength(head);
        if (filled > total) {
            throw new IOException((filled - total) + " bytes after the response; the next one would be misread");
        }
        while (filled < total) {
            int n = in.read(buf, 0, Math.min(buf.length, total - filled));
            if (n < 0) {
                throw new IOException("connection closed by server in the response body");
            }
            filled += n;
        }
    }

    /** Index just past the CRLF CRLF that ends the head, or -1. */
    private static int indexOfBlankLine(byte[] buf, int length) {
        for (int i = 3; i < length; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int contentLength(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                try {
                    return Integer.parseInt(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length in '" + line + "'");
                }
            }
        }
        throw new IOException("response without Content-Length; this tool reads only fixed-length bodies");
    }

    private static Socket outcome(Future<Socket> future, Map<String, Integer> causes) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            causes.merge(cause.getClass().getSimpleName() + ": " + cause.getMessage(), 1, Integer::sum);
            return null;
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // the connection is being dropped either way
        }
    }

    private static void report(String verb, Outcome outcome) {
        System.out.printf(Locale.ROOT, "%s ok=%d failed=%d ms=%d%n", verb, outcome.ok(), outcome.failed(),
                outcome.millis());
        System.out.flush();
        outcome.causes().forEach((cause, count) -> System.err.printf(Locale.ROOT,
                "idle_%s_failure count=%d cause=%s%n", verb.toLowerCase(Locale.ROOT), count, cause));
        if (outcome.causes().keySet().stream().anyMatch(c -> c.contains("Too many open files"))) {
            System.err.println("hint: raise the file descriptor limit (ulimit -n) above --connections");
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Flags flags = Flags.parse("IdleConnections", args,
                Set.of("host", "port", "connections", "concurrency", "timeout-ms", "path"));
        String host = flags.string("host", "127.0.0.1");
        int port = flags.integer("port", 8080, 1, 65_535);
        int connections = flags.integer("connections", 10_000, 1, 1_000_000);
        int concurrency = flags.integer("concurrency", 256, 1, 100_000);
        int timeoutMillis = flags.integer("timeout-ms", 10_000, 1, Integer.MAX_VALUE);
        String path = flags.string("path", "/");
        try (IdleConnections tool = new IdleConnections(
                new InetSocketAddress(host, port), path, concurrency, timeoutMillis)) {
            report("READY", tool.open(connections));
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = commands.readLine()) != null; ) {
                switch (line.trim()) {
                    case "verify" -> report("VERIFIED", tool.verify());
                    case "close" -> {
                        tool.close();
                        System.out.println("CLOSED");
                        System.out.flush();
                        return;
                    }
                    case "" -> { }
                    default -> System.err.println("unknown command '" + line.trim() + "' (verify, close)");
                }
            }
        }
        System.out.println("CLOSED");
    }
}
