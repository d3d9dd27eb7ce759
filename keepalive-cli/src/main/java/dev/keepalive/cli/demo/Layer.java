package dev.keepalive.cli.demo;

import java.util.Map;

/** One card of the demo: a real client and server of one keep-alive mechanism, with a fault proxy between. */
interface Layer extends AutoCloseable {
    LayerState state();

    /** {@code http}, {@code ws}, {@code db} or {@code heartbeat}. */
    default String name() {
        return state().layer();
    }

    /**
     * Injects {@code kind} (one of drop, idle-drop, blackhole, reset; kill on db only: {@link Demo} checks) and says
     * what was done, e.g. "reset 2 flows".
     *
     * @throws IllegalArgumentException when this layer has no such fault (a 400)
     * @throws IllegalStateException when the layer is unavailable (a 409)
     */
    String inject(String kind);

    /** Runs every 100 ms on the demo's sampler thread: watch the layer, heal timed faults; must not block long. */
    void tick(long nowNanos);

    /** Every 500 ms: one sample for the sparklines. */
    void sample(long nowNanos);

    /** The layer object of the snapshot. */
    Map<String, Object> json(long nowNanos);

    @Override
    void close();
}
