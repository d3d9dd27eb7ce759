package dev.keepalive.bench.client;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Our HTTP/1.1 client next to the JDK's {@code HttpClient}, OkHttp 4 and Apache HttpClient 5, in one
 * run, against one local server (our {@link dev.keepalive.http.HttpServer} in a child JVM, see
 * {@link ClientBenchServer}):
 * <ul>
 *   <li><b>sequential</b>: GETs one after another on the calling thread, one route, connection reused;</li>
 *   <li><b>parallel</b>: the same from {@code --threads} (64) virtual threads at once, pools sized to them;</li>
 *   <li><b>stale</b>: sequential GETs, and POSTs, with random gaps around a short server idle timeout,
 *       no {@code Keep-Alive} header: failures the caller sees, retries, latency, connections opened.
 *       GETs show what each library's retry hides; POSTs, which a client must not replay once sent,
 *       show which one writes on connections the server already closed.</li>
 * </ul>
 * Throughput cells: every client warms up, then {@code --rounds} rounds of {@code --duration}, every
 * client once per round in rotating order; a cell is the best round (noise on a shared machine only
 * ever lowers throughput). Prints the table, ratios ours/peer and the CPU split of each best round.
 *
 * <pre>java -cp ... dev.keepalive.bench.client.HttpClientBench [--clients ours,jdk,okhttp,apache]
 *     [--cases sequential,parallel,stale] [--warmup-s 3] [--duration-s 1] [--rounds 10] [--threads 64]
 *     [--stale-requests 300] [--stale-gap-ms 0-400] [--stale-idle-ms 250] [--stale-methods GET,POST] [--seed 42]
 *     [--server-jvm "-Xms1g -Xmx1g"] [--out DIR]</pre>
 */
