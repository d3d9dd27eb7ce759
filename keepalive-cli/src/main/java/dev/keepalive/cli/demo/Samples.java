package dev.keepalive.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** The last {@code capacity} numbers of a sparkline, oldest first. */
final class Samples {
    private final double[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private int next; // guarded by lock
    private int size; // guarded by lock

    Samples(int capacity) {
        this.ring = new double[capacity];
    }

    void add(double v) {
        lock.lock();
        try {
            ring[next] = v;
            next = (next + 1) % ring.length;
            size = Math.min(size + 1, ring.length);
        } finally {
            lock.unlock();
        }
    }

    List<Object> toList() {
        lock.lock();
        try {
            List<Object> out = new ArrayList<>(size);
            int start = (next - size + ring.length) % ring.length;
            for (int i = 0; i < size; i++) {
                out.add(ring[(start + i) % ring.length]);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }
}
