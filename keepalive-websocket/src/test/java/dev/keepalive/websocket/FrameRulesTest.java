package dev.keepalive.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.CloseReason;
import dev.keepalive.http.HttpServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Frame-level rules of RFC 6455 §5 and §7, each checked with raw bytes against the server. */
class FrameRulesTest {
    private static final int TEXT = 1;
    private static final int BINARY = 2;
    private static final int CONT = 0;
    private static final int CLOSE = 8;
    private static final int PING = 9;
    private static final int PONG = 10;

    private final Recorder recorder = new Recorder(true);
    private HttpServer server;
    private RawWs ws;

    @BeforeEach
    void start() throws Exception {
        WebSocketEndpoint endpoint = WebSocketEndpoint.create(Servers.ws().pingInterval(Duration.ZERO).build(),
                (request, subprotocol) -> recorder);
        server = Servers.echo(endpoint);
        ws = RawWs.connect(server.port(), "/ws/echo");
    }

    @AfterEach
    void stop() throws Exception {
        ws.close();
        server.close();
    }

    /** The server answers with Close {@code code}, ends TCP with a FIN, and reports the same code. */
    private void assertFailedWith(int code, CloseReason cause) throws Exception {
        RawWs.Frame close = ws.readUntil(CLOSE, 2_000);
        assertEquals(code, close.closeCode(), "close frame: " + close.closeReason());
        assertEquals(RawWs.End.FIN, ws.awaitEnd(2_000), "the server ends TCP after failing the connection");
        ws.close(); // the server lingers until our FIN
        CloseStatus status = recorder.awaitClose(2_000);
        assertEquals(code, status.code());
        assertEquals(cause, status.cause());
        assertEquals(close.closeReason(), status.reason(), "the peer hears the same evidence we log");
    }

    @Test
    void unmaskedClientFrameIs1002() throws Exception {
        ws.sendRaw(0x81, "hi".getBytes(), false);
        assertFailedWith(1002, CloseReason.BAD_REQUEST);
    }

