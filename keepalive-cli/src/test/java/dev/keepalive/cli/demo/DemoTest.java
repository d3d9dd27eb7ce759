package dev.keepalive.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keepalive.websocket.WebSocket;
import dev.keepalive.websocket.WebSocketClient;
import dev.keepalive.websocket.WebSocketListener;
import dev.keepalive.websocket.WebSocketOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code kal demo} in-process, with a real PostgreSQL: the snapshot's shape, the /ws push, the fault API's
 * refusals, and every layer noticing and recovering from every fault. Faults of one kind hit all layers at
 * once (each layer has its own proxy), so the class takes about as long as the slowest recovery per kind.
 */
class DemoTest {
    static final List<String> LAYER_FIELDS = List.of("title", "settings", "status", "fault", "connections",
            "counters", "metrics", "series");

    private static Demo demo;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws IOException {
        demo = Demo.start(DemoOptions.builder().port(0).progress(line -> { }).build());
        assertNotNull(demo.databaseDir(), "PostgreSQL must start for this test");
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    static HttpResponse<String> send(String method, URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Object> snapshot(Demo d) throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", d.uri().resolve("api/snapshot"));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        return MiniJson.object(r.body());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> layer(Map<String, Object> snapshot, String name) {
        return (Map<String, Object>) ((Map<String, Object>) snapshot.get("layers")).get(name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    @SuppressWarnings("unchecked")
    void snapshotHasTheContractShape() throws Exception {
        Map<String, Object> s = snapshot(demo);
        assertEquals(List.of("uptimeMs", "layers", "events"), List.copyOf(s.keySet()));
        assertTrue((Double) s.get("uptimeMs") > 0);
        Map<String, Object> layers = map(s.get("layers"));
        assertEquals(List.of("http", "ws", "db", "heartbeat"), List.copyOf(layers.keySet()));
        for (String name : layers.keySet()) {
            Map<String, Object> l = map(layers.get(name));
            List<String> expected = new java.util.ArrayList<>(LAYER_FIELDS);
            if (name.equals("heartbeat")) {
                expected.add("peers");
            }
            assertEquals(expected, List.copyOf(l.keySet()), name);
            assertTrue(((String) l.get("title")).length() > 3, name);
            assertTrue(((String) l.get("settings")).length() > 3, name);
            assertTrue(List.of("ok", "fault", "detected").contains(l.get("status")), name + " " + l.get("status"));
            for (Object c : (List<Object>) l.get("connections")) {
                assertEquals(List.of("id", "state", "detail"), List.copyOf(map(c).keySet()));
                assertTrue(List.of("active", "idle", "dead").contains(map(c).get("state")), name + " " + c);
            }
            assertFalse(map(l.get("counters")).isEmpty(), name);
            assertFalse(map(l.get("metrics")).isEmpty(), name);
            ((List<Object>) l.get("series")).forEach(v -> assertTrue(v instanceof Double, name + " series " + v));
        }
        Map<String, Object> h = layer(s, "http");
        assertEquals(List.of("requests", "failures", "retries", "new connections"),
                List.copyOf(map(h.get("counters")).keySet()));
        List<Object> peers = (List<Object>) layer(s, "heartbeat").get("peers");
        assertEquals(List.of("node-b", "node-a"), peers.stream().map(p -> map(p).get("id")).toList());
        for (Object p : peers) {
            assertEquals(List.of("id", "phi", "suspected", "threshold", "history"), List.copyOf(map(p).keySet()));
            assertEquals(8.0, map(p).get("threshold"));
            ((List<Object>) map(p).get("history")).forEach(v -> assertTrue((Double) v <= 16, "capped: " + v));
        }
        for (Object e : (List<Object>) s.get("events")) {
            assertEquals(List.of("atMs", "layer", "level", "text"), List.copyOf(map(e).keySet()));
        }
        // the layers really run: traffic on each within a second or two of the start
        Map<String, Object> later = awaitSnapshot(5_000, x -> (Double) map(layer(x, "http").get("counters")).get("requests") > 0
                && (Double) map(layer(x, "ws").get("counters")).get("pongs") > 0
                && (Double) map(layer(x, "db").get("counters")).get("borrows") > 0
                && (Double) map(layer(x, "heartbeat").get("counters")).get("acks") > 0
                // the pool's 4 sessions, as pg_stat_activity lists them (orphans of a drop show as dead)
                && ((List<Object>) layer(x, "db").get("connections")).stream()
                        .filter(c -> !"dead".equals(map(c).get("state"))).count() == 4);
        assertTrue(((String) map(((List<Object>) layer(later, "db").get("connections")).get(0)).get("id")).startsWith("pid "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POST | layer=foo&kind=drop       | 400 | layer must be one of http, ws, db, heartbeat: foo",
        "POST | kind=drop                 | 400 | layer must be one of http, ws, db, heartbeat: (missing)",
        "POST | layer=db&kind=foo         | 400 | kind must be one of drop, idle-drop, blackhole, reset, kill: foo",
        "POST | layer=db                  | 400 | kind must be one of drop, idle-drop, blackhole, reset, kill: (missing)",
        "POST | layer=http&kind=kill      | 400 | kind kill works on layer db only: http",
        "POST | layer=heartbeat&kind=kill | 400 | kind kill works on layer db only: heartbeat",
        "GET  | layer=db&kind=kill        | 405 | GET not allowed on /api/fault; use POST",
    })
    void badFaultRequestsGetAOneLineJsonError(String method, String query, int status, String error) throws Exception {
        HttpResponse<String> r = send(method, demo.uri().resolve("api/fault?" + query));
        assertEquals(status, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"error\":\"" + error + "\"}\n", r.body());
    }

    @Test
    void faultsFromAnotherSitesPageAreRefused() throws Exception {
        URI fault = demo.uri().resolve("api/fault?layer=foo&kind=drop");
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(fault).POST(HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://attacker.example").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreign.statusCode());
        assertEquals("{\"error\":\"faults are injected from the demo's own page only, not from origin"
                + " http://attacker.example\"}\n", foreign.body());
        // the page's own origin passes the check and reaches validation (layer foo: 400, nothing injected)
        String own = "http://" + demo.uri().getHost() + ":" + demo.uri().getPort();
        HttpResponse<String> same = http.send(HttpRequest.newBuilder(fault).POST(HttpRequest.BodyPublishers.noBody())
                .header("Origin", own).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, same.statusCode(), same.body());
    }

    @Test
    void servesThePageAndTheBrowserClient() throws Exception {
        HttpResponse<String> page = send("GET", demo.uri());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        HttpResponse<String> script = send("GET", demo.uri().resolve("kal-ws.js"));
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("WebSocket"), "kal-ws.js");
        assertEquals(404, send("GET", demo.uri().resolve("nothing-here")).statusCode());
    }

    @Test
    void pushesTheSnapshotEvery500msOverWsAndKeepsDoingSoThroughAFault() throws Exception {
        BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        WebSocketClient client = WebSocketClient.create(WebSocketOptions.defaults());
        WebSocket ws = client.connect(URI.create("ws://" + demo.uri().getAuthority() + "/ws"), new WebSocketListener() {
            @Override
            public void onText(WebSocket w, String text) {
                texts.add(text);
            }
        });
        try {
            double first = (Double) MiniJson.object(poll(texts)).get("uptimeMs"); // sent on open
            double second = (Double) MiniJson.object(poll(texts)).get("uptimeMs");
            double third = (Double) MiniJson.object(poll(texts)).get("uptimeMs");
            assertTrue(second >= first && third - second >= 400 && third - second <= 700,
                    "pushed every 500 ms: " + first + ", " + second + ", " + third);
            assertEquals(200, send("POST", demo.uri().resolve("api/fault?layer=ws&kind=reset")).statusCode());
            texts.clear();
            for (int i = 0; i < 3; i++) {
                assertTrue(MiniJson.object(poll(texts)).containsKey("layers"));
            }
            assertTrue(ws.isOpen(), "the page's own connection does not go through a proxy");
        } finally {
            ws.close(1000, "");
            client.close();
        }
        awaitRecovered(Map.of("ws", 4_000L), "reset");
    }

    private static String poll(BlockingQueue<String> q) throws InterruptedException {
        String s = q.poll(2, TimeUnit.SECONDS);
        assertNotNull(s, "no snapshot pushed within 2 s");
        return s;
    }

    // Limits per layer: detection ≤ the mechanism's detection time + 1 s of margin (a loaded 2-core machine);
    // recovery ≤ the time until the layer can work again (5 s for a blackhole) + reconnect backoff (ws cap 2 s,
    // heartbeat cap 1 s) + the next probe (ws ping 1 s, db select 300 ms) + 1 s.

    @Test
    void everyLayerDetectsAndRecoversFromADrop() throws Exception {
        // http: read timeout 1 s + a request gap (250 ms); ws: ping 1 s + pong timeout 1 s; db: keepalive 1.1 s +
        // validation timeout 1 s, or the next select 300 ms + socket timeout 2 s; heartbeat: phi 8 after ~0.67 s
        faultAll("drop", Map.of("http", 2_500L, "ws", 3_000L, "db", 3_500L, "heartbeat", 2_000L),
                Map.of("http", 3_500L, "ws", 6_000L, "db", 5_000L, "heartbeat", 4_000L));
    }

    @Test
    void everyLayerDetectsAndRecoversFromABlackhole() throws Exception {
        faultAll("blackhole", Map.of("http", 2_500L, "ws", 3_000L, "db", 3_500L, "heartbeat", 2_000L),
                Map.of("http", 7_500L, "ws", 10_000L, "db", 8_500L, "heartbeat", 8_000L));
    }

    @Test
    void everyLayerDetectsAndRecoversFromAReset() throws Exception {
        // an RST is seen at once: by the next request or the pool's idle check (250 ms), by the reader of
        // the WebSocket, by the pool's keepalive or next borrow, by the heartbeat sender
        faultAll("reset", Map.of("http", 1_500L, "ws", 1_000L, "db", 2_500L, "heartbeat", 1_000L),
                Map.of("http", 2_500L, "ws", 4_000L, "db", 3_000L, "heartbeat", 2_000L));
    }

    /**
     * What keepalive is for: for 10 s each proxy forgets any flow idle 1.5 s. The ws ping (1 s), db keepalive
     * (1 s) and heartbeat (100 ms) keep their flows busier than that, so those layers never notice anything and
     * end "unaffected"; the http pool keeps idle connections 3 s, so after the workers' 2 s lull a reused one is
     * dead: detected by the read timeout, recovered on a new connection.
     */
    @Test
    void idleDropOnlyBreaksTheHttpPoolWhoseIdleTtlOutlivesItWhileKeepaliveKeepsTheOthersUnaffected() throws Exception {
        awaitAllOk();
        List<String> kept = List.of("ws", "db", "heartbeat");
        Map<String, Object> before = snapshot(demo);
        for (String layer : List.of("http", "ws", "db", "heartbeat")) {
            HttpResponse<String> r = send("POST", demo.uri().resolve("api/fault?layer=" + layer + "&kind=idle-drop"));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().startsWith("{\"ok\":true,\"layer\":\"" + layer
                    + "\",\"kind\":\"idle-drop\",\"message\":\"idle drop at 1.5 s on for 10 s, "), r.body());
        }
        long window = ProxyFaults.IDLE_DROP_WINDOW.toMillis();
        // every snapshot until the window is over: ws, db and heartbeat never get to "detected"
        Map<String, Object> s = awaitSnapshot(window + 2_000, x -> {
            for (String l : kept) {
                Map<String, Object> f = map(layer(x, l).get("fault"));
                assertEquals("idle-drop", f.get("kind"), l);
                assertNotEquals("detected", layer(x, l).get("status"), l + " noticed the idle drop: " + f);
                assertNull(f.get("detectedAtMs"), l + " noticed the idle drop: " + f);
            }
            return kept.stream().allMatch(l -> "unaffected".equals(map(layer(x, l).get("fault")).get("outcome")))
                    && "recovered".equals(map(layer(x, "http").get("fault")).get("outcome"));
        });
        Map<String, String> measured = new LinkedHashMap<>();
        for (String l : kept) {
            Map<String, Object> f = map(layer(s, l).get("fault"));
            assertEquals("ok", layer(s, l).get("status"), l);
            assertEquals("idle-drop 1.5 s for 10 s", f.get("label"), l);
            double over = (Double) f.get("recoveredAtMs") - (Double) f.get("injectedAtMs");
            assertTrue(over >= window && over <= window + 1_000, l + " window ended after " + over + " ms: " + f);
            assertTrue(((String) f.get("note")).startsWith("not affected: ")
                    && ((String) f.get("note")).endsWith(" under the 1.5 s idle drop"), l + " " + f);
            measured.put(l, "unaffected, window over after " + (long) over + " ms");
        }
        assertEquals("not affected: a ping every 1 s (and a message every 500 ms) kept the flow under the 1.5 s idle drop",
                map(layer(s, "ws").get("fault")).get("note"));
        // nothing broke underneath either: no pong timeout or close, no failed select, no heartbeat reconnect
        assertEquals(counter(before, "ws", "closes"), counter(s, "ws", "closes"));
        assertEquals(counter(before, "db", "failures"), counter(s, "db", "failures"));
        assertEquals(counter(before, "heartbeat", "node-b reconnects"), counter(s, "heartbeat", "node-b reconnects"));

        Map<String, Object> h = map(layer(s, "http").get("fault"));
        assertEquals("ok", layer(s, "http").get("status"));
        double injected = (Double) h.get("injectedAtMs");
        double detected = (Double) h.get("detectedAtMs");
        double recovered = (Double) h.get("recoveredAtMs");
        // a request gap (250 ms) + the lull (2 s) + the read timeout (1 s), + 1.5 s of margin
        assertTrue(detected - injected >= HttpLayer.LULL_MS && detected - injected <= 4_750, "http detected: " + h);
        assertTrue(recovered >= detected && recovered - injected <= 6_500, "http recovered: " + h);
        assertTrue(((String) h.get("note")).contains("pool idle TTL 3 s > idle drop 1.5 s"), "http note: " + h);
        assertTrue(counter(s, "http", "failures") > counter(before, "http", "failures"), "a read timeout was counted");
        measured.put("http", "detected " + (long) (detected - injected) + " ms, recovered " + (long) (recovered - injected) + " ms");
        System.out.println("kal demo idle-drop: " + measured);
    }

    private static double counter(Map<String, Object> snapshot, String layer, String name) {
        return (Double) map(layer(snapshot, layer).get("counters")).get(name);
    }

    @Test
    void theDbLayerDetectsAndRecoversFromKilledBackends() throws Exception {
        awaitAllOk();
        HttpResponse<String> r = send("POST", demo.uri().resolve("api/fault?layer=db&kind=kill"));
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> reply = MiniJson.object(r.body());
        assertEquals(true, reply.get("ok"));
        assertEquals("db", reply.get("layer"));
        assertEquals("kill", reply.get("kind"));
        assertTrue(((String) reply.get("message")).matches("terminated [1-9][0-9]* backends"), r.body());
        // the next select 1 (300 ms) or the keepalive (1.1 s) meets 57P01
        awaitRecovered(Map.of("db", 3_000L), "kill", Map.of("db", 2_000L));
    }

    private void faultAll(String kind, Map<String, Long> detectLimits, Map<String, Long> recoverLimits)
            throws Exception {
        awaitAllOk();
        for (String layer : List.of("http", "ws", "db", "heartbeat")) {
            HttpResponse<String> r = send("POST", demo.uri().resolve("api/fault?layer=" + layer + "&kind=" + kind));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().startsWith("{\"ok\":true,\"layer\":\"" + layer + "\",\"kind\":\"" + kind + "\",\"message\":"),
                    r.body());
        }
        awaitRecovered(recoverLimits, kind, detectLimits);
    }

    private static void awaitRecovered(Map<String, Long> recoverLimits, String kind) throws Exception {
        awaitRecovered(recoverLimits, kind, Map.of());
    }

    /** Polls until every layer's fault of {@code kind} has recovered, then checks the measured times. */
    private static void awaitRecovered(Map<String, Long> recoverLimits, String kind, Map<String, Long> detectLimits)
            throws Exception {
        long longest = recoverLimits.values().stream().mapToLong(Long::longValue).max().orElse(0);
        Map<String, Object> s = awaitSnapshot(longest + 3_000, x -> recoverLimits.keySet().stream().allMatch(l -> {
            Map<String, Object> f = map(layer(x, l).get("fault"));
            return f != null && f.get("recoveredAtMs") != null;
        }));
        Map<String, String> measured = new LinkedHashMap<>();
        for (String l : recoverLimits.keySet()) {
            Map<String, Object> layer = layer(s, l);
            Map<String, Object> f = map(layer.get("fault"));
            assertEquals(kind, f.get("kind"), l);
            assertEquals("ok", layer.get("status"), l);
            assertNotNull(f.get("detectedAtMs"), l + " recovered without noticing: " + f);
            double injected = (Double) f.get("injectedAtMs");
            double detected = (Double) f.get("detectedAtMs");
            double recovered = (Double) f.get("recoveredAtMs");
            assertEquals(detected - injected, (Double) f.get("detectionMs"), 0.001, l);
            assertTrue(detected >= injected && recovered >= detected, l + " " + f);
            assertNotNull(f.get("note"), l);
            measured.put(l, "detected " + (long) (detected - injected) + " ms, recovered " + (long) (recovered - injected) + " ms");
            if (detectLimits.containsKey(l)) {
                assertTrue(detected - injected <= detectLimits.get(l), l + " " + kind + " detected too late: " + f);
            }
            assertTrue(recovered - injected <= recoverLimits.get(l), l + " " + kind + " recovered too late: " + f);
        }
        System.out.println("kal demo " + kind + ": " + measured);
    }

    /** Waits until every layer is ok (no fault pending) and a second has passed for stragglers of the last one. */
    private static void awaitAllOk() throws Exception {
        awaitSnapshot(15_000, x -> map(x.get("layers")).values().stream().allMatch(l -> "ok".equals(map(l).get("status"))));
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
    }

    private static Map<String, Object> awaitSnapshot(long timeoutMs, java.util.function.Predicate<Map<String, Object>> done)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Map<String, Object> s;
        while (!done.test(s = snapshot(demo))) {
            if (System.nanoTime() - deadline > 0) {
                fail("not reached within " + timeoutMs + " ms; last snapshot: " + s);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return s;
    }

    @Test
    void withoutADatabaseTheDbCardIsUnavailableAndRefusesFaults() throws Exception {
        try (Demo noDb = Demo.start(DemoOptions.builder().port(0).database(false).progress(line -> { }).build())) {
            assertNull(noDb.databaseDir());
            Map<String, Object> db = layer(snapshot(noDb), "db");
            assertEquals("unavailable", db.get("status"));
            assertEquals(List.copyOf(LAYER_FIELDS), List.copyOf(db.keySet()));
            HttpResponse<String> r = send("POST", noDb.uri().resolve("api/fault?layer=db&kind=kill"));
            assertEquals(409, r.statusCode());
            assertEquals("{\"error\":\"db is unavailable: PostgreSQL not started (--no-db)\"}\n", r.body());
            assertEquals(200, send("POST", noDb.uri().resolve("api/fault?layer=http&kind=reset")).statusCode());
        }
    }
}
