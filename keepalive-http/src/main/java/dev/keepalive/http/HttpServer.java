package dev.keepalive.http;

import dev.keepalive.core.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;

/** STUB: the engine is being written. */
public final class HttpServer implements AutoCloseable {
    public static HttpServer start(ServerOptions options, Handler handler) throws IOException {
        return start(options, handler, Ticker.system());
    }

    public static HttpServer start(ServerOptions options, Handler handler, Ticker ticker) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    public InetSocketAddress address() { return null; }
    public int port() { return 0; }
    public ServerOptions options() { return null; }
    public ServerStats stats() { return null; }
    public boolean shutdown() { return true; }
    @Override public void close() { shutdown(); }
}
