package dev.keepalive.bench.client;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Exceptions the caller saw, counted by kind (class and the start of the message), thread-safe. */
final class Failures {
    private final ConcurrentHashMap<String, LongAdder> byKind = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    void add(Throwable t) {
        total.increment();
        byKind.computeIfAbsent(kind(t), k -> new LongAdder()).increment();
    }

    long total() {
        return total.sum();
    }

    /** {@code kind=count; ...}, sorted, or "" when none. */
    @Override
    public String toString() {
        Map<String, Long> sorted = new TreeMap<>();
        byKind.forEach((k, v) -> sorted.put(k, v.sum()));
        StringBuilder sb = new StringBuilder();
        sorted.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "; ").append(v).append(" x ").append(k));
        return sb.toString();
    }

    /** The exception and its innermost cause, class names and messages cut to a readable length. */
    private static String kind(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String kind = describe(t);
        return root == t ? kind : kind + " <- " + describe(root);
    }

    private static String describe(Throwable t) {
        // ports differ from one connection to the next; the rest of the message is the kind
        String message = t.getMessage() == null ? "" : t.getMessage().replaceAll(":\\d+", ":N");
        if (message.length() > 70) {
            message = message.substring(0, 70) + "…";
        }
        return t.getClass().getSimpleName() + (message.isEmpty() ? "" : "(" + message + ")");
    }
}