    @Test
    void echoesTextAndBinary() throws Exception {
        ws.sendText("héllo");
        assertEquals("héllo", ws.read(2_000).text());
        ws.send(true, BINARY, new byte[] {0, 1, 2, (byte) 0xFF});
        RawWs.Frame f = ws.read(2_000);
        assertEquals(BINARY, f.opcode());
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xFF}, f.payload());
    }

    @Test
    void invalidUtf8Is1007() throws Exception {
        ws.send(true, TEXT, new byte[] {'a', (byte) 0xC3, 0x28});
        assertFailedWith(1007, CloseReason.BAD_REQUEST);
    }

    @Test
    void utf8SequenceMayBeSplitAcrossFragments() throws Exception {
        ws.send(false, TEXT, new byte[] {'=', (byte) 0xE2, (byte) 0x82}).send(true, CONT, new byte[] {(byte) 0xAC});
        assertEquals("=€", ws.read(2_000).text());
    }

    @Test
    void invalidUtf8AcrossFragmentsIs1007() throws Exception {
        ws.send(false, TEXT, new byte[] {(byte) 0xE2}).send(true, CONT, new byte[] {0x28});
        assertFailedWith(1007, CloseReason.BAD_REQUEST);
    }

    @Test
    void invalidUtf8FailsBeforeTheMessageEnds() throws Exception {
        ws.send(false, TEXT, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // a UTF-16 surrogate
        assertFailedWith(1007, CloseReason.BAD_REQUEST);
    }

    @Test
    void textEndingInsideASequenceIs1007() throws Exception {
        ws.send(false, TEXT, new byte[] {'a'}).send(true, CONT, new byte[] {(byte) 0xF0, (byte) 0x9F});
        assertFailedWith(1007, CloseReason.BAD_REQUEST);
    }

    @Test
    void controlFrameOver125BytesIs1002() throws Exception {
        ws.send(true, PING, new byte[126]);
        assertFailedWith(1002, CloseReason.BAD_REQUEST);
    }

    @Test
    void fragmentedControlFrameIs1002() throws Exception {
        ws.send(false, PING, new byte[] {1});
        assertFailedWith(1002, CloseReason.BAD_REQUEST);
    }

    @Test
    void controlFramesMayInterleaveWithFragments() throws Exception {
        ws.send(false, TEXT, "Hel".getBytes()).send(true, PING, "p".getBytes()).send(true, CONT, "lo".getBytes());
        RawWs.Frame pong = ws.read(2_000);
        assertEquals(PONG, pong.opcode());
        assertEquals("p", pong.text(), "a pong carries the ping's payload (RFC 6455 §5.5.3)");
        assertEquals("Hello", ws.read(2_000).text());
    }

    @Test
    void frameOver64KiBIs1009() throws Exception {
        ws.send(true, BINARY, new byte[64 * 1024 + 1]);
        assertFailedWith(1009, CloseReason.LIMIT);
    }

    @Test
    void frameOfExactly64KiBPasses() throws Exception {
        ws.send(true, BINARY, new byte[64 * 1024]);
        assertEquals(64 * 1024, ws.read(2_000).payload().length);
    }

    @Test
    void messageOver1MiBIs1009EvenInSmallFrames() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        ws.send(false, BINARY, chunk);
        for (int i = 1; i < 16; i++) {
            ws.send(false, CONT, chunk);
        }
        ws.send(true, CONT, new byte[1]); // 1 MiB + 1
        assertFailedWith(1009, CloseReason.LIMIT);
    }

    @Test
    void reservedBitsUnknownOpcodesAndStrayContinuationsAre1002() throws Exception {
        ws.sendRaw(0x80 | 0x40 | TEXT, "x".getBytes(), true);
        assertFailedWith(1002, CloseReason.BAD_REQUEST);
        for (int b0 : new int[] {0x83, 0x8B, 0x80}) {
            try (RawWs other = RawWs.connect(server.port(), "/ws/echo")) {
                other.sendRaw(b0, "x".getBytes(), true);
                assertEquals(1002, other.readUntil(CLOSE, 2_000).closeCode(), "first byte 0x" + Integer.toHexString(b0));
            }
        }
    }

    @Test
    void newMessageInsideAFragmentedOneIs1002() throws Exception {
        ws.send(false, TEXT, "a".getBytes()).send(true, TEXT, "b".getBytes());
        assertFailedWith(1002, CloseReason.BAD_REQUEST);
    }

    @Test
    void closeHandshakeEchoesTheCode() throws Exception {
        ws.sendClose(4001, "bye now");
        RawWs.Frame close = ws.read(2_000);
        assertEquals(CLOSE, close.opcode());
        assertEquals(4001, close.closeCode(), "RFC 6455 §5.5.1: the answer echoes the code");
        assertEquals(RawWs.End.FIN, ws.awaitEnd(2_000), "the server closes TCP first (RFC 6455 §7.1.1)");
        ws.close();
        CloseStatus status = recorder.awaitClose(2_000);
        assertEquals(new CloseStatus(4001, "bye now", CloseReason.PEER_CLOSED, true), status);
    }

    @Test
    void emptyCloseIsAnsweredWithEmptyCloseAndReportedAs1005() throws Exception {
        ws.send(true, CLOSE, new byte[0]);
        assertEquals(0, ws.read(2_000).payload().length);
        ws.close();
        assertEquals(1005, recorder.awaitClose(2_000).code());
    }

    @Test
    void invalidCloseCodesAndOneByteClosesAre1002() throws Exception {
        ws.sendClose(1005, "");
        assertFailedWith(1002, CloseReason.BAD_REQUEST);
        try (RawWs other = RawWs.connect(server.port(), "/ws/echo")) {
            other.send(true, CLOSE, new byte[] {3});
            assertEquals(1002, other.readUntil(CLOSE, 2_000).closeCode());
        }
    }

    @Test
    void unansweredCloseTimesOutAndAborts() throws Exception {
        ws.sendText("bye"); // the recorder closes with 1000 "done"
        RawWs.Frame close = ws.read(2_000);
        assertEquals(1000, close.closeCode());
        long sent = System.nanoTime();
        assertEquals(RawWs.End.RST, ws.awaitEnd(2_000), "no answer within closeTimeout: abort");
        long waited = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(waited >= 250 && waited < 1_500, "closeTimeout is 300 ms, waited " + waited + " ms");
        CloseStatus status = recorder.awaitClose(2_000);
        assertEquals(1006, status.code());
        assertEquals("no close frame within 300 ms after sending close 1000", status.reason());
    }

    @Test
    void answeredCloseEndsCleanly() throws Exception {
        ws.sendText("bye");
        assertEquals(1000, ws.read(2_000).closeCode());
        ws.sendClose(1000, "");
        assertEquals(RawWs.End.FIN, ws.awaitEnd(2_000));
        ws.close();
        assertEquals(new CloseStatus(1000, "done", CloseReason.SHUTDOWN, false), recorder.awaitClose(2_000));
    }

    @Test
    void pingFloodIs1008() throws Exception {
        for (int i = 0; i < 30; i++) {
            ws.send(true, PING, new byte[] {(byte) i});
        }
        RawWs.Frame close = ws.readUntil(CLOSE, 2_000);
        assertEquals(1008, close.closeCode());
        assertTrue(close.closeReason().startsWith("ping flood: 21 pings in "), close.closeReason());
    }

    @Test
    void pingsAtTheAllowedRateAreAnswered() throws Exception {
        for (int i = 0; i < 20; i++) {
            ws.send(true, PING, new byte[] {(byte) i});
            assertEquals(i, ws.read(2_000).payload()[0]);
        }
        ws.sendText("still open");
        assertEquals("still open", ws.read(2_000).text());
    }
}
