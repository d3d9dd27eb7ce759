package dev.keepalive.heartbeat;

import dev.keepalive.core.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A deterministic simulation of one sender and several monitors on a fake clock: the sender emits a
 * heartbeat every {@code interval} exactly (as {@link UdpHeartbeatNode} does), the network loses each one
 * with probability {@code loss} and delays the rest by a uniform random {@code 0..jitter}, and every
 * detector under test watches the very same arrivals through a real {@link HeartbeatMonitor} (timer
 * wheel with the default 10 ms tick included). Seeded: the same arguments give the same numbers.
 *
 * <p>Two measurements per detector:
 * <ul>
 *   <li>false positives: suspicions while the sender is alive over {@code aliveTime};
 *   <li>detection time: over {@code kills} trials, a fresh monitor warms up for {@code warmUp}, the sender
 *       dies at a random instant, and the time from death to suspicion is recorded.
 * </ul>
 * {@code main} prints the table of docs/detection.md.
 */
final class DetectionSimulation {
    private static final long MS = 1_000_000L;

    record Network(Duration interval, Duration jitter, double loss) {
    }

    record Result(String detector, long falsePositives, double falsePositivesPerHour, double suspectedFraction,
            long heartbeats, long[] detectionMillis) {
        double meanDetection() {
            return Arrays.stream(detectionMillis).average().orElse(Double.NaN);
        }

        long percentileDetection(double q) {
            long[] sorted = detectionMillis.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
        }

        long maxDetection() {
            return Arrays.stream(detectionMillis).max().orElse(-1);
        }

        long minDetection() {
            return Arrays.stream(detectionMillis).min().orElse(-1);
        }
    }

    private DetectionSimulation() {
    }

