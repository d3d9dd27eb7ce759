package dev.keepalive.bench.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * {@code java.net.http.HttpClient} with HTTP/1.1 forced (over plain http it would otherwise try an
 * h2c upgrade on the first request). Its HTTP/1.1 pool has no size limit by default
 * ({@code jdk.httpclient.connectionPoolSize=0}) and keeps idle connections for
 * {@code jdk.httpclient.keepalive.timeout} (30 s by default); both left alone. Default executor.
 */
final class JdkBenchClient implements BenchClient {
    private final URI uri;
    private final boolean post;
    private final HttpClient client;

    JdkBenchClient(URI uri, boolean post) {
        this.uri = uri;
        this.post = post;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public String setup() {
        return "java.net.http.HttpClient (JDK " + Runtime.version() + "), version(HTTP_1_1); pool unbounded "
                + "(jdk.httpclient.connectionPoolSize=0), idle keep-alive 30 s (jdk.httpclient.keepalive.timeout), "
                + "default executor";
    }

    @Override
    public String retryPolicy() {
        return "retries once, at once, a GET or HEAD whose reused connection turned out closed before any "
                + "response byte (ConnectionExpiredException), and any request whose connect failed "
                + "(ConnectException); other methods only with -Djdk.httpclient.enableAllMethodRetry";
    }

    @Override
    public void send() throws Exception {
        HttpRequest request = post ? HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(POST_BODY)).build()
                : HttpRequest.newBuilder(uri).GET().build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        BenchClient.expect(response.statusCode(), response.body());
    }

    @Override
    public long retries() {
        return -1;
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
