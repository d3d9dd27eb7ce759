package dev.keepalive.bench.ws;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of the WebSocket benchmark: many connections on one selector thread, each answering
 * the server's pings with masked pongs (RFC 6455 §5.3, §5.5.3) and nothing else.
 *
 * <pre>
 * idle:   java -cp ... dev.keepalive.bench.ws.WsLoad --port P --connections 10000 --hold-s 40
 *         stdout: OPEN n=10000 failed=0 ms=2100
 *                 SECOND t=1 open=10000 pings=9950          (one line per second while held)
 *                 DONE pings=398000 closed_by_server=0
 * detect: java -cp ... dev.keepalive.bench.ws.WsLoad --port P --detect 20 --timeout-s 10
 *         every connection answers one ping, then goes silent (it keeps reading and discarding, as a
 *         hung process's kernel would ACK, but never writes again); prints per connection
 *         DETECT ms=1987 end=RST      and at the end   DETECTED n=20 min=.. median=.. max=..
 * </pre>
 * Handshakes are paced ({@code --concurrency} in flight) so the server's accept queue never overflows.
 */
public final class WsLoad {
    private static final byte[] KEY_REQUEST_TAIL = ("Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    /** One connection's state. */
    private static final class Conn {
        final SocketChannel channel;
        boolean open;
        boolean silent;
        long silentSince;
        byte[] head = new byte[0];
        byte[] partial = new byte[0];

        Conn(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private final Selector selector;
    private final InetSocketAddress address;
    private final String path;
    private final boolean detect;
    private final ByteBuffer readBuf = ByteBuffer.allocate(64 * 1024);
    private long pings;
    private int opened;
    private int failed;
    private int closedByServer;
    private final List<Long> detections = new ArrayList<>();

    private WsLoad(InetSocketAddress address, String path, boolean detect) throws IOException {
        this.selector = Selector.open();
        this.address = address;
        this.path = path;
        this.detect = detect;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> f = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            f.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        InetSocketAddress address = new InetSocketAddress(f.getOrDefault("host", "127.0.0.1"),
                Integer.parseInt(f.get("port")));
        String path = f.getOrDefault("path", "/ws/echo");
        int concurrency = Integer.parseInt(f.getOrDefault("concurrency", "200"));
        if (f.containsKey("detect")) {
            WsLoad load = new WsLoad(address, path, true);
            int n = Integer.parseInt(f.get("detect"));
            load.open(n, concurrency);
            load.runDetect(n, Long.parseLong(f.getOrDefault("timeout-s", "10")) * 1_000_000_000L);
        } else {
            WsLoad load = new WsLoad(address, path, false);
            load.open(Integer.parseInt(f.getOrDefault("connections", "10000")), concurrency);
            load.hold(Long.parseLong(f.getOrDefault("hold-s", "40")));
        }
    }

    private void open(int n, int concurrency) throws IOException {
        long start = System.nanoTime();
        int started = 0;
        while (opened + failed < n) {
            while (started < n && started - opened - failed < concurrency) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(address);
                ch.register(selector, SelectionKey.OP_CONNECT, new Conn(ch));
                started++;
            }
            selector.select(this::ready, 1000);
        }
        System.out.printf(Locale.ROOT, "OPEN n=%d failed=%d ms=%d%n", opened, failed,
                (System.nanoTime() - start) / 1_000_000);
    }

    private void hold(long seconds) throws IOException {
        long start = System.nanoTime();
        long nextSecond = start + 1_000_000_000L;
        long lastPings = pings;
        for (int t = 1; t <= seconds; ) {
            selector.select(this::ready, Math.max(1, (nextSecond - System.nanoTime()) / 1_000_000));
            if (System.nanoTime() >= nextSecond) {
                System.out.printf(Locale.ROOT, "SECOND t=%d open=%d pings=%d%n", t, opened - closedByServer,
                        pings - lastPings);
                lastPings = pings;
                nextSecond += 1_000_000_000L;
                t++;
            }
        }
        System.out.printf(Locale.ROOT, "DONE pings=%d closed_by_server=%d%n", pings, closedByServer);
        for (SelectionKey k : selector.keys()) {
            k.channel().close();
        }
    }

    private void runDetect(int n, long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos + 5_000_000_000L;
        while (detections.size() < n && System.nanoTime() < deadline) {
            selector.select(this::ready, 100);
        }
        long[] d = detections.stream().mapToLong(Long::longValue).sorted().toArray();
        if (d.length == 0) {
            System.out.println("DETECTED n=0");
            return;
        }
        System.out.printf(Locale.ROOT, "DETECTED n=%d min=%d median=%d max=%d%n", d.length, d[0], d[d.length / 2],
                d[d.length - 1]);
    }

    private void ready(SelectionKey key) {
        Conn c = (Conn) key.attachment();
        try {
            if (key.isConnectable()) {
                c.channel.finishConnect();
                String line = "GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + "\r\n";
                ByteBuffer req = ByteBuffer.allocate(line.length() + KEY_REQUEST_TAIL.length);
                req.put(line.getBytes(StandardCharsets.US_ASCII)).put(KEY_REQUEST_TAIL).flip();
                c.channel.write(req); // tiny: fits the empty send buffer
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            readBuf.clear();
            int n = c.channel.read(readBuf);
            if (n < 0) {
                end(key, c, "FIN");
                return;
            }
            readBuf.flip();
            if (!c.open) {
                handshake(key, c);
            } else {
                frames(c);
            }
        } catch (IOException e) {
            end(key, c, "RST");
        }
    }

    private void handshake(SelectionKey key, Conn c) throws IOException {
        byte[] got = new byte[readBuf.remaining()];
        readBuf.get(got);
        c.head = concat(c.head, got);
        String text = new String(c.head, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return;
        }
        if (!text.startsWith("HTTP/1.1 101")) {
            failed++;
            System.err.println("handshake refused: " + text.lines().findFirst().orElse(""));
            key.channel().close();
            return;
        }
        c.open = true;
        opened++;
        c.partial = Arrays.copyOfRange(c.head, end + 4, c.head.length);
        c.head = null;
        if (c.partial.length > 0) {
            readBuf.clear();
            readBuf.put(c.partial).flip();
            c.partial = new byte[0];
            frames(c);
        }
    }

    /** Parses server frames (never masked); answers pings unless silent. */
    private void frames(Conn c) throws IOException {
        if (c.silent) {
            return; // a vanished peer: read and forget
        }
        byte[] data = new byte[readBuf.remaining()];
        readBuf.get(data);
        byte[] b = concat(c.partial, data);
        int p = 0;
        while (b.length - p >= 2) {
            int opcode = b[p] & 0x0F;
            int len = b[p + 1] & 0x7F;
            int hl = 2;
            if (len == 126) {
                if (b.length - p < 4) {
                    break;
                }
                len = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
                hl = 4;
            } else if (len == 127) {
                throw new IOException("unexpected 64-bit frame");
            }
            if (b.length - p < hl + len) {
                break;
            }
            if (opcode == 0x9) {
                pings++;
                pong(c, b, p + hl, len);
                if (detect) {
                    c.silent = true; // answered one ping; from now on it is gone
                    c.silentSince = System.nanoTime();
                    c.partial = new byte[0];
                    return;
                }
            }
            p += hl + len;
        }
        c.partial = Arrays.copyOfRange(b, p, b.length);
    }

    private static void pong(Conn c, byte[] b, int off, int len) throws IOException {
        ByteBuffer f = ByteBuffer.allocate(6 + len);
        f.put((byte) 0x8A).put((byte) (0x80 | len));
        int mask = ThreadLocalRandom.current().nextInt();
        f.putInt(mask);
        for (int i = 0; i < len; i++) {
            f.put((byte) (b[off + i] ^ (mask >>> (24 - 8 * (i & 3)))));
        }
        f.flip();
        c.channel.write(f);
    }

    private void end(SelectionKey key, Conn c, String how) {
        key.cancel();
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // gone anyway
        }
        if (!c.open) {
            failed++;
            return;
        }
        closedByServer++;
        if (detect && c.silent) {
            long ms = (System.nanoTime() - c.silentSince) / 1_000_000;
            detections.add(ms);
            System.out.println("DETECT ms=" + ms + " end=" + how);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
