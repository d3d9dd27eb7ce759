package dev.keepalive.http;

import dev.keepalive.core.CloseReason;
import java.nio.ByteBuffer;

/** Receives an upgraded connection's events, on its event loop. Must not block. */
public interface UpgradeHandler {

    /** Bytes arrived. The buffer is valid only during the call: copy what must outlive it. */
    void onData(ByteBuffer data);

    /** The connection ended (peer FIN or RST, local close, abort, shutdown); called once. */
    void onClosed(CloseReason reason);

    /**
     * What was queued with {@link Tunnel#write} fell to the tunnel's low-water mark (0 unless set with
     * {@link Tunnel#setLowWater}) after having been above it: a handler that paused reading, or stopped
     * producing, for a peer that reads slowly may go on. Called on the loop, once per crossing, right
     * after the write that took the bytes; never before {@link Upgrade#onUpgrade} has returned.
     */
    default void onDrained() {
    }

    /**
     * The server is shutting down gracefully: say goodbye in the protocol's own way (a WebSocket close
     * frame, say) and close. By default the tunnel closes at once with {@link CloseReason#SHUTDOWN}.
     */
    default void onShutdown(Tunnel tunnel) {
        tunnel.close(CloseReason.SHUTDOWN);
    }
}
