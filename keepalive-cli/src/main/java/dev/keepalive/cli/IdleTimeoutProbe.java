package dev.keepalive.cli;

import dev.keepalive.cli.ProbeReport.Idle;
import dev.keepalive.cli.ProbeReport.Idle.Result;
import dev.keepalive.cli.ProbeReport.Idle.Verification;
import dev.keepalive.core.Durations;
import dev.keepalive.core.Ticker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Measures a server's real idle timeout in about that timeout, not a multiple of it.
 *
 * <p>Three <em>primary</em> connections each send one request and then wait passively for the server to
 * end them (FIN, RST, or unasked bytes such as a 408), timing from the end of the response; the median
 * is the idle timeout. Meanwhile <em>staggered</em> connections open 250 ms, 375 ms, 563 ms ... (x 1.5) after
 * the start, so that when the timeout T is known some of them have been idle for less than T: they are
 * the verification probes. One waits until it has been idle for just under T (T minus the measurement
 * error), another until the advised client idle TTL, and each then sends a request that must be answered.
 * A verification therefore costs at most the gap to the next staggered start (a third of the idle time it
 * checks), not another T: about 15 staggered connections cover 120 s.
 *
 * <p>When nothing ends the primaries within {@code maxIdle}, they send a request: answered means no idle
 * timeout up to {@code maxIdle}; failed means something dropped the connections without a FIN or RST
 * (a NAT or firewall, typically), and the staggered connections, idle for different times, then send a
 * request each to bracket when.
 *
 * <pre>
 *   watcher: open -> request -> IDLE --FIN/RST/bytes--> CLOSED
 *                                 |--verifyAt or maxIdle reached--> request -> ANSWERED | FAILED
 *                                 \--cancelled--> (closed by us)
 * </pre>
 */
final class IdleTimeoutProbe {
    static final int PRIMARIES = 3;
    private static final long FIRST_STAGGER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** How often an idle watcher looks at its orders; a FIN is seen at once regardless. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long SLACK_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Opens a connection to the server under test. */
    interface Opener {
        ProbeConnection open() throws IOException;
    }

    private final Opener opener;
    private final long maxIdleNanos;
    private final long timeoutNanos;
    private final Ticker ticker;

    IdleTimeoutProbe(Opener opener, Duration maxIdle, Duration timeout, Ticker ticker) {
        this.opener = opener;
        this.maxIdleNanos = maxIdle.toNanos();
        this.timeoutNanos = timeout.toNanos();
        this.ticker = ticker;
    }

    /** The error allowed on a measured idle timeout: 10 % or 500 ms, whichever is larger. */
    static long toleranceNanos(long measuredNanos) {
        return Math.max(measuredNanos / 10, TimeUnit.MILLISECONDS.toNanos(500));
    }

    Idle run() throws InterruptedException {
        List<Watcher> primaries = new ArrayList<>();
        List<Watcher> staggered = new CopyOnWriteArrayList<>();
        CountDownLatch stopStaggering = new CountDownLatch(1);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        Future<?> staggering = null;
        try {
            long start = ticker.nanoTime();
            for (int i = 0; i < PRIMARIES; i++) {
                Watcher w = new Watcher(true, -1);
                primaries.add(w);
                threads.execute(w);
            }
            staggering = threads.submit(() -> {
                for (long offset = FIRST_STAGGER_NANOS; offset < maxIdleNanos; offset += offset / 2) {
                    long wait = start + offset - ticker.nanoTime();
                    if (stopStaggering.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                        return null;
                    }
                    Watcher w = new Watcher(false, -1);
                    staggered.add(w);
                    threads.execute(w);
                }
                return null;
            });
            List<Outcome> outcomes = new ArrayList<>();
            for (Watcher w : primaries) {
                outcomes.add(w.await(maxIdleNanos + 2 * timeoutNanos + SLACK_NANOS));
            }
            stopStaggering.countDown();
            awaitQuietly(staggering); // no staggered start after this: conclude sees every one
            return conclude(outcomes, staggered, threads);
        } finally {
            stopStaggering.countDown();
            awaitQuietly(staggering);
            primaries.forEach(w -> w.cancelled = true);
            staggered.forEach(w -> w.cancelled = true);
            threads.shutdown();
            if (!threads.awaitTermination(timeoutNanos + SLACK_NANOS, TimeUnit.NANOSECONDS)) {
                threads.shutdownNow();
            }
        }
    }

    private static void awaitQuietly(Future<?> task) throws InterruptedException {
        if (task == null) {
            return;
        }
        try {
            task.get();
        } catch (ExecutionException e) {
            // the staggered starts stopped early; the watchers already started still count
        }
    }

