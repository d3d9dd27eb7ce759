package dev.keepalive.bench.client;

import dev.keepalive.http.Handler;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.Response;
import dev.keepalive.http.ServerOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers of the client benchmark, in a JVM of their own so that the clients' allocation and JIT
 * do not share a heap or a safepoint with them. All are our {@link HttpServer}, answering every
 * request with {@code hello from kal\n} on its event loop, as {@code kal serve} answers {@code /}:
 * <ul>
 *   <li>server 0: {@code kal serve}'s defaults (idle timeout 75 s, {@code Keep-Alive} header on,
 *       1000 requests per connection) for the throughput cases;</li>
 *   <li>servers 1..N: the stale case, one per client so that each server's counters belong to one
 *       client: a short idle timeout and no {@code Keep-Alive} header, so a client cannot know when
 *       the server will close an idle connection.</li>
 * </ul>
 * Talks to {@link HttpClientBench} over stdin/stdout, one line each way:
 * <pre>
 *   (start)      -> READY 41234 41235,41236,41237,41238
 *   stats 2      -> STATS 2 {"openConnections":0, ...}      (ServerStats.toJson of server 2)
 *   quit or EOF  -> the servers close and the JVM exits
 * </pre>
 *
 * <pre>java -cp ... dev.keepalive.bench.client.ClientBenchServer [--stale-servers 4] [--stale-idle-ms 250]</pre>
 */
public final class ClientBenchServer {
    /** The body of every response: what {@code kal serve} answers on {@code /}. */
    static final byte[] BODY = "hello from kal\n".getBytes(StandardCharsets.US_ASCII);

    private ClientBenchServer() {
    }

    public static void main(String[] args) throws IOException {
        int staleServers = 4;
        long staleIdleMs = 250;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--stale-servers" -> staleServers = Integer.parseInt(args[i + 1]);
                case "--stale-idle-ms" -> staleIdleMs = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "' (flags: --stale-servers, --stale-idle-ms)");
            }
        }
        Handler hello = Handler.nonBlocking(request -> Response.of(200, "text/plain; charset=utf-8", BODY));
        List<HttpServer> servers = new ArrayList<>();
        try {
            servers.add(HttpServer.start(ServerOptions.builder().port(0).build(), hello));
            ServerOptions stale = ServerOptions.builder()
                    .port(0)
                    .idleTimeout(Duration.ofMillis(staleIdleMs))
                    .keepAliveHeader(false)
                    .build();
            List<String> stalePorts = new ArrayList<>();
            for (int i = 0; i < staleServers; i++) {
                HttpServer server = HttpServer.start(stale, hello);
                servers.add(server);
                stalePorts.add(Integer.toString(server.port()));
            }
            System.out.println("READY " + servers.get(0).port() + " " + String.join(",", stalePorts));
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                String[] words = line.trim().split("\\s+");
                if (words.length == 2 && words[0].equals("stats")) {
                    int index = Integer.parseInt(words[1]);
                    System.out.println("STATS " + index + " " + servers.get(index).stats().toJson());
                } else {
                    System.out.println("ERROR unknown command '" + line + "' (stats N, quit)");
                }
                System.out.flush();
            }
        } finally {
            for (HttpServer server : servers) {
                server.close();
            }
        }
    }
}
