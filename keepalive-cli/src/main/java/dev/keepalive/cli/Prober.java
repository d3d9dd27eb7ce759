package dev.keepalive.cli;

import dev.keepalive.cli.ProbeConnection.NoResponseException;
import dev.keepalive.cli.ProbeConnection.NotHttpException;
import dev.keepalive.cli.ProbeReport.Basics;
import dev.keepalive.cli.ProbeReport.Http10;
import dev.keepalive.cli.ProbeReport.Idle;
import dev.keepalive.cli.ProbeReport.Latency;
import dev.keepalive.cli.ProbeReport.MaxRequests;
import dev.keepalive.cli.ProbeReport.Stats;
import dev.keepalive.core.Durations;
import dev.keepalive.core.Ticker;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Measures what a live HTTP/1.x server really does with persistent connections: {@code kal probe}
 * without the printing. The idle timeout takes longest (about the timeout itself), so it runs on its
 * own connections while the other measurements run one after another:
 * <pre>
 *   basics (reachable? persistent?) --+--> idle timeout (IdleTimeoutProbe, concurrent) ----------+--> report
 *                                     \--> HTTP/1.0 --> max requests --> latency new / reused --/
 * </pre>
 */
final class Prober {
    /** Requests sent on the first connection to see whether it persists. */
    static final int PERSISTENCE_REQUESTS = 3;

    private final ProbeTarget target;
    private final ProbeOptions options;
    private final Ticker ticker;
    private final SSLContext tls;

    Prober(ProbeTarget target, ProbeOptions options, Ticker ticker) {
        this.target = target;
        this.options = options;
        this.ticker = ticker;
        this.tls = target.tls() ? tlsContext(options.insecure()) : null;
    }

    /** The server could not be reached, or did not answer in HTTP/1.x. */
    static final class ProbeFailure extends Exception {
        ProbeFailure(String message) {
            super(message);
        }
    }

