package dev.keepalive.cli.demo;

import dev.keepalive.cli.FaultProxyHandle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The network faults every layer shares, on that layer's own proxy. A blackhole heals itself after 5 s; an
 * idle drop is a window of {@link #IDLE_DROP_WINDOW} in which the proxy forgets any flow idle for
 * {@link #IDLE_DROP} (a NAT's idle timeout), after which the layer either noticed or was never touched.
 */
final class ProxyFaults {
    static final long BLACKHOLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /**
     * Longer than the busiest flows ever rest (heartbeat 100 ms, ws message 500 ms, ws ping and db keepalive
     * 1 s ± 10 %), shorter than the http pool's idle TTL (3 s): only a layer without keepalive traffic loses flows.
     */
    static final Duration IDLE_DROP = Duration.ofMillis(1500);
    static final Duration IDLE_DROP_WINDOW = Duration.ofSeconds(10);
    static final String IDLE_DROP_LABEL = "idle-drop 1.5 s for 10 s";

    private final FaultProxyHandle proxy;
    private final LayerState state;
    private final String keptBusyBy;
    private volatile long healAtNanos; // 0 = no blackhole pending
    /** Opening and closing the idle-drop window: a click at the very end must not be switched off unseen. */
    private final ReentrantLock idleDropLock = new ReentrantLock();
    private volatile long idleDropEndsAtNanos; // 0 = no idle-drop window open; written under idleDropLock

    /**
     * @param keptBusyBy what keeps this layer's flows under the idle drop, for the card's note when nothing
     *                   noticed it, e.g. "a ping every 1 s kept the flow"
     */
    ProxyFaults(FaultProxyHandle proxy, LayerState state, String keptBusyBy) {
        this.proxy = proxy;
        this.state = state;
        this.keptBusyBy = keptBusyBy;
    }

    String inject(String kind, long nowNanos) {
        switch (kind) {
            case "drop" -> {
                state.injected(kind, "the proxy forgets every current flow: no FIN, no RST, new flows pass");
                return "dropped " + proxy.dropAll() + " flows";
            }
            case "idle-drop" -> {
                idleDropLock.lock();
                try {
                    state.injected(kind, IDLE_DROP_LABEL, "for 10 s the proxy forgets any flow idle for 1.5 s, as a"
                            + " NAT's idle timeout does: no FIN, no RST");
                    proxy.idleDrop(IDLE_DROP);
                    long end = nowNanos + IDLE_DROP_WINDOW.toNanos();
                    idleDropEndsAtNanos = end == 0 ? 1 : end;
                } finally {
                    idleDropLock.unlock();
                }
                return "idle drop at 1.5 s on for 10 s, " + proxy.flowCount() + " flows open";
            }
            case "blackhole" -> {
                state.injected(kind, "the proxy forwards nothing, current or new, for 5 s");
                proxy.blackhole(true);
                healAtNanos = nowNanos + BLACKHOLE_NANOS;
                return "blackholed " + proxy.flowCount() + " flows and every new one for 5 s";
            }
            case "reset" -> {
                state.injected(kind, "RST on every current flow");
                return "reset " + proxy.resetAll() + " flows";
            }
            default -> throw new IllegalArgumentException("kind must be one of drop, idle-drop, blackhole, reset: "
                    + kind);
        }
    }

    void tick(long nowNanos) {
        long heal = healAtNanos;
        if (heal != 0 && nowNanos - heal >= 0) {
            healAtNanos = 0;
            proxy.blackhole(false);
            state.timeline().event(state.layer(), "info", "blackhole healed: the proxy forwards again");
        }
        long end = idleDropEndsAtNanos;
        if (end != 0 && nowNanos - end >= 0) {
            idleDropLock.lock();
            try {
                if (idleDropEndsAtNanos != end) {
                    return; // injected again just now: a new window
                }
                idleDropEndsAtNanos = 0;
                proxy.idleDrop(Duration.ZERO);
                if (!state.windowEnded("idle-drop", "not affected: " + keptBusyBy + " under the 1.5 s idle drop")) {
                    state.timeline().event(state.layer(), "info", "idle drop off: idle flows are kept again");
                }
            } finally {
                idleDropLock.unlock();
            }
        }
    }
}
