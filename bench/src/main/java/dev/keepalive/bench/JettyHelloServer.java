package dev.keepalive.bench;

import java.nio.ByteBuffer;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty 12 peer: a core {@code Handler} (no servlets) on one {@code ServerConnector} with Jetty's
 * default thread pool and selector count. Deviations from Jetty's defaults, each to match the other
 * servers in a run: idle timeout 75 s (Jetty's 30 s would close the held connections of the idle
 * measurement and differs from ours), accept queue 1024 (Jetty's 0 means the JDK's 50), and no
 * {@code Server:} header (the others send none either). The Date header stays: RFC 9110 §6.6.1 asks
 * an origin server with a clock to send it.
 *
 * <pre>java -cp ... dev.keepalive.bench.JettyHelloServer --port 8082 [--host 127.0.0.1]
 *     [--idle-timeout-ms 75000] [--backlog 1024] [--body-line hello]</pre>
 */
public final class JettyHelloServer implements AutoCloseable {
    private static final HttpField CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Hello.CONTENT_TYPE);

    private final Server server;
    private final ServerConnector connector;

    private JettyHelloServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Binds and starts serving.
     *
     * @param idleTimeoutMillis how long an idle connection is kept; 75 s in the benchmark
     * @param backlog           accept queue length, the same for every server in a run
     * @param body              the response body, the same for every server in a run
     */
    public static JettyHelloServer start(String host, int port, long idleTimeoutMillis, int backlog, byte[] body)
            throws Exception {
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeoutMillis);
        connector.setAcceptQueueSize(backlog);
        server.addConnector(connector);
        server.setHandler(new HelloHandler(body));
        server.start();
        return new JettyHelloServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /**
     * Non-blocking, so Jetty may run it on the selector thread instead of handing every request to
     * the pool: the same shape as the Netty handler and ours.
     */
    private static final class HelloHandler extends Handler.Abstract.NonBlocking {
        private final byte[] body;
        private final HttpField contentLength;

        HelloHandler(byte[] body) {
            this.body = body;
            this.contentLength = new HttpField.LongValueHttpField(HttpHeader.CONTENT_LENGTH, body.length);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            response.getHeaders().put(CONTENT_TYPE).put(contentLength);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse("JettyHelloServer", args, Set.of("host", "port", "idle-timeout-ms", "backlog", "body-line"));
        String host = flags.string("host", "127.0.0.1");
        int port = flags.integer("port", 8082, 0, 65_535);
        int idleTimeoutMillis = flags.integer("idle-timeout-ms", 75_000, 1, Integer.MAX_VALUE);
        int backlog = flags.integer("backlog", 1024, 1, 65_535);
        byte[] body = Hello.body(flags.string("body-line", Hello.DEFAULT_LINE));
        JettyHelloServer server = start(host, port, idleTimeoutMillis, backlog, body);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("jetty_stop_failed " + e);
            }
        }, "jetty-hello-shutdown"));
        System.out.println("jetty_listening host=" + host + " port=" + server.port());
        server.server.join();
    }
}
