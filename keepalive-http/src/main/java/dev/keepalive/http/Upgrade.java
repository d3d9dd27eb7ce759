package dev.keepalive.http;

/** Takes over a connection once its {@code 101 Switching Protocols} response is on its way. */
@FunctionalInterface
public interface Upgrade {

    /** Runs on the event loop; returns the handler for every later byte of the connection. */
    UpgradeHandler onUpgrade(Tunnel tunnel);
}