    private Idle conclude(List<Outcome> primaries, List<Watcher> staggered, ExecutorService threads)
            throws InterruptedException {
        Duration maxIdle = Duration.ofNanos(maxIdleNanos);
        List<Outcome> closed = primaries.stream().filter(o -> o.kind == Outcome.Kind.CLOSED).toList();
        List<Outcome> answered = primaries.stream().filter(o -> o.kind == Outcome.Kind.ANSWERED).toList();
        List<Outcome> failed = primaries.stream().filter(o -> o.kind == Outcome.Kind.FAILED).toList();
        if (!closed.isEmpty()) {
            List<Duration> samples = closed.stream().map(o -> Duration.ofNanos(o.idleNanos)).sorted().toList();
            long measured = samples.get(samples.size() / 2).toNanos();
            if (samples.size() % 2 == 0) {
                measured = (samples.get(samples.size() / 2 - 1).toNanos() + measured) / 2;
            }
            String note = closed.size() < primaries.size()
                    ? (primaries.size() - closed.size()) + " of " + primaries.size() + " connections did not close: "
                            + primaries.stream().filter(o -> o.kind != Outcome.Kind.CLOSED)
                                    .map(Outcome::describe).distinct().reduce((a, b) -> a + "; " + b).orElse("")
                    : null;
            List<Verification> verifications = verify(measured, staggered, threads);
            return new Idle(Result.MEASURED, Duration.ofNanos(measured), samples, signal(closed), maxIdle,
                    verifications, null, null, note);
        }
        if (!failed.isEmpty()) {
            // Idle for maxIdle, no FIN, no RST, yet a request fails: dropped silently on the way.
            long upper = failed.stream().mapToLong(o -> o.idleNanos).min().orElse(maxIdleNanos);
            long lower = answered.stream().mapToLong(o -> o.idleNanos).max().orElse(-1);
            List<Verification> checks = new ArrayList<>();
            List<Watcher> live = staggered.stream().filter(w -> w.ready && !w.done.isDone()).toList();
            live.forEach(w -> w.verifyAfterNanos = 0); // each asks now, after its own idle time
            for (Watcher w : live) {
                Outcome o = w.await(2 * timeoutNanos + SLACK_NANOS);
                if (o.kind == Outcome.Kind.ANSWERED) {
                    lower = Math.max(lower, o.idleNanos);
                    checks.add(new Verification(Duration.ofNanos(o.idleNanos), true, o.detail));
                } else if (o.kind == Outcome.Kind.FAILED || o.kind == Outcome.Kind.CLOSED) {
                    upper = Math.min(upper, o.idleNanos);
                    checks.add(new Verification(Duration.ofNanos(o.idleNanos), false, o.describe()));
                }
            }
            Duration low = lower < 0 || lower >= upper ? null : Duration.ofNanos(lower);
            checks.sort(Comparator.comparing(Verification::idle));
            return new Idle(Result.SILENT_DROP, null, List.of(), null, maxIdle, checks, low, Duration.ofNanos(upper),
                    "no FIN or RST arrived, but a request after " + Durations.format(maxIdle) + " idle failed: "
                            + failed.get(0).detail);
        }
        if (!answered.isEmpty()) {
            List<Verification> checks = answered.stream()
                    .map(o -> new Verification(Duration.ofNanos(o.idleNanos), true, o.detail)).toList();
            return new Idle(Result.NONE, null, List.of(), null, maxIdle, checks, null, null, null);
        }
        for (Outcome o : primaries) {
            if (o.kind == Outcome.Kind.NOT_PERSISTENT) {
                return new Idle(Result.NOT_PERSISTENT, null, List.of(), null, maxIdle, List.of(), null, null,
                        o.describe());
            }
        }
        return new Idle(Result.FAILED, null, List.of(), null, maxIdle, List.of(), null, null,
                primaries.get(0).describe());
    }

    /** The signals the primaries saw: FIN, RST, or the first line of what the server sent; "FIN / RST" if mixed. */
    private static String signal(List<Outcome> closed) {
        return closed.stream().map(o -> o.detail).distinct().collect(Collectors.joining(" / "));
    }

