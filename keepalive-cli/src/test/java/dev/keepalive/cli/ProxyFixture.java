package dev.keepalive.cli;

import dev.keepalive.http.HttpServer;
import dev.keepalive.http.ServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The loopback rig of the proxy tests: an upstream that echoes every byte on every connection and, for
 * in-process tests, a {@link FaultProxy} in front of it with its admin API on a port of its own. Closing it
 * closes everything it opened, clients included, newest first.
 */
final class ProxyFixture implements AutoCloseable {
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>(); // added to by the accept thread
    private final ServerSocket echo;
    private FaultProxy proxy;
    private HttpServer admin;

    private ProxyFixture() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(echo);
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    toClose.add(s);
                    Thread.ofVirtual().start(() -> echoAll(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** Only the echo upstream (for a proxy in another process). */
    static ProxyFixture echoOnly() throws IOException {
        return new ProxyFixture();
    }

    /** The echo upstream, a proxy with {@code options} in front of it, and the proxy's admin API. */
    static ProxyFixture start(ProxyOptions options) throws IOException {
        ProxyFixture f = new ProxyFixture();
        try {
            f.proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", 0),
                    new InetSocketAddress("127.0.0.1", f.echo.getLocalPort()), options);
            f.toClose.add(f.proxy);
            f.admin = HttpServer.start(ServerOptions.builder().host("127.0.0.1").port(0).eventLoops(1).build(),
                    new ProxyAdmin(f.proxy));
            f.toClose.add(f.admin);
            return f;
        } catch (IOException | RuntimeException e) {
            try {
                f.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void echoAll(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
            s.shutdownOutput();
        } catch (IOException e) {
            // the test is over or the proxy reset us
        }
    }

    int echoPort() {
        return echo.getLocalPort();
    }

    FaultProxy proxy() {
        return proxy;
    }

    /** A new client connection through the proxy: no Nagle delay, 2 s read timeout, closed with the fixture. */
    Socket client() throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setTcpNoDelay(true);
        s.setSoTimeout(2_000);
        toClose.add(s);
        return s;
    }

    /** One request to this fixture's admin API; returns "STATUS body". */
    String admin(String method, String target) throws IOException {
        return admin(admin.port(), method, target);
    }

    /** One admin request on its own connection to {@code port}; returns "STATUS body". */
    static String admin(int port, String method, String target) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2_000);
            s.getOutputStream().write(bytes(method + " " + target + " HTTP/1.1\r\nHost: kal\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n"));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(9, 12) + " " + response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    /** Writes {@code data} and reads as many bytes back. */
    static byte[] roundTrip(Socket s, byte[] data) throws IOException {
        s.getOutputStream().write(data);
        return s.getInputStream().readNBytes(data.length);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }
}
