package dev.keepalive.jdbc;

import dev.keepalive.core.Ticker;
import dev.keepalive.jdbc.PoolEntry.State;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's connections and its waiting borrowers, with no lock on the borrow and return paths.
 *
 * <p>Borrow: try the entry this thread returned last (a thread-local hint, so a thread that borrows and
 * returns in a loop keeps one warm connection), then every entry from a random start, each with one
 * compare-and-set from IDLE. Only when all are taken does a borrower queue up and park.
 *
 * <p>Return: the entry becomes IDLE and, if borrowers are queued, is offered to the one that has
 * waited longest, which wakes and claims it with the same compare-and-set (the returning thread
 * yields once so the woken one can run). Waiters are offered
 * connections strictly in arrival order, and one that loses the claim to a borrower who was running
 * anyway (a thread that just returned a connection, say) keeps its place at the head of the queue.
 * That one exception to first-come-first-served is deliberate, as in HikariCP: handing every
 * connection to a parked thread would cost a context switch per borrow exactly when the pool is
 * busiest, while a waiter is never skipped for a later waiter and gets the next offer.
 *
 * <p>The race between a borrower that queues and a return that finds no queue is closed by ordering:
 * the borrower queues and then scans again; the returner publishes IDLE and then looks at the queue.
 * Both are volatile accesses, so at least one of them sees the other. An offer never transfers
 * ownership, so a waiter that times out or leaves never strands a connection: it passes the offer on.
 */
final class ConnectionBag {
    private static final Object CANCELLED = new Object();
    private static final Object SHUT = new Object();

    private final ReentrantLock membership = new ReentrantLock();
    private volatile PoolEntry[] entries = new PoolEntry[0];
    private final ConcurrentLinkedDeque<Waiter> queue = new ConcurrentLinkedDeque<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ThreadLocal<PoolEntry> lastReturned = new ThreadLocal<>();
    private volatile boolean shut;

    /** A parked borrower; {@code item} goes from null to an offered entry, CANCELLED or SHUT. */
    static final class Waiter {
        private static final VarHandle ITEM;