    /**
     * Lets one connection idle for just under {@code measured} (minus the tolerance) and another for the
     * advised client TTL, then sends a request on each. Uses staggered connections that have been idle for
     * less than that, so the wait is short; opens a fresh one only when none has.
     */
    private List<Verification> verify(long measured, List<Watcher> staggered, ExecutorService threads)
            throws InterruptedException {
        long under = measured - toleranceNanos(measured);
        long ttl = ProbeAdvice.idleTtlNanos(measured);
        List<Long> targets = new ArrayList<>();
        if (under > 0) {
            targets.add(under);
        }
        if (ttl > 0 && under - ttl > TimeUnit.MILLISECONDS.toNanos(100)) {
            targets.add(ttl);
        }
        List<Watcher> chosen = new ArrayList<>();
        List<Long> chosenIdle = new ArrayList<>();
        for (long target : targets) {
            long now = ticker.nanoTime();
            Watcher best = null;
            long bestIdle = -1;
            for (Watcher w : staggered) {
                if (w.done.isDone() || chosen.contains(w)) {
                    continue;
                }
                long idle = w.ready ? now - w.idleSince : 0;
                // a little headroom: the watcher notices its order within one poll
                if (idle < target - POLL_NANOS && idle > bestIdle) {
                    best = w;
                    bestIdle = idle;
                }
            }
            if (best == null) {
                best = new Watcher(false, target);
                threads.execute(best);
            }
            best.verifyAfterNanos = target;
            chosen.add(best);
            chosenIdle.add(target);
        }
        List<Verification> result = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            Outcome o = chosen.get(i).await(chosenIdle.get(i) + 2 * timeoutNanos + SLACK_NANOS);
            if (o.kind == Outcome.Kind.ANSWERED) {
                result.add(new Verification(Duration.ofNanos(o.idleNanos), true, o.detail));
            } else if (o.kind == Outcome.Kind.CLOSED || o.kind == Outcome.Kind.FAILED) {
                result.add(new Verification(Duration.ofNanos(o.idleNanos), false, o.describe()));
            }
        }
        return result;
    }

    /** How one watched connection ended. */
    record Outcome(Kind kind, long idleNanos, String detail) {
        enum Kind {
            /** the server ended it while idle; detail is the signal */
            CLOSED,
            /** a request after idleNanos was answered; detail is the status line */
            ANSWERED,
            /** a request after idleNanos failed; detail says how */
            FAILED,
            /** the first response did not leave the connection open */
            NOT_PERSISTENT,
            /** the connection or its first request failed */
            BROKEN,
            /** stopped by the probe */
            CANCELLED
        }

        String describe() {
            String idle = Durations.format(Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(idleNanos)));
            return switch (kind) {
                case CLOSED -> "closed by the server (" + detail + ") after " + idle + " idle";
                case ANSWERED -> "answered after " + idle + " idle";
                case FAILED -> "request after " + idle + " idle failed: " + detail;
                case NOT_PERSISTENT -> "not persistent: " + detail;
                case BROKEN -> detail;
                case CANCELLED -> "cancelled";
            };
        }
    }

    /** One connection: a request, then idle until the server ends it or the probe gives an order. */
    private final class Watcher implements Runnable {
        private final boolean primary;
        final CompletableFuture<Outcome> done = new CompletableFuture<>();
        /** Send a request once idle this long; -1: no such order. */
        volatile long verifyAfterNanos;
        volatile boolean cancelled;
        volatile boolean ready;
        volatile long idleSince;

        Watcher(boolean primary, long verifyAfterNanos) {
            this.primary = primary;
            this.verifyAfterNanos = verifyAfterNanos;
        }

        @Override
        public void run() {
            try {
                done.complete(watch());
            } catch (RuntimeException e) {
                // recorded as the outcome, which the report shows; nothing else to tell
                done.complete(new Outcome(Outcome.Kind.BROKEN, 0, Problems.oneLine(e)));
            }
        }

        Outcome await(long nanos) throws InterruptedException {
            try {
                return done.get(nanos, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                return new Outcome(Outcome.Kind.BROKEN, 0, Problems.oneLine(e.getCause()));
            } catch (TimeoutException e) {
                cancelled = true;
                return new Outcome(Outcome.Kind.BROKEN, 0, "no outcome in time");
            }
        }

        private Outcome watch() {
            try (ProbeConnection c = opener.open()) {
                ProbeResponse first = c.exchange(false, null);
                if (!first.persistent()) {
                    return new Outcome(Outcome.Kind.NOT_PERSISTENT, 0, first.statusLine());
                }
                long since = first.endNanos();
                idleSince = since;
                ready = true;
                long deadline = since + maxIdleNanos;
                while (!cancelled) {
                    long now = ticker.nanoTime();
                    long after = verifyAfterNanos;
                    if (after >= 0 && now - (since + after) >= 0) {
                        return request(c, since);
                    }
                    if (now - deadline >= 0) {
                        return primary ? request(c, since) : new Outcome(Outcome.Kind.CANCELLED, now - since, null);
                    }
                    long wait = Math.min(POLL_NANOS, deadline - now);
                    if (after >= 0) {
                        wait = Math.min(wait, since + after - now);
                    }
                    ProbeConnection.Signal s = c.pollClose(wait);
                    if (s != null) {
                        String what = switch (s.kind()) {
                            case FIN -> "FIN";
                            case RST -> "RST";
                            case DATA -> "sent '" + s.detail() + "'";
                        };
                        return new Outcome(Outcome.Kind.CLOSED, s.atNanos() - since, what);
                    }
                }
                return new Outcome(Outcome.Kind.CANCELLED, ticker.nanoTime() - since, null);
            } catch (IOException e) {
                return new Outcome(Outcome.Kind.BROKEN, 0, Problems.oneLine(e));
            }
        }

        private Outcome request(ProbeConnection c, long since) {
            long idle = ticker.nanoTime() - since;
            try {
                ProbeResponse r = c.exchange(false, null);
                return new Outcome(Outcome.Kind.ANSWERED, idle, r.statusLine());
            } catch (IOException e) {
                return new Outcome(Outcome.Kind.FAILED, idle, Problems.oneLine(e));
            }
        }
    }
}
