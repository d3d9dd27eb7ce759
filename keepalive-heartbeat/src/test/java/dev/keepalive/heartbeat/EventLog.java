package dev.keepalive.heartbeat;

import static org.junit.jupiter.api.Assertions.fail;

import dev.keepalive.core.RealTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps every event with its arrival time, and waits for the ones a test expects. */
final class EventLog implements HeartbeatListener {
    record Seen(HeartbeatEvent event, long atNanos) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(HeartbeatEvent event) {
        seen.add(new Seen(event, System.nanoTime()));
    }

    /** Waits for the first event of {@code type} about {@code peer} after index {@code from}. */
    Seen await(HeartbeatEvent.Type type, String peer, int from, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = from; i < seen.size(); i++) {
                Seen s = seen.get(i);
                if (s.event().type() == type && s.event().peer().id().equals(peer)) {
                    return s;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no " + type.eventName() + " for " + peer + " within " + timeout.toMillis() + " ms; saw "
                        + names());
            }
            sleep(2);
        }
    }

    Seen await(HeartbeatEvent.Type type, String peer, Duration timeout) {
        return await(type, peer, 0, timeout);
    }

    List<Seen> all() {
        return List.copyOf(seen);
    }

    int size() {
        return seen.size();
    }

    List<String> names() {
        List<String> list = new ArrayList<>();
        for (Seen s : seen) {
            list.add(s.event().type().eventName() + " " + s.event().peer().id());
        }
        return list;
    }

    long count(HeartbeatEvent.Type type) {
        return seen.stream().filter(s -> s.event().type() == type).count();
    }

    /** Polls {@code condition} every 2 ms until it holds, or fails after {@code timeout}. */
    static void eventually(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + " within " + timeout.toMillis() + " ms");
            }
            sleep(2);
        }
    }

    /** A real-time wait: heartbeats, reconnects and detectors on real sockets run on the wall clock. */
    static void sleep(long millis) {
        try {
            RealTime.sleep(millis, "heartbeats on real sockets run on the wall clock");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
