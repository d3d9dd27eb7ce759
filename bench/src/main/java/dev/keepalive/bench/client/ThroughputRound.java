package dev.keepalive.bench.client;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * One timed round of GETs with one client: on the calling thread (sequential case) or on {@code
 * threads} virtual threads that start together (parallel case). Requests/s = completed requests /
 * time until the last thread finished its last request; failed requests count as failures, not
 * requests.
 */
record ThroughputRound(long ok, Failures failures, double seconds, CpuMeter.Cores cores) {
    /** Stops a round that only fails (a dead server, say) instead of spinning for the whole duration. */
    private static final long MAX_FAILURES = 10_000;

    double perSecond() {
        return ok / seconds;
    }

    /** @param threads 0 for the calling thread, else that many virtual threads */
    static ThroughputRound run(BenchClient client, int threads, Duration duration, CpuMeter cpu)
            throws InterruptedException {
        Failures failures = new Failures();
        long ok;
        CpuMeter.Sample before;
        long start;
        if (threads == 0) {
            before = cpu.sample();
            start = System.nanoTime();
            ok = loop(client, start + duration.toNanos(), failures);
        } else {
            LongAdder total = new LongAdder();
            CountDownLatch go = new CountDownLatch(1);
            long[] deadline = new long[1];
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < threads; i++) {
                    executor.submit(() -> {
                        go.await();
                        total.add(loop(client, deadline[0], failures));
                        return null;
                    });
                }
                Thread.sleep(20); // let them all reach the latch
                before = cpu.sample();
                start = System.nanoTime();
                deadline[0] = start + duration.toNanos();
                go.countDown(); // publishes deadline[0]
            } // close() waits for every thread's last request
            ok = total.sum();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new ThroughputRound(ok, failures, seconds, cpu.since(before));
    }

    private static long loop(BenchClient client, long deadline, Failures failures) {
        long ok = 0;
        while (System.nanoTime() < deadline && failures.total() < MAX_FAILURES) {
            try {
                client.send();
                ok++;
            } catch (Exception e) {
                failures.add(e);
            }
        }
        return ok;
    }
}
