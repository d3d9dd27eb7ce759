package dev.keepalive.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.websocket.NodeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo page in headless Chromium against the real demo (in-process, page server on a free port, no
 * PostgreSQL): the cards load, counters move, the page's own WebSocket keeps pushing the uptime, and an
 * HTTP blackhole clicked on the page is reported as detected by the http card and then as recovered.
 * Leaves a full-page screenshot, taken while the fault is detected, in {@code target/demo.png}.
 */
class DemoBrowserTest {
    private static final Path SCREENSHOT = Path.of("target", "demo.png").toAbsolutePath();

    // From the contract of the http layer: read timeout 1 s; a client thread pauses up to idle TTL 3 s
    // + 0.6 s now and then; a snapshot is pushed every 500 ms; the blackhole heals after 5 s.
    private static final long READ_TIMEOUT_MS = 1_000;
    private static final long LONGEST_PAUSE_MS = 3_600;
    private static final long PUSH_MS = 500;
    private static final long BLACKHOLE_MS = 5_000;
    private static final long MARGIN_MS = 1_500;

    @Test
    void pageShowsLiveLayersAndAnInjectedFaultDetectedThenRecovered() throws Exception {
        NodeTools.requireChromium();
        Files.deleteIfExists(SCREENSHOT);
        try (Demo demo = Demo.start(DemoOptions.builder().port(0).database(false).progress(s -> { }).build());
             NodeTools.NodeProcess browser = new NodeTools.NodeProcess("/dev/keepalive/cli/demo/demo-browser.js",
                     demo.uri().toString().replaceAll("/$", ""), NodeTools.DIR.toString(), SCREENSHOT.toString())) {
            String loaded = browser.await("loaded:", 20_000);
            assertTrue(loaded.contains("\"layers\":[\"http\",\"ws\",\"db\",\"heartbeat\"]"), "one card per layer, in order: " + loaded);
            assertTrue(loaded.contains("\"wsState\":\"open\""), loaded);
            assertTrue(loaded.contains("\"db\":\"unavailable\""), "no PostgreSQL in this test: " + loaded);

            String moving = browser.await("moving:", 10_000);
            long[] requests = pair(moving, "requests");
            long[] uptime = pair(moving, "uptimeMs");
            long[] pushes = pair(moving, "wsMessages");
            assertTrue(requests[1] > requests[0], "the requests counter grows over 2 s: " + moving);
            assertTrue(uptime[1] - uptime[0] >= 1_000, "the pushed uptime keeps moving: " + moving);
            assertTrue(pushes[1] - pushes[0] >= 2, "snapshots arrive on the page's WebSocket: " + moving);

            String detected = browser.await("detected:", 25_000);
            assertTrue(detected.contains("\"http\":{\"status\":200"), "the blackhole was accepted: " + detected);
            assertTrue(detected.contains("\"db\":{\"status\":409"), "a db fault is refused without PostgreSQL: " + detected);
            assertTrue(detected.contains("\"status\":{\"http\":\"detected\""), detected);
            assertEquals("detected", string(detected, "httpPhase"), detected);
            long detectedMs = number(detected, "http");
            long detectionBound = LONGEST_PAUSE_MS + READ_TIMEOUT_MS + PUSH_MS + MARGIN_MS;
            assertTrue(detectedMs <= detectionBound, "noticed in " + detectedMs + " ms > " + detectionBound + ": " + detected);

            String recovered = browser.await("recovered:", 25_000);
            long recoveredMs = number(recovered, "http");
            long recoveryBound = BLACKHOLE_MS + 2 * READ_TIMEOUT_MS + LONGEST_PAUSE_MS + PUSH_MS + MARGIN_MS;
            assertTrue(recoveredMs >= BLACKHOLE_MS - PUSH_MS, "not before the blackhole healed: " + recovered);
            assertTrue(recoveredMs <= recoveryBound, "recovered in " + recoveredMs + " ms > " + recoveryBound + ": " + recovered);
            assertTrue(recovered.contains("\"status\":{\"http\":\"ok\""), recovered);
            assertTrue(recovered.contains("noticed after"), "the timeline says when it was noticed: " + recovered);
            long[] upLater = pair(recovered, "uptimeMs");
            long[] pushesLater = pair(recovered, "wsMessages");
            assertTrue(upLater[1] > upLater[0] && pushesLater[1] > pushesLater[0],
                    "the WebSocket kept pushing through the fault: " + recovered);
            assertTrue(recovered.contains("\"wsState\":\"open\""), recovered);
            System.out.println("demo page: http blackhole noticed after " + detectedMs + " ms, recovered after "
                    + recoveredMs + " ms; screenshot " + SCREENSHOT);
        }
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertTrue(png.length > 20_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG of the page: " + png.length + " bytes");
    }

    /** {@code "name":[a,b]} from one line of the script's JSON. */
    private static long[] pair(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\[(-?\\d+),(-?\\d+)]").matcher(json);
        assertTrue(m.find(), name + " missing: " + json);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    /** The first {@code "name":number} in the line. */
    private static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
        assertTrue(m.find(), name + " missing: " + json);
        return Long.parseLong(m.group(1));
    }

    private static String string(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), name + " missing: " + json);
        return m.group(1);
    }
}