    /**
     * Runs every measurement.
     *
     * @param progress told once, with one line, when the server has answered and the long part starts
     * @throws ProbeFailure when the server is unreachable or not HTTP
     */
    ProbeReport probe(Consumer<String> progress) throws ProbeFailure, InterruptedException {
        long start = ticker.nanoTime();
        Basics basics = basics();
        progress.accept(basics.statusLine() + (basics.persistent()
                ? "; measuring the idle timeout (up to " + Durations.format(options.maxIdle()) + ", --max-idle)…"
                : "; the connection does not persist"));
        try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Idle> idle = basics.persistent()
                    ? background.submit(() -> new IdleTimeoutProbe(this::open, options.maxIdle(), options.timeout(),
                            ticker).run())
                    : null;
            Http10 http10 = new Http10(http10(null), http10("keep-alive"));
            MaxRequests maxRequests = basics.persistent() ? maxRequests()
                    : new MaxRequests(MaxRequests.Result.NOT_PERSISTENT, 1, options.maxRequestsProbe(),
                            basics.notPersistent());
            Latency latency = latency();
            Idle idleResult = idle == null
                    ? new Idle(Idle.Result.NOT_PERSISTENT, null, List.of(), null, options.maxIdle(), List.of(),
                            null, null, basics.notPersistent())
                    : join(idle);
            return new ProbeReport(target.url(), Duration.ofNanos(ticker.nanoTime() - start), basics, http10,
                    idleResult, maxRequests, latency, ProbeAdvice.of(basics, idleResult, maxRequests));
        }
    }

    private Idle join(Future<Idle> idle) throws InterruptedException {
        try {
            return idle.get();
        } catch (ExecutionException e) {
            return new Idle(Idle.Result.FAILED, null, List.of(), null, options.maxIdle(), List.of(), null, null,
                    Problems.oneLine(e.getCause()));
        }
    }

    ProbeConnection open() throws IOException {
        return ProbeConnection.open(target, tls, options.timeout(), ticker, !options.insecure());
    }

    /** The first connection: is it HTTP, and does it persist? Everything else builds on this. */
    private Basics basics() throws ProbeFailure {
        ProbeConnection c;
        try {
            c = open();
        } catch (UnknownHostException e) {
            throw new ProbeFailure("unknown host '" + target.host() + "'");
        } catch (SSLException e) {
            throw new ProbeFailure("TLS handshake with " + target.address() + " failed: " + Problems.oneLine(e));
        } catch (SocketTimeoutException e) {
            throw new ProbeFailure("cannot connect to " + target.address() + ": no answer within "
                    + Durations.format(options.timeout()));
        } catch (IOException e) {
            throw new ProbeFailure("cannot connect to " + target.address() + ": " + Problems.oneLine(e));
        }
        try (c) {
            ProbeResponse first;
            try {
                first = c.exchange(false, null);
            } catch (NotHttpException e) {
                throw new ProbeFailure(target.address() + " is not an HTTP/1.x server: " + e.getMessage());
            } catch (NoResponseException e) {
                throw new ProbeFailure(target.address() + " closed the connection without an HTTP response");
            } catch (SocketTimeoutException e) {
                throw new ProbeFailure("no HTTP response from " + target.address() + " within "
                        + Durations.format(options.timeout()));
            } catch (IOException e) {
                throw new ProbeFailure("no HTTP response from " + target.address() + ": " + Problems.oneLine(e));
            }
            int answered = 1;
            int sent = 1;
            String notPersistent = first.persistent() ? null : whyNotPersistent(first);
            for (ProbeResponse last = first; last.persistent() && sent < PERSISTENCE_REQUESTS; ) {
                sent++;
                try {
                    last = c.exchange(false, null);
                    answered++;
                } catch (IOException e) {
                    notPersistent = "request " + sent + " on the same connection failed: " + Problems.oneLine(e);
                    break;
                }
            }
            long timeout = first.keepAliveTimeout();
            long max = first.keepAliveMax();
            return new Basics(first.statusLine(), first.version(), first.status(), first.header("Server"),
                    answered > 1, answered, sent, first.header("Connection"), first.header("Keep-Alive"),
                    timeout >= 0 ? Duration.ofSeconds(timeout) : null, max >= 0 ? max + 1 : -1,
                    answered > 1 ? null : notPersistent);
        }
    }

    private static String whyNotPersistent(ProbeResponse r) {
        if (r.hasToken("Connection", "close")) {
            return "the response says Connection: close";
        }
        if (r.closeDelimited()) {
            return "the response has no Content-Length and is not chunked: its end is the connection's end";
        }
        return r.version() + " response without Connection: keep-alive";
    }

    /** An HTTP/1.0 request, and whether the connection then carries a second one. */
    private Http10.Check http10(String connection) {
        try (ProbeConnection c = open()) {
            ProbeResponse r = c.exchange(true, connection);
            boolean persisted = false;
            String detail;
            if (r.closeDelimited()) {
                detail = "body ended by FIN";
            } else {
                try {
                    c.exchange(true, connection);
                    persisted = true;
                    detail = "a second request was answered";
                } catch (IOException e) {
                    detail = "a second request got " + ended(e);
                }
            }
            return new Http10.Check(r.statusLine(), r.header("Connection"), r.header("Keep-Alive"), persisted, detail);
        } catch (IOException e) {
            return new Http10.Check(null, null, null, false, "request failed: " + Problems.oneLine(e));
        }
    }

    private static String ended(IOException e) {
        if (e instanceof NoResponseException || e instanceof EOFException) {
            return "FIN";
        }
        if (e instanceof SocketTimeoutException) {
            return "left open without an answer";
        }
        return e instanceof SocketException ? "RST" : Problems.oneLine(e);
    }

    /** Sequential requests on one connection until the server ends it, up to --max-requests-probe. */
    private MaxRequests maxRequests() {
        int limit = options.maxRequestsProbe();
        try (ProbeConnection c = open()) {
            for (int i = 1; i <= limit; i++) {
                ProbeResponse r;
                try {
                    r = c.exchange(false, null);
                } catch (NoResponseException | EOFException | SocketException e) {
                    if (i == 1) {
                        return new MaxRequests(MaxRequests.Result.FAILED, 0, limit, Problems.oneLine(e));
                    }
                    return new MaxRequests(MaxRequests.Result.CLOSED_WITHOUT_NOTICE, i - 1, limit,
                            "request " + i + " failed (" + ended(e) + ")");
                }
                if (!r.persistent()) {
                    return new MaxRequests(MaxRequests.Result.CONNECTION_CLOSE, i, limit, whyNotPersistent(r));
                }
            }
            return new MaxRequests(MaxRequests.Result.NONE, limit, limit, null);
        } catch (IOException e) {
            return new MaxRequests(MaxRequests.Result.FAILED, 0, limit, Problems.oneLine(e));
        }
    }

    /** --samples requests on new connections, then as many on reused ones. */
    private Latency latency() {
        int n = options.samples();
        long[] fresh = new long[n];
        long[] connect = new long[n];
        long[] handshake = new long[n];
        int freshCount = 0;
        String detail = null;
        for (int i = 0; i < n; i++) {
            long t0 = ticker.nanoTime();
            try (ProbeConnection c = open()) {
                ProbeResponse r = c.exchange(false, null);
                fresh[freshCount] = r.endNanos() - t0;
                connect[freshCount] = c.connectNanos;
                handshake[freshCount] = c.tlsNanos;
                freshCount++;
            } catch (IOException e) {
                detail = "new connection " + (i + 1) + " failed: " + Problems.oneLine(e);
                break;
            }
        }
        long[] reused = new long[n];
        int reusedCount = 0;
        int reconnects = 0;
        ProbeConnection c = null;
        try {
            ProbeResponse last = null;
            while (reusedCount < n && reconnects <= n) {
                if (c == null || !last.persistent()) {
                    if (c != null) {
                        c.close();
                        reconnects++;
                    }
                    c = open();
                    last = c.exchange(false, null); // the connection's first request is not a reuse
                    if (!last.persistent()) {
                        detail = "the server closes after every response: no reused connection to time";
                        break;
                    }
                    continue;
                }
                try {
                    last = c.exchange(false, null);
                } catch (NoResponseException | EOFException | SocketException e) {
                    last = null;
                    c.close();
                    c = null;
                    reconnects++;
                    continue;
                }
                reused[reusedCount++] = last.endNanos() - last.startNanos();
            }
        } catch (IOException e) {
            detail = (detail == null ? "" : detail + "; ") + "reused connection failed: " + Problems.oneLine(e);
        } finally {
            if (c != null) {
                c.close();
            }
        }
        return new Latency(n, Stats.of(fresh, freshCount), Stats.of(reused, reusedCount), Stats.of(connect, freshCount),
                target.tls() ? Stats.of(handshake, freshCount) : null,
                target.tls() && freshCount > 0 ? handshake[0] : 0, reconnects, detail);
    }

    private static SSLContext tlsContext(boolean insecure) {
        try {
            if (!insecure) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS support in this JDK: " + Problems.oneLine(e), e);
        }
    }

    /** --insecure: any certificate, any host name. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