        static {
            try {
                ITEM = MethodHandles.lookup().findVarHandle(Waiter.class, "item", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Thread thread = Thread.currentThread();
        volatile Object item;

        boolean offer(Object value) {
            if (ITEM.compareAndSet(this, null, value)) {
                LockSupport.unpark(thread);
                return true;
            }
            return false;
        }

        /** Ends the wait; false when an offer (or SHUT) arrived first. */
        boolean cancel() {
            return ITEM.compareAndSet(this, null, CANCELLED);
        }
    }

    /** Thrown to a waiting borrower when the pool shuts down. */
    static final class ShutException extends Exception {
        ShutException() {
            super("pool is shut down", null, false, false);
        }
    }

    /** Claims an idle entry without waiting, or returns null. */
    PoolEntry tryBorrow() {
        PoolEntry hint = lastReturned.get();
        if (hint != null && hint.compareAndSet(State.IDLE, State.BORROWED)) {
            return hint;
        }
        return scan();
    }

    private PoolEntry scan() {
        PoolEntry[] all = entries;
        int n = all.length;
        if (n == 0) {
            return null;
        }
        // A random start spreads concurrent borrowers over the entries instead of all CASing entry 0.
        int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
        for (int i = 0; i < n; i++) {
            int k = start + i;
            PoolEntry e = all[k < n ? k : k - n];
            if (e.state() == State.IDLE && e.compareAndSet(State.IDLE, State.BORROWED)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Waits for an entry until {@code deadline} (ticker time), first come first offered. Returns null
     * when the deadline passes.
     *
     * @param queued run once the caller is in the queue (and so counted in {@link #waiting()})
     * @throws InterruptedException with the interrupt flag cleared, as usual
     * @throws ShutException        when the pool shuts down while waiting
     */
    PoolEntry await(long deadline, Ticker ticker, Runnable queued) throws InterruptedException, ShutException {
        if (shut) {
            throw new ShutException();
        }
        Waiter w = new Waiter();
        waiting.incrementAndGet();
        queue.offerLast(w);
        try {
            if (shut) { // shut() may have drained the queue just before we joined it
                w.offer(SHUT);
            }
            queued.run();
            for (;;) {
                Object item = w.item;
                if (item == SHUT) {
                    throw new ShutException();
                }
                if (item != null) { // offered: we are out of the queue
                    PoolEntry offered = (PoolEntry) item;
                    if (offered.compareAndSet(State.IDLE, State.BORROWED)) {
                        return offered;
                    }
                    w.item = null; // a running borrower was quicker: back to the head of the queue
                    queue.offerFirst(w);
                    if (shut) {
                        w.offer(SHUT);
                    }
                }
                PoolEntry e = scan();
                if (e != null) {
                    leave(w);
                    return e;
                }
                long remaining = deadline - ticker.nanoTime();
                if (remaining <= 0) {
                    leave(w);
                    return null;
                }
                LockSupport.parkNanos(this, remaining);
                if (Thread.interrupted()) {
                    leave(w);
                    throw new InterruptedException();
                }
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Leaves the queue; an offer that arrived meanwhile goes on to the next waiter. */
    private void leave(Waiter w) {
        if (w.cancel()) {
            queue.remove(w);
            return;
        }
        if (w.item instanceof PoolEntry offered) {
            offerToWaiter(offered);
        }
    }

    /**
     * Gives back an entry the caller holds in state {@code held} (BORROWED or PROBING): IDLE, and
     * offered to the longest waiter if any. Does nothing if the entry was closed under the caller
     * (forced shutdown).
     */
    void release(PoolEntry e, State held) {
        if (!e.compareAndSet(held, State.IDLE)) {
            return;
        }
        if (waiting.get() > 0) {
            offerToWaiter(e);
        } else {
            lastReturned.set(e);
        }
    }

    private void offerToWaiter(PoolEntry e) {
        Waiter w;
        while (e.state() == State.IDLE && (w = queue.pollFirst()) != null) {
            if (w.offer(e)) {
                // Step aside so the waiter just woken can run and claim it, instead of this thread
                // taking it straight back on its next borrow: fairer, and it measured faster with
                // more threads than cores (bench/jdbc-pool.sh, 64 threads on 2 cores).
                Thread.yield();
                return;
            }
        }
    }

    /** Adds a new entry (state BORROWED, owned by the caller) and hands it out as {@link #release} does. */
    void add(PoolEntry e) {
        membership.lock();
        try {
            PoolEntry[] old = entries;
            PoolEntry[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = e;
            entries = grown;
        } finally {
            membership.unlock();
        }
        release(e, State.BORROWED);
    }

    /** Removes an entry the caller has already marked CLOSED; returns whether it was a member. */
    boolean remove(PoolEntry e) {
        membership.lock();
        try {
            PoolEntry[] old = entries;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == e) {
                    PoolEntry[] shrunk = new PoolEntry[old.length - 1];
                    System.arraycopy(old, 0, shrunk, 0, i);
                    System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                    entries = shrunk;
                    return true;
                }
            }
            return false;
        } finally {
            membership.unlock();
        }
    }

    /** Refuses new waits and wakes every waiting borrower with {@link ShutException}. */
    void shut() {
        shut = true;
        Waiter w;
        while ((w = queue.pollFirst()) != null) {
            w.offer(SHUT);
        }
    }

    PoolEntry[] entries() {
        return entries;
    }

    int size() {
        return entries.length;
    }

    int waiting() {
        return waiting.get();
    }

    /** Entries in {@code state} right now; a racy count for stats. */
    int count(State state) {
        int n = 0;
        for (PoolEntry e : entries) {
            if (e.state() == state) {
                n++;
            }
        }
        return n;
    }
}
