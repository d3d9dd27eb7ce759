package dev.keepalive.http;

import dev.keepalive.core.CloseReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections of one route: a bounded count, idle ones most-recently-used first, and a fair wait
 * when every slot is busy. A ReentrantLock, never held across I/O: borrowers are virtual threads.
 */
final class RoutePool {
    private final Route route;
    private final ClientOptions options;
    private final HttpClient client;
    // not fair: a fair lock hands off on every acquire; waiters still queue in FIFO on the condition
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition slotFree = lock.newCondition();
    private final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();
    private int total;
    private int waiting;
    private boolean closed;

    RoutePool(Route route, ClientOptions options, HttpClient client) {
        this.route = route;
        this.options = options;
        this.client = client;
    }

    /**
     * Returns an idle connection that is neither expired nor closed by the server, or null after
     * reserving a slot for a new connection the caller must open (and {@link #release} on failure).
     */
    ClientConnection acquire(boolean allowIdle) throws ConnectionPoolTimeoutException {
        long waitNanos = options.acquireTimeout().toNanos();
        long start = options.ticker().nanoTime();
        while (true) {
            ClientConnection candidate = null;
            lock.lock();
            try {
                if (closed) {
                    throw new IllegalStateException("client is closed");
                }
                if (allowIdle) {
                    candidate = idle.pollFirst();
                }
                if (candidate == null) {
                    if (total < options.maxConnectionsPerRoute()) {
                        total++;
                        return null;
                    }
                    if (!allowIdle && !idle.isEmpty()) {
                        // a fresh connection is wanted and the route is full: make room
                        ClientConnection oldest = idle.pollLast();
                        total--;
                        client.closed(oldest, CloseReason.LIMIT);
                        continue;
                    }
                    if (waitNanos <= 0) {
                        throw exhausted(start);
                    }
                    waiting++;
                    try {
                        waitNanos = slotFree.awaitNanos(waitNanos);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ConnectionPoolTimeoutException("interrupted while waiting for a connection to "
                                + route);
                    } finally {
                        waiting--;
                    }
                    continue;
                }
            } finally {
                lock.unlock();
            }
            // checked outside the lock: a few system calls, but never while others wait on us
            long now = options.ticker().nanoTime();
            CloseReason reason = expired(candidate, now) ? CloseReason.IDLE_TIMEOUT
                    : candidate.isStale() ? CloseReason.PEER_CLOSED : null;
            if (reason == null) {
                return candidate;
            }
            discard(candidate, reason);
        }
    }

    private ConnectionPoolTimeoutException exhausted(long start) {
        long waited = TimeUnit.NANOSECONDS.toMillis(options.ticker().nanoTime() - start);
        return new ConnectionPoolTimeoutException("route " + route + " exhausted: " + total + "/"
                + options.maxConnectionsPerRoute() + " in use, " + waiting + " waiting, waited " + waited + " ms");
    }

    private static boolean expired(ClientConnection c, long now) {
        return now - c.idleSince >= c.ttlNanos;
    }

    /** Gives a connection back: idle if reusable and there is room, else closed. Frees a slot for waiters. */
    void release(ClientConnection connection, boolean reusable, CloseReason reasonIfNot) {
        CloseReason reason = reusable ? null : reasonIfNot;
        lock.lock();
        try {
            if (reusable && !closed && idle.size() < options.maxIdlePerRoute() && connection.ttlNanos > 0) {
                connection.idleSince = options.ticker().nanoTime();
                idle.addFirst(connection);
                slotFree.signal();
                return;
            }
            if (reason == null) {
                reason = closed ? CloseReason.SHUTDOWN : CloseReason.LIMIT;
            }
            total--;
            slotFree.signal();
        } finally {
            lock.unlock();
        }
        client.closed(connection, reason);
    }

    /** Closes a connection that holds a slot (a stale candidate, a failed attempt). */
    void discard(ClientConnection connection, CloseReason reason) {
        release(connection, false, reason);
    }

    /** Frees a slot reserved by {@link #acquire} whose connection could not be opened. */
    void cancelReservation() {
        lock.lock();
        try {
            total--;
            slotFree.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes idle connections past their TTL or closed by the server. Returns the nanoseconds until the
     * next one expires ({@link Long#MAX_VALUE} when none is idle).
     */
    long evictIdle(long now) {
        List<ClientConnection> candidates;
        lock.lock();
        try {
            candidates = new ArrayList<>(idle);
        } finally {
            lock.unlock();
        }
        long next = Long.MAX_VALUE;
        for (ClientConnection c : candidates) {
            CloseReason reason = null;
            lock.lock();
            try {
                if (!idle.contains(c)) {
                    continue; // borrowed meanwhile
                }
                if (expired(c, now)) {
                    reason = CloseReason.IDLE_TIMEOUT;
                } else if (c.isStale()) {
                    reason = CloseReason.PEER_CLOSED;
                } else {
                    next = Math.min(next, c.idleSince + c.ttlNanos - now);
                }
                if (reason != null) {
                    idle.remove(c);
                    total--;
                    slotFree.signal();
                }
            } finally {
                lock.unlock();
            }
            if (reason != null) {
                client.closed(c, reason);
            }
        }
        return next;
    }

    int idleCount() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }

    int totalCount() {
        lock.lock();
        try {
            return total;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        List<ClientConnection> toClose;
        lock.lock();
        try {
            closed = true;
            toClose = new ArrayList<>(idle);
            total -= idle.size();
            idle.clear();
            slotFree.signalAll();
        } finally {
            lock.unlock();
        }
        for (Iterator<ClientConnection> it = toClose.iterator(); it.hasNext(); ) {
            client.closed(it.next(), CloseReason.SHUTDOWN);
        }
    }
}
