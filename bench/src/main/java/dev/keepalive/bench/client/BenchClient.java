package dev.keepalive.bench.client;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * One HTTP client under test, bound to one URL and one method: {@link #send()} sends a GET (or a POST
 * with a 4-byte body), reads the response body to its end and releases the connection, as an
 * application would. A new request object is built for every call (each library's usual way); what
 * can be parsed once (the URL) is parsed once.
 */
interface BenchClient extends AutoCloseable {
    /** The clients of a default run, in report order: ours first. */
    List<String> NAMES = List.of("ours", "jdk", "okhttp", "apache");

    /** Also known to {@link #create}: our client with {@code ClientOptions.defaults()} (16 idle per route). */
    String OURS_DEFAULTS = "ours-defaults";

    /** Short name for the table. */
    String name();

    /** Library and version, and every setting changed from its defaults. */
    String setup();

    /** The library's retry policy, left at its default, in a sentence. */
    String retryPolicy();

    /** The body of every POST. */
    byte[] POST_BODY = "ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * One request to the bound URL; the response body is read to its end.
     *
     * @throws IOException (or the library's own exception) when the caller would see a failure,
     *                     including a status other than 200 or a body other than the expected one
     */
    void send() throws Exception;

    /** Retries the client made (after which the caller saw success or failure), or -1 when not observable. */
    long retries();

    @Override
    void close() throws Exception;

    /**
     * A client called {@code name} (see {@link #NAMES}, {@link #OURS_DEFAULTS}) bound to {@code uri},
     * pools sized to {@code poolSize}, sending GETs or, when {@code post}, POSTs of {@link #POST_BODY}.
     */
    static BenchClient create(String name, URI uri, int poolSize, boolean post) {
        return switch (name) {
            case "ours" -> new OursBenchClient(uri, poolSize, post);
            case OURS_DEFAULTS -> new OursBenchClient(uri, -1, post);
            case "jdk" -> new JdkBenchClient(uri, post);
            case "okhttp" -> new OkHttpBenchClient(uri, poolSize, post);
            case "apache" -> new ApacheBenchClient(uri, poolSize, post);
            default -> throw new IllegalArgumentException("unknown client '" + name + "' (known: " + NAMES + ")");
        };
    }

    /** Checks what every client got back; the same check for all. */
    static void expect(int status, byte[] body) throws IOException {
        if (status != 200) {
            throw new IOException("status " + status + ", expected 200");
        }
        if (body.length != ClientBenchServer.BODY.length) {
            throw new IOException("body of " + body.length + " bytes, expected " + ClientBenchServer.BODY.length);
        }
    }
}
