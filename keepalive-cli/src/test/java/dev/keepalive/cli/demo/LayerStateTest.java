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
                "detectionMs", 1_200L, "note", "read timeout", "label", "drop", "outcome", "recovered"), fault());
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
        assertEquals("unnoticed", fault().get("outcome"));
        assertNull(fault().get("detectedAtMs"));
    }

    @Test
    void aWindowedFaultNothingNoticedEndsUnaffectedAndStaysOnTheCardLikeARecoveredOne() {
        ticker.advanceMillis(500);
        state.injected("idle-drop", "idle-drop 1.5 s for 10 s", "flows idle 1.5 s are forgotten");
        ticker.advanceMillis(4_000);
        assertEquals("fault", status());
        assertNull(fault().get("outcome"), "still on");
        assertFalse(state.windowEnded("blackhole", "not mine"), "another kind's window does not end it");
        ticker.advanceMillis(6_000);
        assertTrue(state.windowEnded("idle-drop", "not affected: a ping every 1 s kept the flow under the 1.5 s idle drop"));
        assertEquals("ok", status());
        Map<String, Object> f = new java.util.HashMap<>(fault());
        assertEquals(500L, f.remove("injectedAtMs"));
        assertEquals(10_500L, f.remove("recoveredAtMs"));
        assertEquals(Map.of("kind", "idle-drop", "label", "idle-drop 1.5 s for 10 s", "outcome", "unaffected",
                "note", "not affected: a ping every 1 s kept the flow under the 1.5 s idle drop"),
                Map.of("kind", f.get("kind"), "label", f.get("label"), "outcome", f.get("outcome"), "note", f.get("note")));
        assertNull(f.get("detectedAtMs"));
        assertNull(f.get("detectionMs"));
        assertFalse(state.recovered("late"), "an unaffected fault has nothing to recover from");
        assertFalse(state.windowEnded("idle-drop", "again"), "ends once");
        state.noticed("a stray failure after the window");
        assertEquals("unaffected", fault().get("outcome"), "later notices are plain events");
        ticker.advanceMillis(LayerState.KEEP_MS - 1);
        state.expire();
        assertEquals("idle-drop", fault().get("kind"), "kept on the card for 30 s");
        ticker.advanceMillis(1);
        state.expire();
        assertNull(fault());
        assertEquals(List.of("fault injected: idle-drop 1.5 s for 10 s, flows idle 1.5 s are forgotten",
                "idle-drop 1.5 s for 10 s over after 10000 ms, not affected: a ping every 1 s kept the flow under the"
                        + " 1.5 s idle drop", "a stray failure after the window"),
                timeline.events().stream().map(e -> e.get("text")).toList());
    }

    @Test
    void aWindowedFaultThatWasNoticedEndsRecoveredNotUnaffected() {
        state.injected("idle-drop", "idle-drop 1.5 s for 10 s", "flows idle 1.5 s are forgotten");
        ticker.advanceMillis(3_300);
        state.noticed("read timeout on a forgotten pooled connection");
        ticker.advanceMillis(6_700);
        assertFalse(state.windowEnded("idle-drop", "not affected: requests kept it busy"), "it was noticed");
        assertEquals("detected", status());
        assertNull(fault().get("outcome"));
        ticker.advanceMillis(200);
        assertTrue(state.recovered("answered on a new connection"));
        assertEquals("recovered", fault().get("outcome"));
        assertEquals("read timeout on a forgotten pooled connection", fault().get("note"));
        assertEquals(3_300L, fault().get("detectionMs"));
        assertEquals(10_200L, fault().get("recoveredAtMs"));
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
