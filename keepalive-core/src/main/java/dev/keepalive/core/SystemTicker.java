package dev.keepalive.core;

/** The one {@link Ticker} backed by {@link System#nanoTime()}. */
final class SystemTicker implements Ticker {
    static final SystemTicker INSTANCE = new SystemTicker();

    private SystemTicker() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
