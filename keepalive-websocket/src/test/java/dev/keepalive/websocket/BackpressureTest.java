package dev.keepalive.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Await;
import dev.keepalive.core.FakeTicker;
import dev.keepalive.core.RealTime;
import dev.keepalive.http.HttpServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A peer that sends but reads slowly: the server stops reading from it once more than 4 MiB of its
 * answers wait (internal Outbound.HIGH_WATER), and reads again when the Tunnel reports them drained
 * to 1 MiB (LOW_WATER). The clock is frozen, so no timer can do the resuming.
 */
class BackpressureTest {
    private static final long HIGH_WATER = 4L << 20;
    private static final long LOW_WATER = 1L << 20;
    private static final int FRAGMENT = 64 * 1024; // the default maxFrameSize
    private static final int MESSAGE = 4 * FRAGMENT;
    private static final int MESSAGES = 64; // 16 MiB: more than HIGH_WATER plus both sides' socket buffers

    /** What the echoing server saw of its own queue around each message: before and after echoing it. */
    private record Seen(long before, long after) {
    }

    @Test
    void serverReadsAgainWhenItsOutputDrainsNotBefore() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        WebSocketListener echo = new WebSocketListener() {
            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                long before = ws.bufferedAmount();
                ws.sendBinary(data);
                seen.add(new Seen(before, ws.bufferedAmount()));
            }
        };
        WebSocketEndpoint endpoint = WebSocketEndpoint.create(Servers.ws().build(), (request, subprotocol) -> echo);
        FakeTicker frozen = new FakeTicker();
        HttpServer server = Servers.start(endpoint.mount("/ws/echo", null), frozen);
        try (Socket s = open(server.port())) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> sendAll(s));
            Await.value("the server queues past the high-water mark", () -> List.copyOf(seen),
                    l -> l.stream().anyMatch(x -> x.after() > HIGH_WATER), Duration.ofSeconds(3));
            int seenWhenPaused = seen.size();
            RealTime.sleep(50, "time for a paused server to (wrongly) read on");
            assertEquals(seenWhenPaused, seen.size(), "a paused server reads no further message");
            assertTrue(seenWhenPaused < MESSAGES, "messages wait unread while the server is paused: " + seenWhenPaused);

            long start = System.nanoTime();
            readAll(s);
            long millis = (System.nanoTime() - start) / 1_000_000;
            sent.get(2, TimeUnit.SECONDS);

            assertEquals(MESSAGES, seen.size());
            int pauses = 0;
            for (int i = 0; i + 1 < seen.size(); i++) {
                if (seen.get(i).after() > HIGH_WATER) {
                    pauses++;
                    assertTrue(seen.get(i + 1).before() <= LOW_WATER,
                            "after pausing at message " + i + " the server read on only once drained to "
                                    + LOW_WATER + ": " + seen);
                }
            }
            assertTrue(pauses >= 1);
            System.out.printf("%d MiB echoed to a slow reader in %d ms with the clock frozen, %d pauses%n",
                    (long) MESSAGES * MESSAGE >> 20, millis, pauses);
        } finally {
            server.close();
        }
    }

    private static Socket open(int port) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(32 * 1024); // before connect: a small window makes a slow reader
        s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        s.setSoTimeout(5_000);
        s.getOutputStream().write(RawWs.upgradeRequest("/ws/echo").getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertTrue(b >= 0, "the server ended the connection during the handshake: " + head);
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101 "), head.toString());
        return s;
    }

    /**
     * Each message in four masked fragments filled with its index. A fragment is longer than the
     * server's 64 KiB read buffer, so one read completes at most one message.
     */
    private static void sendAll(Socket s) {
        byte[] frame = new byte[2 + 8 + 4 + FRAGMENT];
        try {
            OutputStream out = s.getOutputStream();
            for (int m = 0; m < MESSAGES; m++) {
                for (int f = 0; f < 4; f++) {
                    ByteBuffer b = ByteBuffer.wrap(frame);
                    b.put((byte) ((f == 3 ? 0x80 : 0) | (f == 0 ? 2 : 0)));
                    b.put((byte) (0x80 | 127)).putLong(FRAGMENT);
                    b.putInt(0); // a zero masking key (RFC 6455 §5.3 allows any): the payload goes as is
                    Arrays.fill(frame, b.position(), frame.length, (byte) m);
                    out.write(frame);
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads every echoed message, a little at a time, checking each is whole and in order. */
    private static void readAll(Socket s) throws IOException, InterruptedException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] chunk = new byte[16 * 1024];
        List<Integer> order = new ArrayList<>();
        long since = 0;
        int messageBytes = 0;
        while (order.size() < MESSAGES) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7F;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            assertEquals(0, b1 & 0x80, "server frames are not masked");
            int index = -1;
            for (long left = len; left > 0; ) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
                assertTrue(n > 0, "the server ended the connection after " + order.size() + " messages");
                index = chunk[0];
                left -= n;
                since += n;
                if (since >= 256 * 1024) {
                    since = 0;
                    RealTime.sleep(1, "slow: the server's queue drains in small steps");
                }
            }
            messageBytes += (int) len;
            if ((b0 & 0x80) != 0) {
                assertEquals(MESSAGE, messageBytes, "message " + order.size() + " is whole");
                assertEquals(order.size(), index, "messages come back in order");
                order.add(index);
                messageBytes = 0;
            }
        }
    }
}
