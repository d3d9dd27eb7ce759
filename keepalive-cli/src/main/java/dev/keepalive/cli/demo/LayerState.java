package dev.keepalive.cli.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the page shows of one layer beyond its numbers: the status and the fault being demonstrated.
 * <pre>
 *        inject                 the layer's own mechanism noticed         the layer works again
 *   OK ─────────▶ FAULT ───────────────────────────────────▶ DETECTED ─────────────────────────▶ OK
 *    ▲              │ nothing noticed within {@value #UNNOTICED_MS} ms          outcome recovered  (fault kept
 *    ├──────────────┤ outcome unnoticed                                                        for 30 s)
 *    │              │ a windowed fault (idle-drop) ended and nothing noticed it:
 *    └──────────────┘ outcome unaffected: keepalive kept the flows too busy for it (kept for 30 s)
 *   UNAVAILABLE: the layer never started (PostgreSQL off); it stays so.
 * </pre>
 * Written by the layer's workers, read by the snapshot: one lock, held briefly, never across I/O.
 */
final class LayerState {
    enum Status { OK, FAULT, DETECTED, UNAVAILABLE }

    /** A recovered fault stays on the card this long. */
    static final long KEEP_MS = 30_000;
    /** A fault nothing noticed is given up after this long. */
    static final long UNNOTICED_MS = 30_000;
    /** Outside a fault, the same layer logs at most one warning per this many ms. */
    private static final long QUIET_WARN_MS = 1_000;

    private final String layer;
    private final String title;
    private final Timeline timeline;
    private final ReentrantLock lock = new ReentrantLock();
    private final Samples series = new Samples(120);
    private volatile String settings;
    private Status status = Status.OK; // guarded by lock
    private String kind; // guarded by lock; null when there is no fault on the card
    private long injectedAtMs; // guarded by lock
    private long detectedAtMs = -1; // guarded by lock
    private long recoveredAtMs = -1; // guarded by lock
    private String note; // guarded by lock
    private String label; // guarded by lock; what the card calls the fault, e.g. "idle-drop 1.5 s for 10 s"
    private String outcome; // guarded by lock; null while the fault is on, then recovered, unaffected or unnoticed
    private long lastQuietWarnMs = -QUIET_WARN_MS; // guarded by lock

    LayerState(String layer, String title, String settings, Timeline timeline) {
        this.layer = layer;
        this.title = title;
        this.settings = settings;
        this.timeline = timeline;
    }

    String layer() {
        return layer;
    }

    Timeline timeline() {
        return timeline;
    }

    Status status() {
        lock.lock();
        try {
            return status;
        } finally {
            lock.unlock();
        }
    }

    /** Milliseconds (demo time) at which the current fault was injected, or -1 without one. */
    long injectedAtMs() {
        lock.lock();
        try {
            return kind == null ? -1 : injectedAtMs;
        } finally {
            lock.unlock();
        }
    }

    void unavailable(String why) {
        lock.lock();
        try {
            status = Status.UNAVAILABLE;
            settings = why;
        } finally {
            lock.unlock();
        }
    }

    /** A fault was injected just now (call before the proxy acts, so no detection precedes it). */
    void injected(String faultKind, String text) {
        injected(faultKind, faultKind, text);
    }

    /** As {@link #injected(String, String)}, with the name the card shows, e.g. "idle-drop 1.5 s for 10 s". */
    void injected(String faultKind, String faultLabel, String text) {
        lock.lock();
        try {
            kind = faultKind;
            label = faultLabel;
            injectedAtMs = timeline.nowMs();
            detectedAtMs = -1;
            recoveredAtMs = -1;
            note = null;
            outcome = null;
            status = Status.FAULT;
        } finally {
            lock.unlock();
        }
        timeline.event(layer, "info", "fault injected: " + faultLabel + ", " + text);
    }

    /**
     * The layer's own mechanism noticed something wrong: during a fault the first notice is its
     * detection; outside one it is only an event (rate-limited).
     */
    void noticed(String evidence) {
        String event = null;
        lock.lock();
        try {
            long now = timeline.nowMs();
            if (status == Status.FAULT) {
                status = Status.DETECTED;
                detectedAtMs = now;
                note = evidence;
                event = "detected in " + (now - injectedAtMs) + " ms: " + evidence;
            } else if (status == Status.OK && now - lastQuietWarnMs >= QUIET_WARN_MS) {
                lastQuietWarnMs = now;
                event = evidence;
            }
        } finally {
            lock.unlock();
        }
        if (event != null) {
            timeline.event(layer, "warn", event);
        }
    }

