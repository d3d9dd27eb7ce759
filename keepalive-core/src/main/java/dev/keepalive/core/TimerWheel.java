package dev.keepalive.core;

import java.time.Duration;

/**
 * A hashed timer wheel: O(1) schedule, cancel and reschedule, for one owning thread (an event loop or
 * a scheduler). Not thread-safe by design: the owner calls {@link #advance(long)} from its loop and
 * uses {@link #nanosUntilNextTick(long)} as its select/park timeout.
 *
 * <p>Timers are intrusive nodes ({@link Timer}) that a connection allocates once and reschedules for
 * its whole life, so keeping ten thousand idle connections costs no garbage per tick. A timer lands in
 * bucket {@code ceil(deadline / tick) mod buckets}; each tick walks one bucket and fires the timers
 * whose deadline has passed, leaving later rounds in place.
 *
 * <pre>
 *   Timer:  IDLE --schedule--> SCHEDULED --advance(now >= deadline)--> IDLE (task ran)
 *                                  |  \--cancel--> IDLE
 *                                  \--schedule(new deadline)--> SCHEDULED (moved, O(1))
 * </pre>
 */
public final class TimerWheel {

    /** One schedulable timer; reuse it for as many schedules as you like. */
    public static final class Timer {
        private final Runnable task;
        private long deadline;
        private int bucket = -1;
        private Timer prev;
        private Timer next;

        public Timer(Runnable task) {
            if (task == null) {
                throw new NullPointerException("task");
            }
            this.task = task;
        }

        public boolean isScheduled() {
            return bucket >= 0;
        }

        /** The deadline in ticker nanoseconds of the last schedule. */
        public long deadline() {
            return deadline;
        }
    }

    private final long tickNanos;
    private final long origin;
    private final Timer[] heads;
    private final int mask;
    private long currentTick;
    private int size;

    /**
     * @param tick      the wheel's resolution; timers fire up to one tick late, never early (> 0)
     * @param buckets   number of buckets, rounded up to a power of two (2 .. 2^20)
     * @param nowNanos  the current ticker time, the wheel's origin
     */
    public TimerWheel(Duration tick, int buckets, long nowNanos) {
        if (tick == null || tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("tick must be > 0: " + tick);
        }
        if (buckets < 2 || buckets > (1 << 20)) {
            throw new IllegalArgumentException("buckets must be in 2..1048576: " + buckets);
        }
        this.tickNanos = tick.toNanos();
        this.origin = nowNanos;
        int n = Integer.highestOneBit(buckets);
        if (n < buckets) {
            n <<= 1;
        }
        this.heads = new Timer[n];
        this.mask = n - 1;
        this.currentTick = 0;
    }

    /** A wheel with a 10 ms tick and 512 buckets (one turn = 5.12 s). */
    public static TimerWheel create(long nowNanos) {
        return new TimerWheel(Duration.ofMillis(10), 512, nowNanos);
    }

    /** Schedules (or moves) {@code timer} to fire once at or after {@code deadlineNanos}. O(1). */
    public void schedule(Timer timer, long deadlineNanos) {
        if (timer.bucket >= 0) {
            unlink(timer);
        }
        long offset = deadlineNanos - origin;
        long tick = offset <= 0 ? 0 : (offset + tickNanos - 1) / tickNanos;
        if (tick <= currentTick) {
            tick = currentTick + 1;
        }
        int index = (int) (tick & mask);
        timer.deadline = deadlineNanos;
        timer.bucket = index;
        timer.prev = null;
        Timer head = heads[index];
        timer.next = head;
        if (head != null) {
            head.prev = timer;
        }
        heads[index] = timer;
        size++;
    }

    /** Schedules {@code timer} {@code delayNanos} after {@code nowNanos}. */
    public void scheduleAfter(Timer timer, long nowNanos, long delayNanos) {
        schedule(timer, nowNanos + delayNanos);
    }

    /** Cancels {@code timer}; returns whether it was scheduled. O(1). */
    public boolean cancel(Timer timer) {
        if (timer.bucket < 0) {
            return false;
        }
        unlink(timer);
        return true;
    }

    private void unlink(Timer timer) {
        if (timer.prev != null) {
            timer.prev.next = timer.next;
        } else {
            heads[timer.bucket] = timer.next;
        }
        if (timer.next != null) {
            timer.next.prev = timer.prev;
        }
        timer.prev = null;
        timer.next = null;
        timer.bucket = -1;
        size--;
    }

    /**
     * Fires every timer whose deadline is at or before {@code nowNanos}, in tick order. A task may
     * schedule or cancel any timer, itself included. Returns how many fired.
     */
    public int advance(long nowNanos) {
        long target = (nowNanos - origin) / tickNanos;
        if (target <= currentTick) {
            return 0;
        }
        int fired = 0;
        // A jump longer than one turn visits each bucket once: later rounds stay where they are.
        long first = Math.max(currentTick + 1, target - mask);
        for (long t = first; t <= target; t++) {
            currentTick = t;
            int index = (int) (t & mask);
            Timer timer = heads[index];
            while (timer != null) {
                Timer next = timer.next;
                if (timer.deadline <= nowNanos) {
                    unlink(timer);
                    fired++;
                    timer.task.run();
                    // the task may have cancelled our saved successor; if so it is no longer in this bucket
                    if (next != null && next.bucket != index) {
                        next = heads[index];
                    }
                }
                timer = next;
            }
        }
        currentTick = target;
        return fired;
    }

    /**
     * How long the owner may sleep before the next timer can be due: the time to the next non-empty
     * bucket's tick, or {@code -1} when no timer is scheduled.
     */
    public long nanosUntilNextTick(long nowNanos) {
        if (size == 0) {
            return -1;
        }
        for (int i = 1; i <= heads.length; i++) {
            long tick = currentTick + i;
            if (heads[(int) (tick & mask)] != null) {
                long at = origin + tick * tickNanos;
                return Math.max(0, at - nowNanos);
            }
        }
        return 0;
    }

    /** Number of scheduled timers. */
    public int size() {
        return size;
    }
}
