package dev.keepalive.bench.client;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.VersionInfo;

/**
 * Apache HttpClient 5, classic (blocking) API, {@link PoolingHttpClientConnectionManager} with
 * {@code poolSize} connections in total and per route (defaults 25 and 5). The retry strategy is
 * the default {@link DefaultHttpRequestRetryStrategy}, wrapped only to count its decisions.
 */
final class ApacheBenchClient implements BenchClient {
    private final URI uri;
    private final int poolSize;
    private final boolean post;
    private final CloseableHttpClient client;
    private final AtomicLong retries = new AtomicLong();

    ApacheBenchClient(URI uri, int poolSize, boolean post) {
        this.uri = uri;
        this.poolSize = poolSize;
        this.post = post;
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(poolSize)
                .setMaxConnPerRoute(poolSize)
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setRetryStrategy(new Counting(DefaultHttpRequestRetryStrategy.INSTANCE, retries))
                .build();
    }

    @Override
    public String name() {
        return "apache";
    }

    @Override
    public String setup() {
        VersionInfo version = VersionInfo.loadVersionInfo("org.apache.hc.client5", HttpClients.class.getClassLoader());
        return "Apache HttpClient " + (version == null ? "5" : version.getRelease()) + " classic, "
                + "PoolingHttpClientConnectionManager maxTotal " + poolSize + ", maxPerRoute " + poolSize
                + "; other settings default";
    }

    @Override
    public String retryPolicy() {
        return "DefaultHttpRequestRetryStrategy: 1 retry, at once, of an idempotent request after an I/O error "
                + "other than InterruptedIO, UnknownHost, Connect, ConnectionClosed, NoRouteToHost and SSL "
                + "exceptions (NoHttpResponseException and 'Connection reset' are retried); 429/503 retried after "
                + "1 s; a pooled connection is checked for staleness (1 ms read) only after 2 s idle "
                + "(validateAfterInactivity)";
    }

    @Override
    public void send() throws Exception {
        ClassicHttpRequest request;
        if (post) {
            HttpPost p = new HttpPost(uri);
            p.setEntity(new ByteArrayEntity(POST_BODY, ContentType.TEXT_PLAIN));
            request = p;
        } else {
            request = new HttpGet(uri);
        }
        client.execute(request, response -> {
            byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
            BenchClient.expect(response.getCode(), body);
            return null;
        });
    }

    @Override
    public long retries() {
        return retries.get();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** The default strategy, counting the retries it allows. */
    private record Counting(HttpRequestRetryStrategy delegate, AtomicLong count) implements HttpRequestRetryStrategy {
        @Override
        public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
            boolean retry = delegate.retryRequest(request, exception, execCount, context);
            if (retry) {
                count.incrementAndGet();
            }
            return retry;
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            boolean retry = delegate.retryRequest(response, execCount, context);
            if (retry) {
                count.incrementAndGet();
            }
            return retry;
        }

        @Override
        public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
            return delegate.getRetryInterval(response, execCount, context);
        }

        @Override
        public TimeValue getRetryInterval(HttpRequest request, IOException exception, int execCount,
                                          HttpContext context) {
            return delegate.getRetryInterval(request, exception, execCount, context);
        }
    }
}