    /**
     * As {@link #noticed} during a fault; outside one it does nothing. Returns whether this call was the
     * detection, so the caller can log the evidence as a plain event otherwise.
     */
    boolean detect(String evidence) {
        long took;
        lock.lock();
        try {
            if (status != Status.FAULT) {
                return false;
            }
            long now = timeline.nowMs();
            status = Status.DETECTED;
            detectedAtMs = now;
            note = evidence;
            took = now - injectedAtMs;
        } finally {
            lock.unlock();
        }
        timeline.event(layer, "warn", "detected in " + took + " ms: " + evidence);
        return true;
    }

    /** The layer works again: a detected fault is over. Returns whether this call ended one. */
    boolean recovered(String evidence) {
        long took;
        lock.lock();
        try {
            if (status != Status.DETECTED) {
                return false;
            }
            status = Status.OK;
            recoveredAtMs = timeline.nowMs();
            outcome = "recovered";
            took = recoveredAtMs - injectedAtMs;
        } finally {
            lock.unlock();
        }
        timeline.event(layer, "info", "recovered " + took + " ms after the fault: " + evidence);
        return true;
    }

    /**
     * The window of a timed fault of {@code faultKind} is over (the proxy behaves again). When nothing
     * noticed it, the fault ends "unaffected": the layer's keepalive traffic never let it bite, and
     * {@code why} (e.g. "not affected: a ping every 1 s kept the flow under the 1.5 s idle drop") becomes
     * the card's note. A noticed fault goes on to its own recovery. Returns whether this call ended the fault.
     */
    boolean windowEnded(String faultKind, String why) {
        long took;
        lock.lock();
        try {
            if (status != Status.FAULT || !faultKind.equals(kind)) {
                return false;
            }
            status = Status.OK;
            recoveredAtMs = timeline.nowMs();
            outcome = "unaffected";
            note = why;
            took = recoveredAtMs - injectedAtMs;
        } finally {
            lock.unlock();
        }
        timeline.event(layer, "info", label + " over after " + took + " ms, " + why);
        return true;
    }

    /** Clears a fault that has been on display long enough, or that nothing noticed. */
    void expire() {
        String event = null;
        lock.lock();
        try {
            long now = timeline.nowMs();
            if (kind != null && status == Status.OK && recoveredAtMs >= 0 && now - recoveredAtMs >= KEEP_MS) {
                kind = null;
            } else if (status == Status.FAULT && now - injectedAtMs >= UNNOTICED_MS) {
                status = Status.OK;
                note = "not noticed within " + UNNOTICED_MS / 1000 + " s";
                outcome = "unnoticed";
                recoveredAtMs = now;
                event = kind + " was not noticed within " + UNNOTICED_MS / 1000 + " s";
            }
        } finally {
            lock.unlock();
        }
        if (event != null) {
            timeline.event(layer, "warn", event);
        }
    }

    /** Adds one sample to the sparkline (the last 120 are kept). */
    void sample(double value) {
        series.add(value);
    }

    /**
     * The layer object of the snapshot: title, settings, status, fault, connections, counters, metrics, series.
     * The fault (null when none is on the card) has kind, injectedAtMs, detectedAtMs, recoveredAtMs (also set
     * when it ended without being noticed), detectionMs, note, label and outcome: null while it is on, then
     * {@code recovered}, {@code unaffected} (a windowed fault nothing noticed) or {@code unnoticed} (given up).
     */
    Map<String, Object> json(List<Map<String, Object>> connections, Map<String, Object> counters,
                             Map<String, Object> metrics) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("settings", settings);
        lock.lock();
        try {
            m.put("status", status.name().toLowerCase(Locale.ROOT));
            if (kind == null) {
                m.put("fault", null);
            } else {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("kind", kind);
                f.put("injectedAtMs", injectedAtMs);
                f.put("detectedAtMs", detectedAtMs < 0 ? null : detectedAtMs);
                f.put("recoveredAtMs", recoveredAtMs < 0 ? null : recoveredAtMs);
                f.put("detectionMs", detectedAtMs < 0 ? null : detectedAtMs - injectedAtMs);
                f.put("note", note);
                f.put("label", label);
                f.put("outcome", outcome);
                m.put("fault", f);
            }
        } finally {
            lock.unlock();
        }
        m.put("connections", connections);
        m.put("counters", counters);
        m.put("metrics", metrics);
        m.put("series", series.toList());
        return m;
    }

    /** A connection row of the snapshot. */
    static Map<String, Object> connection(String id, String state, String detail) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("state", state);
        c.put("detail", detail);
        return c;
    }

    /** "4.1 s" or "850 ms". */
    static String age(long nanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