public final class HttpClientBench {
    private static final Map<String, String> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("clients", String.join(",", BenchClient.NAMES));
        FLAGS.put("cases", "sequential,parallel,stale");
        FLAGS.put("warmup-s", "3");
        FLAGS.put("duration-s", "1");
        FLAGS.put("rounds", "10");
        FLAGS.put("threads", "64");
        FLAGS.put("stale-requests", "300");
        FLAGS.put("stale-gap-ms", "0-400");
        FLAGS.put("stale-idle-ms", "250");
        FLAGS.put("stale-methods", "GET,POST");
        FLAGS.put("seed", "42");
        FLAGS.put("server-jvm", "-Xms1g -Xmx1g");
        FLAGS.put("out", "");
    }

    private final Map<String, String> flags;
    private final List<String> clients;
    private final List<String> cases;
    private final StringBuilder raw = new StringBuilder();
    private final List<String> notes = new ArrayList<>();
    private List<String> staleMethods;

    private HttpClientBench(Map<String, String> flags) {
        this.flags = flags;
        this.clients = Arrays.asList(flags.get("clients").split(","));
        for (String c : clients) {
            if (!BenchClient.NAMES.contains(c) && !c.equals(BenchClient.OURS_DEFAULTS)) {
                throw new IllegalArgumentException("--clients: unknown client '" + c + "' (known: " + BenchClient.NAMES + ")");
            }
        }
        this.cases = Arrays.asList(flags.get("cases").split(","));
        for (String c : cases) {
            if (!List.of("sequential", "parallel", "stale").contains(c)) {
                throw new IllegalArgumentException("--cases: unknown case '" + c + "' (sequential, parallel, stale)");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        // HttpClient 5 logs every retry at INFO (through jetty-slf4j-impl, on the class path for Jetty);
        // the report counts them instead.
        if (System.getProperty("org.apache.hc.LEVEL") == null) {
            System.setProperty("org.apache.hc.LEVEL", "WARN");
        }
        Map<String, String> flags = new LinkedHashMap<>(FLAGS);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!FLAGS.containsKey(name) || i + 1 == args.length) {
                System.err.println("usage: HttpClientBench " + FLAGS.keySet().stream().map(k -> "[--" + k + " "
                        + (FLAGS.get(k).isEmpty() ? "X" : FLAGS.get(k)) + "]").reduce((a, b) -> a + " " + b).orElse(""));
                System.err.println((i + 1 == args.length ? "flag needs a value: " : "unknown flag: ") + args[i]);
                System.exit(2);
            }
            flags.put(name, args[i + 1]);
        }
        new HttpClientBench(flags).run();
    }

    private int integer(String name, int min, int max) {
        String text = flags.get(name);
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be an integer in " + min + ".." + max + ": '" + text + "'");
    }

    private void run() throws Exception {
        Duration warmup = Duration.ofSeconds(integer("warmup-s", 0, 600));
        Duration duration = Duration.ofSeconds(integer("duration-s", 1, 600));
        int rounds = integer("rounds", 1, 100);
        int threads = integer("threads", 1, 10_000);
        int staleRequests = integer("stale-requests", 1, 1_000_000);
        String[] gap = flags.get("stale-gap-ms").split("-");
        long gapMin = Long.parseLong(gap[0].trim());
        long gapMax = Long.parseLong(gap[gap.length - 1].trim());
        if (gapMin < 0 || gapMax < gapMin) {
            throw new IllegalArgumentException("--stale-gap-ms must be MIN-MAX with 0 <= MIN <= MAX: " + flags.get("stale-gap-ms"));
        }
        long staleIdleMs = integer("stale-idle-ms", 1, 600_000);
        long seed = Long.parseLong(flags.get("seed"));
        staleMethods = Arrays.asList(flags.get("stale-methods").split(","));
        if (staleMethods.isEmpty() || !List.of("GET", "POST").containsAll(staleMethods)) {
            throw new IllegalArgumentException("--stale-methods must be GET, POST or GET,POST: " + flags.get("stale-methods"));
        }
        Path out = flags.get("out").isEmpty() ? Files.createTempDirectory("http-client-bench") : Path.of(flags.get("out"));
        Files.createDirectories(out);
        List<String> serverJvm = flags.get("server-jvm").isBlank() ? List.of()
                : Arrays.asList(flags.get("server-jvm").trim().split("\\s+"));

        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        log("server JVM: " + serverJvm + "; log " + out.resolve("server.log"));
        Map<String, Map<String, ThroughputRound>> best = new LinkedHashMap<>();
        Map<String, Map<String, List<ThroughputRound>>> all = new LinkedHashMap<>();
        Map<String, String> setups = new LinkedHashMap<>();
        List<StaleRun> stale = new ArrayList<>();
        long[] gaps = StaleRun.gaps(staleRequests, gapMin, gapMax, seed);
        try (ServerProcess server = ServerProcess.start(serverJvm, clients.size() * staleMethods.size(), staleIdleMs, out.resolve("server.log"))) {
            CpuMeter cpu = new CpuMeter(server.pid());
            URI main = URI.create("http://127.0.0.1:" + server.mainPort() + "/");
            log("server pid " + server.pid() + ": main port " + server.mainPort() + ", stale ports " + server.stalePorts());
            for (String kase : cases) {
                if (kase.equals("stale")) {
                    continue;
                }
                int t = kase.equals("sequential") ? 0 : threads;
                Map<String, BenchClient> open = new LinkedHashMap<>();
                try {
                    for (String name : clients) {
                        open.put(name, BenchClient.create(name, main, Math.max(64, threads), false));
                        setups.put(name, open.get(name).setup() + "\n         retries: " + open.get(name).retryPolicy());
                    }
                    for (BenchClient c : open.values()) {
                        log(kase + ": " + c.name() + " warm-up " + warmup.toSeconds() + " s");
                        if (!warmup.isZero()) {
                            ThroughputRound w = ThroughputRound.run(c, t, warmup, cpu);
                            raw.append(String.format(Locale.ROOT, "%s %s warmup %.0f/s failures %d %s%n", kase, c.name(),
                                    w.perSecond(), w.failures().total(), w.failures()));
                        }
                    }
                    List<BenchClient> order = new ArrayList<>(open.values());
                    for (int r = 0; r < rounds; r++) {
                        for (int i = 0; i < order.size(); i++) {
                            BenchClient c = order.get((i + r) % order.size());
                            ThroughputRound round = ThroughputRound.run(c, t, duration, cpu);
                            log(String.format(Locale.ROOT, "%s: %s round %d: %.0f req/s, %d failures; cores client/server/others %s",
                                    kase, c.name(), r + 1, round.perSecond(), round.failures().total(), round.cores()));
                            raw.append(String.format(Locale.ROOT, "%s %s round %d %.0f/s ok %d failures %d cores %s %s%n",
                                    kase, c.name(), r + 1, round.perSecond(), round.ok(), round.failures().total(),
                                    round.cores(), round.failures()));
                            all.computeIfAbsent(kase, k -> new LinkedHashMap<>()).computeIfAbsent(c.name(), k -> new ArrayList<>()).add(round);
                            ThroughputRound b = best.computeIfAbsent(kase, k -> new LinkedHashMap<>()).get(c.name());
                            if (b == null || round.perSecond() > b.perSecond()) {
                                best.get(kase).put(c.name(), round);
                            }
                            if (round.failures().total() > 0) {
                                notes.add(kase + " " + c.name() + " round " + (r + 1) + ": " + round.failures().total()
                                        + " failures: " + round.failures());
                            }
                        }
                    }
                    for (BenchClient c : open.values()) {
                        if (c instanceof OursBenchClient ours) {
                            raw.append(kase).append(' ').append(c.name()).append(" client stats ").append(ours.stats()).append('\n');
                        }
                    }
                } finally {
                    for (BenchClient c : open.values()) {
                        c.close();
                    }
                }
                raw.append(kase).append(" server stats ").append(server.stats(0)).append('\n');
            }
            if (cases.contains("stale")) {
                log(String.format(Locale.ROOT, "stale: %d requests per client and method %s, gaps %d-%d ms, server idle "
                        + "timeout %d ms, all at once (one server each); about %.0f s", staleRequests, staleMethods, gapMin,
                        gapMax, staleIdleMs, Arrays.stream(gaps).sum() / 1e9));
                List<BenchClient> open = new ArrayList<>();
                try (ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("stale-", 0).factory())) {
                    List<Future<StaleRun>> runs = new ArrayList<>();
                    for (String method : staleMethods) {
                        for (String name : clients) {
                            URI uri = URI.create("http://127.0.0.1:" + server.stalePorts().get(open.size()) + "/");
                            BenchClient c = BenchClient.create(name, uri, Math.max(64, threads), method.equals("POST"));
                            open.add(c);
                            setups.putIfAbsent(c.name(), c.setup() + "\n         retries: " + c.retryPolicy());
                            runs.add(executor.submit(() -> StaleRun.run(c, method, gaps)));
                        }
                    }
                    for (int i = 0; i < runs.size(); i++) {
                        StaleRun run = runs.get(i).get();
                        String json = server.stats(i + 1);
                        run = run.withServer(ServerProcess.field(json, "accepted"), ServerProcess.field(json, "requests"));
                        stale.add(run);
                        String what = "stale " + run.method() + " " + run.client();
                        raw.append(what).append(" server stats ").append(json).append('\n');
                        if (open.get(i) instanceof OursBenchClient ours) {
                            raw.append(what).append(" client stats ").append(ours.stats()).append('\n');
                        }
                        log(String.format(Locale.ROOT, "%s: %d ok, %d failures in %.0f s %s", what, run.ok(),
                                run.failures().total(), run.seconds(), run.failures()));
                    }
                } finally {
                    for (BenchClient c : open) {
                        c.close();
                    }
                }
            }
        }
        String report = report(started, best, all, setups, stale, gaps, staleIdleMs, gapMin, gapMax,
                warmup, duration, rounds, threads, serverJvm);
        System.out.print(report);
        Files.writeString(out.resolve("summary.txt"), report);
        Files.writeString(out.resolve("raw.txt"), raw);
        System.out.println("raw results: " + out);
    }

    private String report(String started, Map<String, Map<String, ThroughputRound>> best,
                          Map<String, Map<String, List<ThroughputRound>>> all, Map<String, String> setups,
                          List<StaleRun> stale, long[] gaps, long idleMs,
                          long gapMin, long gapMax, Duration warmup, Duration duration, int rounds, int threads,
                          List<String> serverJvm) {
        StringBuilder r = new StringBuilder();
        r.append(String.format(Locale.ROOT, "HTTP/1.1 client benchmark, %s, %d cores, JDK %s (clients; server in its own JVM, %s)%n",
                started, Runtime.getRuntime().availableProcessors(), Runtime.version(), String.join(" ", serverJvm)));
        r.append(String.format(Locale.ROOT, "server: our HttpServer, kal serve defaults, GET / -> 200, 15-byte body; a cell is the best of %d "
                + "interleaved %d s rounds after %d s warm-up per client; nothing pinned%n%n", rounds, duration.toSeconds(), warmup.toSeconds()));
        List<String> peers = clients.stream().filter(c -> !c.startsWith("ours")).toList();
        String col = "%" + Math.max(11, clients.stream().mapToInt(String::length).max().orElse(0) + 2);
        boolean withOurs = clients.contains("ours");
        if (!best.isEmpty()) {
            r.append(String.format("%-32s", "requests/s (higher is better)"));
            clients.forEach(c -> r.append(String.format(col + "s", c)));
            if (withOurs) {
                peers.forEach(p -> r.append(String.format("%12s", "ours/" + p)));
                r.append(String.format("%11s", "ours/best"));
            }
            r.append('\n');
            for (var e : best.entrySet()) {
                String label = e.getKey().equals("sequential") ? "(a) sequential, 1 thread"
                        : "(b) parallel, " + threads + " virtual threads";
                r.append(String.format("%-32s", label));
                Map<String, ThroughputRound> cell = e.getValue();
                clients.forEach(c -> r.append(String.format(Locale.ROOT, col + ".0f", cell.get(c).perSecond())));
                if (withOurs) {
                    double ours = cell.get("ours").perSecond();
                    double bestPeer = 0;
                    for (String p : peers) {
                        double v = cell.get(p).perSecond();
                        bestPeer = Math.max(bestPeer, v);
                        r.append(String.format(Locale.ROOT, "%11.2fx", ours / v));
                    }
                    r.append(peers.isEmpty() ? "" : String.format(Locale.ROOT, "%10.2fx", ours / bestPeer));
                }
                r.append('\n');
            }
            r.append('\n');
            // CPU per request over all rounds: steadier than requests/s when others load the machine
            r.append(String.format("%-32s", "CPU µs/request, client+server"));
            clients.forEach(c -> r.append(String.format(col + "s", c)));
            if (withOurs) {
                peers.forEach(p -> r.append(String.format("%12s", "ours/" + p)));
            }
            r.append('\n');
            for (var e : all.entrySet()) {
                String label = e.getKey().equals("sequential") ? "(a) sequential" : "(b) parallel";
                r.append(String.format("%-32s", label));
                Map<String, Double> micros = new LinkedHashMap<>();
                for (String c : clients) {
                    List<ThroughputRound> rs = e.getValue().get(c);
                    double cpu = rs.stream().mapToDouble(x -> (x.cores().client() + x.cores().server()) * x.seconds()).sum();
                    double client = rs.stream().mapToDouble(x -> x.cores().client() * x.seconds()).sum();
                    long ok = rs.stream().mapToLong(ThroughputRound::ok).sum();
                    micros.put(c, ok == 0 ? Double.NaN : cpu / ok * 1e6);
                    r.append(String.format(Locale.ROOT, col + "s", ok == 0 ? "-" : String.format(Locale.ROOT, "%.1f+%.1f",
                            client / ok * 1e6, (cpu - client) / ok * 1e6)));
                }
                if (withOurs) {
                    peers.forEach(p -> r.append(String.format(Locale.ROOT, "%11.2fx", micros.get("ours") / micros.get(p))));
                }
                r.append('\n');
            }
            r.append('\n');
            for (var e : all.entrySet()) {
                for (var c : e.getValue().entrySet()) {
                    StringBuilder rs = new StringBuilder();
                    c.getValue().forEach(x -> rs.append(String.format(Locale.ROOT, " %.0f", x.perSecond())));
                    double[] sorted = c.getValue().stream().mapToDouble(ThroughputRound::perSecond).sorted().toArray();
                    r.append(String.format(Locale.ROOT, "%-10s %-13s best round's cores client/server/others %s; median %.0f; rounds:%s%n",
                            e.getKey(), c.getKey(), best.get(e.getKey()).get(c.getKey()).cores(), sorted[sorted.length / 2], rs));
                }
            }
            r.append('\n');
        }
        if (!stale.isEmpty()) {
            long beyond = Arrays.stream(gaps).filter(g -> g > idleMs * 1_000_000).count();
            r.append(String.format(Locale.ROOT, "(c) stale: server idle timeout %d ms, no Keep-Alive header; %d sequential requests per "
                    + "client after gaps uniform in %d-%d ms (one seeded sequence for all; %d gaps > %d ms); every client and "
                    + "method at once, one server each%n", idleMs, gaps.length, gapMin, gapMax, beyond, idleMs));
            r.append(String.format("%-34s", ""));
            String staleCol = "%" + Math.max(10, clients.stream().mapToInt(String::length).max().orElse(0) + 2) + "s";
            stale.forEach(s -> r.append(String.format(staleCol, s.client())));
            r.append('\n');
            row(r, staleCol, "method", stale, StaleRun::method);
            row(r, staleCol, "failures seen by the caller", stale, s -> Long.toString(s.failures().total()));
            row(r, staleCol, "retries by the client", stale, s -> s.retries() < 0 ? "n/a" : Long.toString(s.retries()));
            row(r, staleCol, "connections opened (server)", stale, s -> Long.toString(s.serverAccepted()));
            row(r, staleCol, "requests served (server)", stale, s -> Long.toString(s.serverRequests()));
            row(r, staleCol, "reuse ratio (server)", stale, s -> String.format(Locale.ROOT, "%.2f", s.serverReuseRatio()));
            row(r, staleCol, "latency p50 ms", stale, s -> String.format(Locale.ROOT, "%.2f", s.latencyMs(0.5)));
            row(r, staleCol, "latency p99 ms", stale, s -> String.format(Locale.ROOT, "%.2f", s.latencyMs(0.99)));
            row(r, staleCol, "latency max ms", stale, s -> String.format(Locale.ROOT, "%.1f", s.latencyMs(1)));
            row(r, staleCol, "wall time s", stale, s -> String.format(Locale.ROOT, "%.0f", s.seconds()));
            for (StaleRun s : stale) {
                if (s.failures().total() > 0) {
                    r.append(String.format("  %s %s failures: %s%n", s.client(), s.method(), s.failures()));
                }
            }
            r.append('\n');
        }
        setups.forEach((name, setup) -> r.append(String.format("%-7s  %s%n", name, setup)));
        if (withOurs) {
            r.append('\n');
            for (var e : best.entrySet()) {
                Map<String, ThroughputRound> cell = e.getValue();
                double bestPeer = peers.stream().mapToDouble(p -> cell.get(p).perSecond()).max().orElse(0);
                double ratio = bestPeer == 0 ? Double.NaN : cell.get("ours").perSecond() / bestPeer;
                r.append(String.format(Locale.ROOT, "target %s: ours/best peer %.3fx >= 1.000x: %s%n", e.getKey(), ratio,
                        ratio >= 1.0 ? "met" : "MISSED"));
            }
            for (StaleRun s : stale) {
                if (s.client().equals("ours")) {
                    r.append(String.format("target stale %s: zero failures for ours: %s (%d)%n", s.method(),
                            s.failures().total() == 0 ? "met" : "MISSED", s.failures().total()));
                }
            }
        }
        if (!notes.isEmpty()) {
            r.append('\n');
            notes.forEach(n -> r.append("note: ").append(n).append('\n'));
        }
        return r.toString();
    }

    private static void row(StringBuilder r, String col, String label, List<StaleRun> runs,
                            java.util.function.Function<StaleRun, String> f) {
        r.append(String.format("%-34s", label));
        runs.forEach(s -> r.append(String.format(col, f.apply(s))));
        r.append('\n');
    }

    private static void log(String message) {
        System.err.println(java.time.LocalTime.now().withNano(0) + " " + message);
    }
}
