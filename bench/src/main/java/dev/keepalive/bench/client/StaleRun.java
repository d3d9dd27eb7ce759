package dev.keepalive.bench.client;

import java.util.Arrays;
import java.util.Random;

/**
 * The stale case for one client: {@code gaps.length} sequential GETs, each after its gap, against a
 * server that closes idle connections after a short timeout and never says so in a header. Every
 * client gets the same gaps (one seeded sequence), so they face the same races. What counts is what
 * the caller sees: failures; the latency shows what hiding them cost (a retry, a back-off sleep).
 */
record StaleRun(String client, String method, int requests, long ok, Failures failures, long[] latencyNanos,
                long retries, double seconds, long serverAccepted, long serverRequests) {

    /** Gaps in nanoseconds, uniform in [minMs, maxMs], the same for every client given the same seed. */
    static long[] gaps(int requests, long minMs, long maxMs, long seed) {
        Random random = new Random(seed);
        long[] gaps = new long[requests];
        for (int i = 0; i < requests; i++) {
            gaps[i] = minMs * 1_000_000 + (long) (random.nextDouble() * (maxMs - minMs) * 1_000_000);
        }
        return gaps;
    }

    /** Runs the requests on the calling thread; a failure is counted and the next request goes on. */
    static StaleRun run(BenchClient client, String method, long[] gaps) throws InterruptedException {
        Failures failures = new Failures();
        long[] latency = new long[gaps.length];
        long ok = 0;
        long start = System.nanoTime();
        for (int i = 0; i < gaps.length; i++) {
            Thread.sleep(gaps[i] / 1_000_000, (int) (gaps[i] % 1_000_000));
            long t0 = System.nanoTime();
            try {
                client.send();
                ok++;
            } catch (Exception e) {
                failures.add(e);
            }
            latency[i] = System.nanoTime() - t0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latency);
        return new StaleRun(client.name(), method, gaps.length, ok, failures, latency, client.retries(), seconds, -1, -1);
    }

    /** This run with the counters of its server: connections accepted and requests answered. */
    StaleRun withServer(long accepted, long served) {
        return new StaleRun(client, method, requests, ok, failures, latencyNanos, retries, seconds, accepted, served);
    }

    /** Share of served requests that ran on a connection that had served one before, as the server saw it. */
    double serverReuseRatio() {
        return serverRequests <= 0 ? Double.NaN : Math.max(0, 1 - (double) serverAccepted / serverRequests);
    }

    /** Latency at quantile {@code q} (0..1), milliseconds. */
    double latencyMs(double q) {
        int i = (int) Math.min(latencyNanos.length - 1, Math.ceil(q * latencyNanos.length) - 1);
        return latencyNanos[Math.max(0, i)] / 1e6;
    }
}
