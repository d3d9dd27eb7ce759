package dev.keepalive.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket peer that speaks raw bytes, so tests can send what a well-behaved client never would
 * (unmasked frames, bad UTF-8, oversized control frames) and check the exact frames that come back.
 */
final class RawWs implements AutoCloseable {
    /** The key of RFC 6455 §1.3 and the accept value it must produce. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    record Frame(boolean fin, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length < 2 ? 1005 : (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
        }

        String closeReason() {
            return payload.length < 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    enum End { FIN, RST, OPEN }

    final Socket socket;
    final DataInputStream in;
    final OutputStream out;
    /** The server's handshake answer head. */
    final String head;

    private RawWs(Socket socket, String head) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.head = head;
    }

    /** Sends {@code request} as is and reads the answer head (and nothing more). */
    static RawWs open(int port, String request) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        s.setSoTimeout(5_000);
        s.setTcpNoDelay(true);
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return new RawWs(s, head.toString(StandardCharsets.ISO_8859_1));
    }

    static String upgradeRequest(String path, String... extraHeaders) {
        StringBuilder sb = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** Completes the handshake on {@code path}; fails unless the answer is 101. */
    static RawWs connect(int port, String path, String... extraHeaders) throws IOException {
        RawWs ws = open(port, upgradeRequest(path, extraHeaders));
        assertTrue(ws.head.startsWith("HTTP/1.1 101 "), ws.head);
        return ws;
    }

    int status() {
        return Integer.parseInt(head.split(" ", 3)[1]);
    }

    /** The first value of header {@code name} in the answer head, or null. */
    String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    /** Sends a frame with first byte {@code b0} (FIN, RSV, opcode), masked or not. */
    RawWs sendRaw(int b0, byte[] payload, boolean mask) throws IOException {
        ByteBuffer f = ByteBuffer.allocate(14 + payload.length);
        f.put((byte) b0);
        int m = mask ? 0x80 : 0;
        if (payload.length <= 125) {
            f.put((byte) (m | payload.length));
        } else if (payload.length <= 0xFFFF) {
            f.put((byte) (m | 126)).putShort((short) payload.length);
        } else {
            f.put((byte) (m | 127)).putLong(payload.length);
        }
        byte[] key = {0x12, 0x34, 0x56, 0x78};
        if (mask) {
            f.put(key);
        }
        for (int i = 0; i < payload.length; i++) {
            f.put((byte) (mask ? payload[i] ^ key[i & 3] : payload[i]));
        }
        out.write(f.array(), 0, f.position());
        out.flush();
        return this;
    }

    RawWs send(boolean fin, int opcode, byte[] payload) throws IOException {
        return sendRaw((fin ? 0x80 : 0) | opcode, payload, true);
    }

    RawWs sendText(String text) throws IOException {
        return send(true, 1, text.getBytes(StandardCharsets.UTF_8));
    }

    RawWs sendClose(int code, String reason) throws IOException {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        return send(true, 8, ByteBuffer.allocate(2 + r.length).putShort((short) code).put(r).array());
    }

    /** Reads one frame within {@code millis}; server frames must be unmasked. */
    Frame read(int millis) throws IOException {
        socket.setSoTimeout(millis);
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        assertEquals(0, b1 & 0x80, "server frames are never masked (RFC 6455 §5.1)");
        long len = b1 & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    }

    /** Reads frames until one of {@code opcode} arrives, skipping others (e.g. pings). */
    Frame readUntil(int opcode, int millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            int left = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            Frame f = read(left);
            if (f.opcode() == opcode) {
                return f;
            }
        }
    }

    /** Asserts that nothing arrives (and the connection stays open) for {@code millis}. */
    void assertSilent(int millis, String why) throws IOException {
        try {
            Frame f = read(millis);
            throw new AssertionError(why + ": got opcode " + f.opcode() + " '" + f.text() + "'");
        } catch (SocketTimeoutException expected) {
            // silence
        } catch (EOFException | SocketException e) {
            throw new AssertionError(why + ": the connection ended", e);
        }
    }

    /** How the server ended the connection within {@code millis}: FIN, RST, or still OPEN. Bytes before it are skipped. */
    End awaitEnd(int millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            while (true) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (in.read() < 0) {
                    return End.FIN;
                }
            }
        } catch (SocketTimeoutException e) {
            return End.OPEN;
        } catch (SocketException | EOFException e) {
            return End.RST;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
