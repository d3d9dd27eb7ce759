package dev.keepalive.core;

/**
 * A monotonic nanosecond clock. All timeout logic takes a {@code Ticker} so tests can drive time with
 * {@link FakeTicker}; only the outermost runner uses {@link #system()}.
 */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds from an arbitrary origin; only differences are meaningful. */
    long nanoTime();

    /** The JVM's monotonic clock, {@link System#nanoTime()}; the same instance every call. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }

    /** Whether this is {@link #system()}: loops that sleep until a deadline can trust it not to jump. */
    default boolean isSystem() {
        return this == SystemTicker.INSTANCE;
    }
}
