package dev.keepalive.websocket.internal;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.Counter;
import dev.keepalive.core.EnumCounter;
import dev.keepalive.core.Histogram;
import dev.keepalive.websocket.WebSocketStats;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The counters behind {@link WebSocketStats}, shared by all connections of an endpoint or a client. Lock-free. */
public final class Meter {
    final AtomicLong open = new AtomicLong();
    final Counter opened = new Counter();
    final Counter messagesIn = new Counter();
    final Counter messagesOut = new Counter();
    final Counter dropped = new Counter();
    final Counter pingsSent = new Counter();
    final Counter pongsReceived = new Counter();
    final Counter pingsReceived = new Counter();
    final Counter appHeartbeats = new Counter();
    final EnumCounter<CloseReason> closes = new EnumCounter<>(CloseReason.class);
    final Histogram rtt = new Histogram();
    private volatile long lastRtt = -1;

    void recordRtt(long nanos) {
        rtt.record(nanos);
        lastRtt = nanos;
    }

    /** A send on a connection that was not open (or on a reconnecting client between connections). */
    public void countDropped() {
        dropped.increment();
    }

    void opened() {
        opened.increment();
        open.incrementAndGet();
    }

    void closed(CloseReason reason) {
        open.decrementAndGet();
        closes.increment(reason);
    }

    public WebSocketStats snapshot() {
        long n = rtt.count();
        long last = lastRtt;
        Map<CloseReason, Long> byReason = new EnumMap<>(CloseReason.class);
        for (CloseReason r : CloseReason.values()) {
            byReason.put(r, closes.get(r));
        }
        return new WebSocketStats(open.get(), opened.get(), messagesIn.get(), messagesOut.get(), dropped.get(),
                pingsSent.get(), pongsReceived.get(), pingsReceived.get(), appHeartbeats.get(),
                last < 0 ? null : Duration.ofNanos(last), n,
                n == 0 ? null : Duration.ofNanos(rtt.percentile(0.5)),
                n == 0 ? null : Duration.ofNanos(rtt.percentile(0.99)),
                n == 0 ? null : Duration.ofNanos(rtt.max()), byReason);
    }
}
