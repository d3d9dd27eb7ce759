package dev.keepalive.cli;

import dev.keepalive.cli.ProbeReport.Basics;
import dev.keepalive.cli.ProbeReport.Idle;
import dev.keepalive.cli.ProbeReport.Idle.Verification;
import dev.keepalive.cli.ProbeReport.MaxRequests;
import dev.keepalive.core.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Safe client settings derived from what a probe measured, and warnings where the server says one thing
 * and does another. DESIGN.md: a client's idle TTL must be shorter than its server's idle timeout.
 *
 * @param idleTtl     the longest idle time a client should keep a connection for reuse, or null when
 *                    there is nothing to advise (see idleBasis)
 * @param idleBasis   why that value
 * @param maxRequests requests a client should send on one connection at most, or -1 for no limit found
 * @param maxBasis    why that value
 * @param warnings    one sentence each, in the order found
 */
record ProbeAdvice(Duration idleTtl, String idleBasis, int maxRequests, String maxBasis, List<String> warnings) {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /**
     * The client idle TTL for a server idle timeout of {@code idleNanos}: {@code min(T - 1 s, 0.9 T)}, but
     * at least {@code T / 2}, so short timeouts keep some reuse; below 10 s rounded to 100 ms, above down
     * to whole seconds. 0 when the timeout is too short to advise reuse at all (under 100 ms).
     */
    static long idleTtlNanos(long idleNanos) {
        if (idleNanos < TimeUnit.MILLISECONDS.toNanos(100)) {
            return 0;
        }
        long ttl = Math.max(Math.min(idleNanos - SECOND, idleNanos / 10 * 9), idleNanos / 2);
        long step = ttl >= 10 * SECOND ? SECOND : SECOND / 10;
        long rounded = ttl >= 10 * SECOND ? ttl / step * step : (ttl + step / 2) / step * step;
        return Math.max(rounded, TimeUnit.MILLISECONDS.toNanos(50));
    }

