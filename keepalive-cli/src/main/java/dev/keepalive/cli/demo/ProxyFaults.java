package dev.keepalive.cli.demo;

import dev.keepalive.cli.FaultProxyHandle;
import java.util.concurrent.TimeUnit;

/** The three network faults every layer shares, on that layer's own proxy; a blackhole heals itself after 5 s. */
final class ProxyFaults {
    static final long BLACKHOLE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final FaultProxyHandle proxy;
    private final LayerState state;
    private volatile long healAtNanos; // 0 = no blackhole pending

    ProxyFaults(FaultProxyHandle proxy, LayerState state) {
        this.proxy = proxy;
        this.state = state;
    }

    String inject(String kind, long nowNanos) {
        switch (kind) {
            case "drop" -> {
                state.injected(kind, "the proxy forgets every current flow: no FIN, no RST, new flows pass");
                return "dropped " + proxy.dropAll() + " flows";
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
            default -> throw new IllegalArgumentException("kind must be one of drop, blackhole, reset: " + kind);
        }
    }

    void tick(long nowNanos) {
        long heal = healAtNanos;
        if (heal != 0 && nowNanos - heal >= 0) {
            healAtNanos = 0;
            proxy.blackhole(false);
            state.timeline().event(state.layer(), "info", "blackhole healed: the proxy forwards again");
        }
    }
}
