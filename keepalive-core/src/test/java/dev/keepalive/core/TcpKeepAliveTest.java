package dev.keepalive.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TcpKeepAliveTest {

    @Test
    void parsesIdleIntervalAndCount() {
        TcpKeepAlive k = TcpKeepAlive.parse("60s,10s,5");

        assertEquals(Duration.ofSeconds(60), k.idle());
        assertEquals(Duration.ofSeconds(10), k.interval());
        assertEquals(5, k.count());
        assertEquals(TcpKeepAlive.LONG_LIVED, k);
        assertEquals(k, TcpKeepAlive.parse(" 1m , 10s , 5 "), "spaces around parts and other units are accepted");
    }

    @Test
    void toStringParsesBackToAnEqualValue() {
        for (TcpKeepAlive k : new TcpKeepAlive[] {
                TcpKeepAlive.LONG_LIVED,
                TcpKeepAlive.of(Duration.ofSeconds(7200), Duration.ofSeconds(75), 9),
                TcpKeepAlive.of(Duration.ofSeconds(1), Duration.ofSeconds(32_767), 127)}) {
            assertEquals(k, TcpKeepAlive.parse(k.toString()), k.toString());
        }
        assertEquals("2h,75s,9", TcpKeepAlive.of(Duration.ofSeconds(7200), Duration.ofSeconds(75), 9).toString());
    }

    @Test
    void detectionTimeIsIdlePlusIntervalTimesCount() {
        assertEquals(Duration.ofSeconds(5), TcpKeepAlive.parse("2s,1s,3").detectionTime());
        assertEquals(Duration.ofSeconds(110), TcpKeepAlive.LONG_LIVED.detectionTime());
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        assertRejected("0s,10s,5", "idle must be whole seconds in 1s..32767s: 0s");
        assertRejected("60s,1500ms,5", "interval must be whole seconds in 1s..32767s: 1500ms");
        assertRejected("32768s,10s,5", "idle must be whole seconds in 1s..32767s: 32768s");
        assertRejected("60s,10s,0", "count must be in 1..127: 0");
        assertRejected("60s,10s,200", "count must be in 1..127: 200");
        assertRejected("60s,10s,x", "count must be a whole number: 'x'");
        assertRejected("abc", "expected IDLE,INTERVAL,COUNT such as 60s,10s,5: 'abc'");
        assertRejected("1s,2s", "expected IDLE,INTERVAL,COUNT such as 60s,10s,5: '1s,2s'");
        assertRejected("abc,10s,5", "expected a duration such as 500ms, 2s or 1m: 'abc'");
    }

    private static void assertRejected(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TcpKeepAlive.parse(text));
        assertEquals(message, e.getMessage(), text);
    }

    @Test
    void appliesKeepaliveSettingsToARealLoopbackSocket() throws IOException {
        Assumptions.assumeTrue(TcpKeepAlive.supported(),
                "this OS does not support per-socket TCP_KEEPIDLE/TCP_KEEPINTERVAL/TCP_KEEPCOUNT");
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                SocketChannel accepted = server.accept()) {
            assertTrue(accepted.isConnected());
            TcpKeepAlive k = TcpKeepAlive.parse("2m,7s,4");

            k.applyTo(client);

            assertTrue(client.getOption(StandardSocketOptions.SO_KEEPALIVE));
            assertEquals(120, client.getOption(ExtendedSocketOptions.TCP_KEEPIDLE));
            assertEquals(7, client.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL));
            assertEquals(4, client.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT));
        }
    }
}