    static ProbeAdvice of(Basics basics, Idle idle, MaxRequests max) {
        List<String> warnings = new ArrayList<>();
        Duration ttl = null;
        String idleBasis;
        Duration advertised = basics.advertisedIdle();
        switch (idle.result()) {
            case MEASURED -> {
                long measured = idle.measured().toNanos();
                long tolerance = IdleTimeoutProbe.toleranceNanos(measured);
                long shortest = idle.samples().isEmpty() ? measured : idle.samples().get(0).toNanos();
                long base = measured;
                idleBasis = "min(measured - 1 s, 0.9 x measured) of " + ProbeFormat.duration(measured);
                if (measured - shortest > tolerance) {
                    base = shortest;
                    idleBasis = "from the shortest idle timeout seen, " + ProbeFormat.duration(shortest);
                    warnings.add("idle connections were closed after between " + ProbeFormat.duration(shortest)
                            + " and " + ProbeFormat.duration(idle.samples().get(idle.samples().size() - 1).toNanos())
                            + ": the idle timeout varies (adaptive under load, or jittered)");
                }
                for (Verification v : idle.verifications()) {
                    if (!v.ok()) {
                        warnings.add("a connection idle for " + ProbeFormat.duration(v.idle().toNanos())
                                + ", under the measured " + ProbeFormat.duration(measured) + ", was not usable ("
                                + v.detail() + "): the idle timeout is shorter on some connections");
                        if (v.idle().toNanos() < base) {
                            base = v.idle().toNanos();
                            idleBasis = "from the failed verification at " + ProbeFormat.duration(base);
                        }
                    }
                }
                long advice = idleTtlNanos(base);
                if (advice == 0) {
                    idleBasis = "the server closes idle connections within " + ProbeFormat.duration(base)
                            + ": don't keep them for reuse";
                } else {
                    ttl = Duration.ofNanos(advice);
                }
                if (advertised != null) {
                    long a = advertised.toNanos();
                    if (a > measured + tolerance) {
                        warnings.add("the server advertises Keep-Alive: timeout=" + advertised.toSeconds()
                                + " but closes idle connections after " + ProbeFormat.duration(measured)
                                + ": clients that trust the header will reuse connections the server has closed");
                    } else if (a + SECOND < measured - tolerance) {
                        // the header has whole seconds: a server may round down by up to 1 s
                        warnings.add("the server advertises Keep-Alive: timeout=" + advertised.toSeconds()
                                + " but keeps idle connections for " + ProbeFormat.duration(measured)
                                + ": clients that trust the header drop them earlier than needed");
                    }
                }
            }
            case NONE -> {
                long maxIdle = idle.maxIdle().toNanos();
                ttl = Duration.ofNanos(idleTtlNanos(maxIdle));
                idleBasis = "no idle timeout up to " + Durations.format(idle.maxIdle())
                        + " (--max-idle); proxies and NATs on the way may still close sooner";
                if (advertised != null && advertised.toNanos() + SECOND
                        + IdleTimeoutProbe.toleranceNanos(advertised.toNanos()) < maxIdle) {
                    warnings.add("the server advertises Keep-Alive: timeout=" + advertised.toSeconds()
                            + " but idle connections stayed open and usable for " + Durations.format(idle.maxIdle())
                            + ": clients that trust the header drop them earlier than needed");
                }
            }
            case SILENT_DROP -> {
                Duration low = idle.lowerBound();
                String when = low == null ? "within " + ProbeFormat.duration(idle.upperBound().toNanos())
                        : "after between " + ProbeFormat.duration(low.toNanos()) + " and "
                                + ProbeFormat.duration(idle.upperBound().toNanos());
                warnings.add("idle connections became unusable " + when
                        + " with no FIN or RST (a NAT, firewall or load balancer on the way?):"
                        + " a client only finds out when a request fails");
                if (low != null && idleTtlNanos(low.toNanos()) > 0) {
                    ttl = Duration.ofNanos(idleTtlNanos(low.toNanos()));
                    idleBasis = "from the longest idle time that still worked, " + ProbeFormat.duration(low.toNanos());
                } else {
                    idleBasis = "no idle time was found safe: don't keep connections for reuse";
                }
            }
            case NOT_PERSISTENT -> idleBasis = "the server closes after every response: nothing to reuse";
            default -> idleBasis = "not measured: " + idle.detail();
        }

        int maxRequests = -1;
        String maxBasis;
        int enforced = max.enforced();
        long advertisedMax = basics.advertisedMax();
        switch (max.result()) {
            case CONNECTION_CLOSE -> {
                maxRequests = enforced;
                maxBasis = "the server says Connection: close on response " + enforced
                        + "; a client that honours it needs no setting";
            }
            case CLOSED_WITHOUT_NOTICE -> {
                maxRequests = enforced;
                maxBasis = "the server closes after " + enforced + " requests without notice";
                warnings.add("the server closed the connection after " + enforced
                        + " requests without Connection: close: request " + (enforced + 1)
                        + " on it fails, so clients must stop at " + enforced + " or retry");
            }
            case NONE -> maxBasis = "no limit up to " + max.limit() + " (--max-requests-probe)";
            case NOT_PERSISTENT -> maxBasis = "the server closes after every response";
            default -> maxBasis = "not measured: " + max.detail();
        }
        if (advertisedMax > 0) {
            String header = "the server advertises Keep-Alive: max=" + (advertisedMax - 1) + " on the first response ("
                    + advertisedMax + " requests per connection)";
            if (enforced > 0 && enforced != advertisedMax) {
                warnings.add(header + " but closed the connection after " + enforced);
            } else if (max.result() == MaxRequests.Result.NONE && advertisedMax < max.limit()) {
                warnings.add(header + " but answered " + max.limit() + " on one connection");
            }
        }
        return new ProbeAdvice(ttl, idleBasis, maxRequests, maxBasis, List.copyOf(warnings));
    }

    /** The kal client settings that follow, as code, or null when there is nothing to set. */
    String kalClient() {
        if (idleTtl == null) {
            return null;
        }
        long ms = idleTtl.toMillis();
        String value = ms % 1000 == 0 ? "Duration.ofSeconds(" + ms / 1000 + ")" : "Duration.ofMillis(" + ms + ")";
        return String.format(Locale.ROOT, "ClientOptions.builder().idleTtl(%s)", value);
    }
}