    /** Runs every detector in {@code detectors} (name → options) against the same network. */
    static List<Result> run(Network net, Map<String, DetectorOptions> detectors, Duration aliveTime, int kills,
            Duration warmUp, long seed) {
        List<Result> results = new ArrayList<>();
        List<String> names = new ArrayList<>(detectors.keySet());
        // false positives: one long life, every detector sees the same arrivals
        Trial alive = new Trial(net, detectors, seed, Long.MAX_VALUE);
        alive.runUntil(aliveTime.toNanos());
        long[][] detection = new long[names.size()][kills];
        SplittableRandom killRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int k = 0; k < kills; k++) {
            long deathAt = warmUp.toNanos() + killRandom.nextLong(net.interval().toNanos());
            Trial trial = new Trial(net, detectors, seed + 1 + k, deathAt);
            trial.runUntil(deathAt + Duration.ofSeconds(30).toNanos());
            for (int d = 0; d < names.size(); d++) {
                long at = trial.firstSuspicionAfter(d, deathAt);
                detection[d][k] = at < 0 ? -1 : (at - deathAt) / MS;
            }
        }
        for (int d = 0; d < names.size(); d++) {
            long fp = alive.suspicions[d];
            double hours = aliveTime.toNanos() / 3.6e12;
            results.add(new Result(names.get(d), fp, fp / hours, alive.suspectedNanos(d, aliveTime.toNanos())
                    / (double) aliveTime.toNanos(), alive.arrivals, detection[d]));
        }
        return results;
    }

    /** One sender's life (until {@code deathAt}) watched by one monitor per detector. */
    private static final class Trial {
        final FakeTicker ticker = new FakeTicker(0);
        final Network net;
        final SplittableRandom random;
        final long deathAt;
        final HeartbeatMonitor[] monitors;
        final long[] suspicions;
        final List<List<long[]>> episodes = new ArrayList<>(); // per detector: [start, end]
        final PriorityQueue<long[]> inFlight = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        long nextSend;
        long sequence;
        long arrivals;

        Trial(Network net, Map<String, DetectorOptions> detectors, long seed, long deathAt) {
            this.net = net;
            this.random = new SplittableRandom(seed);
            this.deathAt = deathAt;
            this.monitors = new HeartbeatMonitor[detectors.size()];
            this.suspicions = new long[detectors.size()];
            int i = 0;
            for (DetectorOptions d : detectors.values()) {
                int index = i++;
                List<long[]> mine = new ArrayList<>();
                episodes.add(mine);
                HeartbeatOptions o = HeartbeatOptions.builder().interval(net.interval()).detector(d).build();
                monitors[index] = new HeartbeatMonitor(o, e -> {
                    long at = e.peer().atNanos();
                    if (e.type() == HeartbeatEvent.Type.PEER_SUSPECTED) {
                        suspicions[index]++;
                        mine.add(new long[] {at, Long.MAX_VALUE});
                    } else if (e.type() == HeartbeatEvent.Type.PEER_RECOVERED) {
                        mine.get(mine.size() - 1)[1] = at;
                    }
                }, 0);
                monitors[index].addPeer("sender");
            }
        }

        void runUntil(long end) {
            long tick = HeartbeatOptions.defaults().timerTick().toNanos();
            long nextTick = tick;
            long interval = net.interval().toNanos();
            long jitter = net.jitter().toNanos();
            while (true) {
                long nextArrival = inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek()[0];
                long next = Math.min(Math.min(nextSend, nextArrival), nextTick);
                if (next > end) {
                    return;
                }
                ticker.advanceNanos(next - ticker.nanoTime());
                long now = ticker.nanoTime();
                if (next == nextSend) {
                    if (now < deathAt && random.nextDouble() >= net.loss()) {
                        inFlight.add(new long[] {now + (jitter == 0 ? 0 : random.nextLong(jitter + 1)), sequence});
                    }
                    sequence++;
                    nextSend += interval;
                } else if (next == nextArrival) {
                    long seq = inFlight.poll()[1];
                    arrivals++;
                    for (HeartbeatMonitor m : monitors) {
                        m.heartbeat("sender", 1, seq, now);
                    }
                } else {
                    for (HeartbeatMonitor m : monitors) {
                        m.advance(now);
                    }
                    nextTick += tick;
                }
            }
        }

        long firstSuspicionAfter(int detector, long at) {
            for (long[] e : episodes.get(detector)) {
                if (e[0] >= at) {
                    return e[0];
                }
            }
            return -1;
        }

        long suspectedNanos(int detector, long end) {
            long sum = 0;
            for (long[] e : episodes.get(detector)) {
                sum += Math.min(e[1], end) - e[0];
            }
            return sum;
        }
    }

    /** The detectors compared in docs/detection.md. */
    static Map<String, DetectorOptions> compared() {
        Map<String, DetectorOptions> m = new LinkedHashMap<>();
        m.put("fixed, k = 3 (DESIGN default)", FixedTimeoutOptions.defaults());
        m.put("phi, DESIGN defaults", PhiAccrualOptions.defaults());
        m.put("fixed, k = 7 (same timeout as phi)", FixedTimeoutOptions.builder().missedIntervals(7).build());
        return m;
    }

    static String table(List<Result> results, Duration aliveTime, int kills) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| detector | false suspicions in %d min | per hour | time wrongly"
                + " suspected | detection mean | p50 | p99 | min..max (%d kills) |%n", aliveTime.toMinutes(), kills));
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.3f %% | %.0f ms | %d ms | %d ms | %d..%d ms |%n",
                    r.detector(), r.falsePositives(), r.falsePositivesPerHour(), 100 * r.suspectedFraction(),
                    r.meanDetection(), r.percentileDetection(0.5), r.percentileDetection(0.99), r.minDetection(),
                    r.maxDetection()));
        }
        return sb.toString();
    }

    /** {@code [minutes alive] [kills] [seed]}; defaults 60, 1000, 1. */
    public static void main(String[] args) {
        Duration alive = Duration.ofMinutes(args.length > 0 ? Long.parseLong(args[0]) : 60);
        int kills = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Network net = new Network(Duration.ofMillis(100), Duration.ofMillis(50), 0.05);
        System.out.println("network: " + net + ", seed " + seed + ", warm-up 60s per kill");
        System.out.print(table(run(net, compared(), alive, kills, Duration.ofSeconds(60), seed), alive, kills));
    }
}
