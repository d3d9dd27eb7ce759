package dev.keepalive.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lock-free counts keyed by an enum, such as closes by {@link CloseReason}. Every constant has a counter
 * from the start, so a snapshot always lists every key, zeros included: a dashboard can tell "no idle
 * timeouts" from "not reported".
 *
 * @param <E> the key type
 */
public final class EnumCounter<E extends Enum<E>> {
    private final Class<E> type;
    private final E[] keys;
    // indexed by ordinal: increment is an array load and a LongAdder bump, no map lookup, no boxing
    private final LongAdder[] counts;

    public EnumCounter(Class<E> type) {
        this.type = Objects.requireNonNull(type, "type");
        this.keys = type.getEnumConstants();
        if (keys == null) {
            throw new IllegalArgumentException("type must be an enum: " + type.getName());
        }
        this.counts = new LongAdder[keys.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void increment(E key) {
        counts[key.ordinal()].increment();
    }

    /** Adds {@code n} &gt;= 0 events for {@code key}; counts only go up. */
    public void add(E key, long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        counts[key.ordinal()].add(n);
    }

    public long get(E key) {
        return counts[key.ordinal()].sum();
    }

    /** The sum over all keys. */
    public long total() {
        long sum = 0;
        for (LongAdder count : counts) {
            sum += count.sum();
        }
        return sum;
    }

    /** A copy with every constant of {@code E} as a key, in declaration order, zeros included. */
    public Map<E, Long> snapshot() {
        EnumMap<E, Long> map = new EnumMap<>(type);
        for (E key : keys) {
            map.put(key, counts[key.ordinal()].sum());
        }
        return map;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
