package dev.keepalive.heartbeat;

/**
 * Receives a monitor's {@link HeartbeatEvent}s. Called on the thread that drives the monitor (the node's
 * loop), with the monitor locked, in the order the changes happened: return quickly and don't block.
 * Calling back into the monitor is fine; an exception is logged and counted, never propagated.
 */
@FunctionalInterface
public interface HeartbeatListener {
    HeartbeatListener NONE = event -> { };

    void onEvent(HeartbeatEvent event);
}
