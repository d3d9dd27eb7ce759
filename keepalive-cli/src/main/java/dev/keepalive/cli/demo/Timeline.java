package dev.keepalive.cli.demo;

import dev.keepalive.core.Ticker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** The demo's clock in milliseconds since start, and its event list: the newest {@value #MAX} events. */
final class Timeline {
    static final int MAX = 50;
    private static final System.Logger LOG = System.getLogger("dev.keepalive.cli.demo");

    private final Ticker ticker;
    private final long startNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Map<String, Object>> events = new ArrayDeque<>(); // guarded by lock

    Timeline(Ticker ticker) {
        this.ticker = ticker;
        this.startNanos = ticker.nanoTime();
    }

    Ticker ticker() {
        return ticker;
    }

    long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime() - startNanos);
    }

    /** Records one event; {@code level} is info or warn. */
    void event(String layer, String level, String text) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("atMs", nowMs());
        e.put("layer", layer);
        e.put("level", level);
        e.put("text", text);
        lock.lock();
        try {
            events.addLast(e);
            while (events.size() > MAX) {
                events.removeFirst();
            }
        } finally {
            lock.unlock();
        }
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "demo_event layer=" + layer + " level=" + level + " " + text);
        }
    }

    /** The events, oldest first. */
    List<Map<String, Object>> events() {
        lock.lock();
        try {
            return new ArrayList<>(events);
        } finally {
            lock.unlock();
        }
    }
}
