package dev.keepalive.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.FakeTicker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The card's status machine on a fake clock: fault → detected → ok, what the fault object says, and when it goes. */
class LayerStateTest {
    private final FakeTicker ticker = new FakeTicker();
    private final Timeline timeline = new Timeline(ticker);
    private final LayerState state = new LayerState("http", "HTTP", "settings", timeline);

    @SuppressWarnings("unchecked")
    private Map<String, Object> fault() {
        return (Map<String, Object>) state.json(List.of(), Map.of(), Map.of()).get("fault");
    }

    private String status() {
        return (String) state.json(List.of(), Map.of(), Map.of()).get("status");
    }

    @Test
    void faultIsDetectedThenRecoveredWithTheTimesMeasuredFromTheInjection() {
        ticker.advanceMillis(1_000);
        state.injected("drop", "the proxy forgets every flow");
        assertEquals("fault", status());
        assertFalse(state.recovered("a request before the fault bit"), "nothing to recover from before detection");
        ticker.advanceMillis(1_200);
        state.noticed("read timeout");
        ticker.advanceMillis(100);
        state.noticed("a second failure");
        assertEquals("detected", status());
        ticker.advanceMillis(300);
        assertTrue(state.recovered("answered on a new connection"));
        assertEquals("ok", status());
        assertEquals(Map.of("kind", "drop", "injectedAtMs", 1_000L, "detectedAtMs", 2_200L, "recoveredAtMs", 2_600L,
                "detectionMs", 1_200L, "note", "read timeout"), fault());
        ticker.advanceMillis(LayerState.KEEP_MS - 1);
        state.expire();
        assertEquals("drop", fault().get("kind"), "kept on the card for 30 s");
        ticker.advanceMillis(1);
        state.expire();
        assertNull(fault());
        List<String> texts = timeline.events().stream().map(e -> (String) e.get("text")).toList();
        assertEquals(List.of("fault injected: drop, the proxy forgets every flow",
                "detected in 1200 ms: read timeout",
                "recovered 1600 ms after the fault: answered on a new connection"), texts);
    }

    @Test
    void aFaultNothingNoticesIsGivenUpAfter30s() {
        state.injected("reset", "RST");
        ticker.advanceMillis(LayerState.UNNOTICED_MS);
        state.expire();
        assertEquals("ok", status());
        assertEquals("not noticed within 30 s", fault().get("note"));
        assertNull(fault().get("detectedAtMs"));
    }

    @Test
    void noticesOutsideAFaultAreRateLimitedEvents() {
        state.noticed("stray failure");
        state.noticed("another one");
        ticker.advanceMillis(1_000);
        state.noticed("a second later");
        assertEquals("ok", status());
        assertEquals(List.of("stray failure", "a second later"),
                timeline.events().stream().map(e -> e.get("text")).toList());
        assertFalse(state.detect("not during a fault"));
    }

    @Test
    void timelineKeepsTheNewest50Events() {
        for (int i = 0; i < 60; i++) {
            timeline.event("ws", "info", "e" + i);
        }
        List<Map<String, Object>> events = timeline.events();
        assertEquals(50, events.size());
        assertEquals("e10", events.get(0).get("text"));
        assertEquals("e59", events.get(49).get("text"));
    }
}
