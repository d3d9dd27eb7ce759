package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.Await;
import dev.keepalive.core.CloseReason;
import dev.keepalive.core.RealTime;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link UpgradeHandler#onDrained}: an upgraded connection says when what it queued for a slow reader
 * has gone out, down to the handler's low-water mark, so a producer waits for the peer instead of
 * polling {@link Tunnel#pendingBytes}.
 */
class UpgradeDrainTest {
    private static final int BATCH = 2 << 20;
    private static final int BATCHES = 6;
    private static final long MARK = 512 << 10;

    /** A real client that reads slowly: a small receive window, small reads, a pause between them. */
    private static Socket slowReader(HttpServer server) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(32 * 1024); // before connect, so the window starts small
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
        s.setSoTimeout(5_000);
        s.getOutputStream().write("GET /x HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: bulk\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
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

    /** Reads {@code total} bytes 16 KiB at a time, pausing 1 ms every 256 KiB; returns them. */
    private static byte[] readSlowly(Socket s, int total) throws IOException, InterruptedException {
        byte[] all = new byte[total];
        InputStream in = s.getInputStream();
        int got = 0;
        int sinceSleep = 0;
        while (got < total) {
            int n;
            try {
                n = in.read(all, got, Math.min(16 * 1024, total - got));
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("nothing more after " + got + " of " + total + " bytes", e);
            }
            assertTrue(n > 0, "the connection ended after " + got + " of " + total + " bytes");
            got += n;
            sinceSleep += n;
            if (sinceSleep >= 256 * 1024) {
                sinceSleep = 0;
                RealTime.sleep(1, "a slow reader keeps the server's queue above the low-water mark");
            }
        }
        return all;
    }

    private static ByteBuffer batch(int index) {
        byte[] b = new byte[BATCH];
        Arrays.fill(b, (byte) index);
        return ByteBuffer.wrap(b);
    }

    /** Writes batches while the queue is at or below the mark; the rest waits for onDrained. */
    private static final class Producer implements UpgradeHandler {
        final List<Long> pendingAtDrained = new CopyOnWriteArrayList<>();
        final List<Long> pendingAfterWrite = new CopyOnWriteArrayList<>();
        private final Tunnel tunnel;
        private int sent;

        Producer(Tunnel tunnel) {
            this.tunnel = tunnel;
            tunnel.setLowWater(MARK);
            produce();
        }

        private void produce() {
            while (sent < BATCHES && tunnel.pendingBytes() <= MARK) {
                tunnel.write(batch(sent++));
                pendingAfterWrite.add(tunnel.pendingBytes());
            }
        }

        @Override
        public void onData(ByteBuffer data) {
        }

        @Override
        public void onDrained() {
            pendingAtDrained.add(tunnel.pendingBytes());
            produce();
        }

        @Override
        public void onClosed(CloseReason reason) {
        }
    }

    @Test
    void producerWritesOnWhenTheQueueDrainsToItsLowWaterMark() throws Exception {
        CompletableFuture<Producer> producer = new CompletableFuture<>();
        Handler bulk = Handler.nonBlocking(request -> Response.upgrade("bulk", tunnel -> {
            Producer p = new Producer(tunnel);
            producer.complete(p);
            return p;
        }));
        try (HttpServer server = HttpServer.start(TestServers.options().build(), bulk);
             Socket client = slowReader(server)) {
            long start = System.nanoTime();
            byte[] got = readSlowly(client, BATCH * BATCHES);
            long millis = (System.nanoTime() - start) / 1_000_000;
            for (int i = 0; i < BATCHES; i++) {
                assertEquals(i, got[i * BATCH], "batch " + i + " arrives in order");
                assertEquals(i, got[(i + 1) * BATCH - 1], "batch " + i + " arrives whole");
            }
            Producer p = producer.get(2, TimeUnit.SECONDS);
            List<Long> above = p.pendingAfterWrite.stream().filter(n -> n > MARK).toList();
            // the last crossing is reported on the loop, after the last bytes left; the asserts say what is missing
            Await.within(() -> p.pendingAtDrained.size() >= above.size(), Duration.ofSeconds(2));
            assertTrue(above.size() >= 2, "the slow reader kept the queue above the mark: " + p.pendingAfterWrite);
            assertEquals(above.size(), p.pendingAtDrained.size(),
                    "one onDrained per time above the mark: after writes " + p.pendingAfterWrite + ", drained at "
                            + p.pendingAtDrained);
            for (long n : p.pendingAtDrained) {
                assertTrue(n <= MARK, "onDrained only at or below the mark: " + p.pendingAtDrained);
            }
            System.out.printf("%d MiB to a slow reader in %d ms; pending after writes %s, at onDrained %s%n",
                    got.length >> 20, millis, p.pendingAfterWrite, p.pendingAtDrained);
        }
    }

    @Test
    void writesTheSocketTakesAtOnceNeverReportADrain() throws Exception {
        List<Long> drained = new CopyOnWriteArrayList<>();
        CompletableFuture<Tunnel> upgraded = new CompletableFuture<>();
        Handler echo = Handler.nonBlocking(request -> Response.upgrade("bulk", tunnel -> {
            upgraded.complete(tunnel);
            return new UpgradeHandler() {
                @Override
                public void onData(ByteBuffer data) {
                    byte[] copy = new byte[data.remaining()];
                    data.get(copy);
                    tunnel.write(ByteBuffer.wrap(copy));
                }

                @Override
                public void onDrained() {
                    drained.add(tunnel.pendingBytes());
                }

                @Override
                public void onClosed(CloseReason reason) {
                }
            };
        }));
        try (HttpServer server = HttpServer.start(TestServers.options().build(), echo);
             Socket client = slowReader(server)) {
            Tunnel tunnel = upgraded.get(2, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                client.getOutputStream().write(("ping" + i).getBytes(StandardCharsets.US_ASCII));
                byte[] back = client.getInputStream().readNBytes(("ping" + i).length());
                assertEquals("ping" + i, new String(back, StandardCharsets.US_ASCII));
            }
            // read on the loop: the echo can reach us before the loop, still in its write, has counted it out
            CompletableFuture<Long> pending = new CompletableFuture<>();
            tunnel.execute(() -> pending.complete(tunnel.pendingBytes()));
            assertEquals(0L, pending.get(2, TimeUnit.SECONDS), "queued after the last echo, as the loop sees it");
            assertEquals(List.of(), drained, "nothing ever waited, so nothing drained");
            CompletableFuture<Throwable> refused = new CompletableFuture<>();
            tunnel.execute(() -> refused.complete(assertThrows(IllegalArgumentException.class,
                    () -> tunnel.setLowWater(-1))));
            assertEquals("lowWater must be >= 0: -1", refused.get(2, TimeUnit.SECONDS).getMessage());
        }
    }
}
