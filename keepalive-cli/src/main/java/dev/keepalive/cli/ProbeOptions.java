package dev.keepalive.cli;

import dev.keepalive.core.Checks;
import java.time.Duration;

/**
 * Settings of a {@link Prober} run. Immutable; build with {@link #builder()}; a bad value is refused
 * with the option's name, the value and the allowed range.
 *
 * @param maxIdle          longest idle time measured: a server that keeps an idle connection open this
 *                         long is reported as having no idle timeout up to it. Default 120 s; 1 s..24 h.
 * @param maxRequestsProbe most requests sent on one connection to find the server's limit. Default
 *                         1000; 1..1 000 000.
 * @param samples          latency samples on new and on reused connections, each. Default 50; 1..100 000.
 * @param timeout          connect, TLS handshake and response deadline of every request. Default 10 s;
 *                         100 ms..10 min.
 * @param insecure         https: trust any certificate and host name. Default false.
 */
record ProbeOptions(Duration maxIdle, int maxRequestsProbe, int samples, Duration timeout, boolean insecure) {

    ProbeOptions {
        Checks.range("maxIdle", maxIdle, Duration.ofSeconds(1), Duration.ofHours(24));
        Checks.range("maxRequestsProbe", maxRequestsProbe, 1, 1_000_000);
        Checks.range("samples", samples, 1, 100_000);
        Checks.range("timeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(10));
    }

    static ProbeOptions defaults() {
        return builder().build();
    }

    static Builder builder() {
        return new Builder();
    }

    /** Mutable builder holding the defaults documented on {@link ProbeOptions}. */
    static final class Builder {
        private Duration maxIdle = Duration.ofSeconds(120);
        private int maxRequestsProbe = 1000;
        private int samples = 50;
        private Duration timeout = Duration.ofSeconds(10);
        private boolean insecure;

        private Builder() {
        }

        Builder maxIdle(Duration v) { maxIdle = v; return this; }
        Builder maxRequestsProbe(int v) { maxRequestsProbe = v; return this; }
        Builder samples(int v) { samples = v; return this; }
        Builder timeout(Duration v) { timeout = v; return this; }
        Builder insecure(boolean v) { insecure = v; return this; }

        ProbeOptions build() {
            return new ProbeOptions(maxIdle, maxRequestsProbe, samples, timeout, insecure);
        }
    }
}
