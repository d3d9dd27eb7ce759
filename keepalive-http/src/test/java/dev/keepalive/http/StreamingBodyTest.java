package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bodies larger than the in-memory limit stream to a handler thread and end where their framing ends. */
class StreamingBodyTest {

    private static byte[] chunked(byte[] data, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < data.length; i += chunk) {
            int n = Math.min(chunk, data.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void chunkedBodyThatOutgrowsMemoryArrivingInOneWriteIsEchoedWhole() throws Exception {
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port())) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(chunked(data, 30_000));
            request.writeBytes(RawClient.get("/").getBytes(StandardCharsets.US_ASCII)); // pipelined behind it
            client.send(request.toByteArray());
            assertArrayEquals(data, client.read().body());
            assertEquals("hello\n", client.read().text());
        }
    }

    @Test
    void chunkedBodyWhoseLastReadBothOutgrowsMemoryAndEndsIsEchoed() throws Exception {
        byte[] data = new byte[70_000];
        new Random(9).nextBytes(data);
        byte[] encoded = chunked(data, 10_000);
        int split = 40_000; // first read: held in memory; second read: overflows into a pipe and ends
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
            client.send(java.util.Arrays.copyOfRange(encoded, 0, split));
            assertEquals(RawClient.End.OPEN, client.awaitEnd(100)); // let the server read the first part
            client.socket.setSoTimeout(3_000);
            client.send(java.util.Arrays.copyOfRange(encoded, split, encoded.length));
            assertArrayEquals(data, client.read().body());
        }
    }

    @Test
    void contentLengthBodyLargerThanMemoryIsEchoedWhole() throws Exception {
        byte[] data = new byte[1_000_000];
        new Random(8).nextBytes(data);
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + data.length + "\r\n\r\n");
            client.send(data);
            assertArrayEquals(data, client.read().body());
            assertEquals("hello\n", client.get1("/").text());
        }
    }
}
