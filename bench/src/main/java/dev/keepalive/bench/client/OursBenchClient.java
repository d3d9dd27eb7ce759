package dev.keepalive.bench.client;

import dev.keepalive.http.ClientOptions;
import dev.keepalive.http.ClientRequest;
import dev.keepalive.http.ClientResponse;
import dev.keepalive.http.HttpClient;
import java.net.URI;

/**
 * Our client. Pool sized like the peers': {@code maxConnectionsPerRoute} and {@code maxIdlePerRoute}
 * both {@code poolSize} (the defaults are 64 and 16; with 16 idle, 64 threads close up to 48
 * connections after every round of requests). Everything else at its default. As {@code
 * ours-defaults} ({@code poolSize} < 0): {@link ClientOptions#defaults()}, to see what that costs.
 */
final class OursBenchClient implements BenchClient {
    private final URI uri;
    private final int poolSize;
    private final boolean post;
    private final HttpClient client;

    OursBenchClient(URI uri, int poolSize, boolean post) {
        this.uri = uri;
        this.poolSize = poolSize;
        this.post = post;
        this.client = HttpClient.create(poolSize < 0 ? ClientOptions.defaults() : ClientOptions.builder()
                .maxConnectionsPerRoute(poolSize)
                .maxIdlePerRoute(poolSize)
                .build());
    }

    @Override
    public String name() {
        return poolSize < 0 ? "ours-defaults" : "ours";
    }

    @Override
    public String setup() {
        ClientOptions o = client.options();
        return "dev.keepalive.http.HttpClient (this tree), maxConnectionsPerRoute " + o.maxConnectionsPerRoute()
                + ", maxIdlePerRoute " + o.maxIdlePerRoute() + "; idle TTL 50 s (capped by Keep-Alive: timeout - 1 s), stale check before reuse, "
                + "idle check every 1 s";
    }

    @Override
    public String retryPolicy() {
        return "retryIdempotent=true: once, on a fresh connection, when a reused connection fails before any "
                + "response byte, idempotent methods only";
    }

    @Override
    public void send() throws Exception {
        ClientRequest request = post ? ClientRequest.of("POST", uri, POST_BODY) : ClientRequest.get(uri);
        try (ClientResponse response = client.send(request)) {
            BenchClient.expect(response.status(), response.bodyBytes());
        }
    }

    @Override
    public long retries() {
        return client.stats().retries();
    }

    /** Our client's own counters, for the report. */
    String stats() {
        return client.stats().toJson();
    }

    @Override
    public void close() {
        client.close();
    }
}
