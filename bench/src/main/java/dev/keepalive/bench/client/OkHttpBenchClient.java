package dev.keepalive.bench.client;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * OkHttp 4 with synchronous calls ({@code execute()}: the dispatcher's 5-per-host limit applies only
 * to async calls). Connection pool: {@code poolSize} idle connections (default 5), keep-alive 5 min
 * (its default). An {@link EventListener} counts, without changing behaviour, how often a call took
 * a second connection: OkHttp's silent retries.
 */
final class OkHttpBenchClient implements BenchClient {
    private final HttpUrl url;
    private final int poolSize;
    private final RequestBody postBody;
    private final OkHttpClient client;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong acquired = new AtomicLong();

    OkHttpBenchClient(URI uri, int poolSize, boolean post) {
        this.url = HttpUrl.get(uri.toString());
        this.poolSize = poolSize;
        this.postBody = post ? RequestBody.create(POST_BODY, MediaType.get("text/plain")) : null;
        this.client = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(poolSize, 5, TimeUnit.MINUTES))
                .protocols(List.of(Protocol.HTTP_1_1))
                .eventListener(new EventListener() {
                    @Override
                    public void callStart(Call call) {
                        calls.incrementAndGet();
                    }

                    @Override
                    public void connectionAcquired(Call call, Connection connection) {
                        acquired.incrementAndGet();
                    }
                })
                .build();
    }

    @Override
    public String name() {
        return "okhttp";
    }

    @Override
    public String setup() {
        return "OkHttp " + okhttp3.OkHttp.VERSION + ", ConnectionPool(" + poolSize + " idle, 5 min), protocols [http/1.1], "
                + "synchronous execute()";
    }

    @Override
    public String retryPolicy() {
        return "retryOnConnectionFailure=true: silently retries on a new connection after a connection failure "
                + "(e.g. 'unexpected end of stream' on a pooled connection); a pooled connection is checked "
                + "for health (socket read) before a GET only after 10 s idle";
    }

    @Override
    public void send() throws Exception {
        Request.Builder builder = new Request.Builder().url(url);
        Request request = (postBody == null ? builder : builder.post(postBody)).build();
        try (Response response = client.newCall(request).execute()) {
            ResponseBody body = response.body();
            BenchClient.expect(response.code(), body == null ? new byte[0] : body.bytes());
        }
    }

    @Override
    public long retries() {
        return Math.max(0, acquired.get() - calls.get());
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
