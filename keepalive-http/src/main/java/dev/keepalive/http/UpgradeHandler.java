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
     * The server is shutting down gracefully: say goodbye in the protocol's own way (a WebSocket close
     * frame, say) and close. By default the tunnel closes at once with {@link CloseReason#SHUTDOWN}.
     */
    default void onShutdown(Tunnel tunnel) {
        tunnel.close(CloseReason.SHUTDOWN);
    }
}
