package dev.keepalive.jdbc;

import dev.keepalive.core.TimerWheel;
import dev.keepalive.jdbc.PoolEntry.State;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Everything the pool does to idle connections over time, as one function of now:
 * {@link #maintain(long)} runs what is due and returns the delay until it is needed again. It owns a
 * {@link TimerWheel} with one timer per connection, so nothing sweeps over all connections per tick.
 *
 * <p>A connection's timer fires at the earliest of: its keepalive (last use + its jittered keepalive
 * time), its idle timeout (only while the pool is above {@code minimumIdle}) and its retirement (max
 * lifetime). Returns never touch the timer: when it fires early because the connection was used
 * since, it is rescheduled for the time that remains (STYLE.md rule 5). A borrowed connection is never
 * probed; its timer comes back one keepalive time later.
 *
 * <p>Other threads talk to it through queues: new connections to schedule, evicted ones to close (so a
 * borrower's {@code close()} never waits for a socket close), and leak watches.
 */
final class Housekeeper {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.jdbc");

    private record LeakWatch(PoolEntry entry, long seq, long borrowedAt) {
    }

    private final KeepAlivePool pool;
    private final PoolOptions options;
    private final TimerWheel wheel;
    private final long idleTimeoutNanos;
    private final long leakNanos;
    private final ConcurrentLinkedQueue<PoolEntry> adopted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<PoolEntry> retired = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<LeakWatch> leaks = new ConcurrentLinkedQueue<>();

    Housekeeper(KeepAlivePool pool, PoolOptions options, long nowNanos) {
        this.pool = pool;
        this.options = options;
        this.wheel = new TimerWheel(Duration.ofMillis(10), 512, nowNanos);
        // idle timeout only ever shrinks a pool that may grow above minimumIdle
        this.idleTimeoutNanos = options.minimumIdle() < options.maximumPoolSize() ? options.idleTimeout().toNanos() : 0;
        this.leakNanos = options.leakDetectionThreshold().toNanos();
    }

    void adopted(PoolEntry e) {
        adopted.offer(e);
    }

    void retire(PoolEntry e) {
        retired.offer(e);
    }

    void watch(PoolEntry e, long seq, long borrowedAt) {
        leaks.offer(new LeakWatch(e, seq, borrowedAt));
    }

    /** Runs what is due at {@code nowNanos}; returns nanoseconds until the next run, or -1 for "when woken". */
    long maintain(long nowNanos) {
        closeRetired();
        PoolEntry e;
        while ((e = adopted.poll()) != null) {
            if (!e.isClosed()) {
                PoolEntry entry = e;
                e.timer = new TimerWheel.Timer(() -> check(entry));
                schedule(e, nowNanos);
            }
        }
        LeakWatch w;
        while ((w = leaks.poll()) != null) {
            PoolEntry entry = w.entry();
            if (entry.leakTimer == null) {
                entry.leakTimer = new TimerWheel.Timer(() -> leakCheck(entry));
            }
            entry.leakWatchSeq = w.seq();
            wheel.schedule(entry.leakTimer, w.borrowedAt() + leakNanos);
        }
        wheel.advance(nowNanos);
        closeRetired();
        long delay = wheel.nanosUntilNextTick(nowNanos);
        if (leakNanos > 0) {
            // new borrows arrive through the queue: look at it often enough to report at most 25 % late
            long poll = Math.max(1_000_000L, leakNanos / 4);
            delay = delay < 0 ? poll : Math.min(delay, poll);
        }
        return delay;
    }

    /** The timer of one connection fired: retire, expire, probe or reschedule it. */
    private void check(PoolEntry e) {
        long now = pool.ticker().nanoTime();
        if (e.state() == State.IDLE) {
            if (e.retired(now)) {
                if (e.compareAndSet(State.IDLE, State.CLOSED)) {
                    pool.evict(e, EvictionReason.MAX_LIFETIME, "open for " + ms(now - e.createdAt));
                    return;
                }
            } else if (idleTimeoutNanos > 0 && now - e.lastAccess >= idleTimeoutNanos
                    && pool.bag.size() > options.minimumIdle()) {
                if (e.compareAndSet(State.IDLE, State.CLOSED)) {
                    pool.evict(e, EvictionReason.IDLE_TIMEOUT, "idle for " + ms(now - e.lastAccess));
                    return;
                }
            } else if (e.keepaliveNanos > 0 && now - e.lastAccess >= e.keepaliveNanos) {
                if (e.compareAndSet(State.IDLE, State.PROBING) && !probe(e, now)) {
                    return;
                }
                now = pool.ticker().nanoTime();
            }
        }
        if (!e.isClosed()) {
            schedule(e, now);
        }
    }

    /** Validates an idle connection; returns whether it is still in the pool. */
    private boolean probe(PoolEntry e, long now) {
        pool.counters.keepalives.increment();
        pool.counters.validations.increment();
        String problem = pool.validator.validate(e, options.validationTimeout().toNanos());
        if (problem == null) {
            e.lastAccess = pool.ticker().nanoTime();
            pool.bag.release(e, State.PROBING);
            return true;
        }
        pool.counters.keepaliveFailures.increment();
        if (e.compareAndSet(State.PROBING, State.CLOSED)) {
            pool.evict(e, EvictionReason.KEEPALIVE_FAILED, problem + " (idle for " + ms(now - e.lastAccess) + ")");
        }
        return false;
    }

    private void schedule(PoolEntry e, long now) {
        long next = Long.MAX_VALUE;
        if (e.state() == State.IDLE) {
            if (e.keepaliveNanos > 0) {
                next = Math.min(next, e.lastAccess + e.keepaliveNanos);
            }
            if (idleTimeoutNanos > 0) {
                next = Math.min(next, e.lastAccess + idleTimeoutNanos);
            }
            if (e.retireAt != PoolEntry.NEVER) {
                next = Math.min(next, e.retireAt);
            }
        } else {
            // In use: whenever it comes back, nothing can be due sooner than one period after that.
            if (e.keepaliveNanos > 0) {
                next = Math.min(next, now + e.keepaliveNanos);
            }
            if (idleTimeoutNanos > 0) {
                next = Math.min(next, now + idleTimeoutNanos);
            }
            if (e.retireAt != PoolEntry.NEVER) {
                // retired on return if it is still out then; while out, look again one lifetime tick later
                next = Math.min(next, e.retireAt - now > 0 ? e.retireAt : now + Math.max(e.keepaliveNanos, 1_000_000_000L));
            }
        }
        if (next != Long.MAX_VALUE) {
            wheel.schedule(e.timer, next);
        }
    }

    private void leakCheck(PoolEntry e) {
        if (e.state() == State.BORROWED && e.borrowSeq == e.leakWatchSeq && !e.leakReported) {
            e.leakReported = true;
            pool.counters.leaks.increment();
            if (LOG.isLoggable(System.Logger.Level.WARNING)) {
                long out = pool.ticker().nanoTime() - e.borrowedAt;
                LOG.log(System.Logger.Level.WARNING, "pool_leak pool=" + options.poolName() + " connection=#" + e.id
                        + " borrowed_for=" + ms(out) + " threshold=" + ms(leakNanos) + " (stack of the borrower follows)",
                        e.borrowedBy);
            }
        }
    }

    /** Closes the physical connections of evicted entries, off the borrowers' threads. */
    void closeRetired() {
        PoolEntry e;
        while ((e = retired.poll()) != null) {
            if (e.timer != null) {
                wheel.cancel(e.timer);
            }
            if (e.leakTimer != null) {
                wheel.cancel(e.leakTimer);
            }
            closeQuietly(e);
        }
    }

    static void closeQuietly(PoolEntry e) {
        try {
            e.raw.close();
        } catch (SQLException | RuntimeException x) {
            // it is being thrown away because it is (probably) dead: a failing close is expected
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "pool_close_failed connection=#" + e.id + " error=" + Connector.oneLine(x));
            }
        }
    }

    static String ms(long nanos) {
        return (nanos / 1_000_000) + " ms";
    }
}
