package dev.keepalive.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class CloseReasonTest {
    @Test
    void aKernelTimeoutMeansTheSilentPeerIsDead() {
        // the messages the JDK builds from ETIMEDOUT on Linux and on BSD/macOS
        assertEquals(CloseReason.PEER_DEAD, CloseReason.ofIoFailure(new IOException("Connection timed out")));
        assertEquals(CloseReason.PEER_DEAD, CloseReason.ofIoFailure(new SocketException("Operation timed out")));
    }

    @Test
    void anyOtherFailureMeansThePeerClosed() {
        assertEquals(CloseReason.PEER_CLOSED, CloseReason.ofIoFailure(new SocketException("Connection reset")));
        assertEquals(CloseReason.PEER_CLOSED, CloseReason.ofIoFailure(new IOException("Broken pipe")));
        assertEquals(CloseReason.PEER_CLOSED, CloseReason.ofIoFailure(new IOException()));
    }
}
