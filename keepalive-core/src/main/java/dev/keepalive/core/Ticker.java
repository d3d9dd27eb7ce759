package dev.keepalive.core;

/**
 * A monotonic nanosecond clock. All timeout logic takes a {@code Ticker} so tests can drive time with
 * {@link FakeTicker}; only the outermost runner uses {@link #system()}.
 */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds from an arbitrary origin; only differences are meaningful. */
    long nanoTime();

    /** The JVM's monotonic clock, {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
