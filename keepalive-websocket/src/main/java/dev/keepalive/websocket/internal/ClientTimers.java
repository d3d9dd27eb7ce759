package dev.keepalive.websocket.internal;

import dev.keepalive.core.Ticker;
import dev.keepalive.core.TimerWheel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One thread that owns a {@link TimerWheel} for client connections: pings, close timeouts and reconnect
 * delays of every client share it. Other threads schedule and cancel through a queue the thread drains;
 * timer tasks run on it and must only hand work off (they start virtual threads).
 */
public final class ClientTimers implements AutoCloseable {
    private static final ReentrantLock SHARED_LOCK = new ReentrantLock();
    private static volatile ClientTimers shared;

    private final Ticker ticker;
    private final TimerWheel wheel;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    private ClientTimers(Ticker ticker, String name) {
        this.ticker = ticker;
        this.wheel = TimerWheel.create(ticker.nanoTime());
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
        thread.start();
    }

    /** The process-wide timer thread on the system clock, started on first use. */
    public static ClientTimers system() {
        ClientTimers t = shared;
        if (t == null) {
            SHARED_LOCK.lock();
            try {
                t = shared;
                if (t == null) {
                    t = new ClientTimers(Ticker.system(), "kal-ws-timers");
                    shared = t;
                }
            } finally {
                SHARED_LOCK.unlock();
            }
        }
        return t;
    }

    /** A private timer thread on {@code ticker} (tests use a fake one); close it when done. */
    public static ClientTimers start(Ticker ticker) {
        return ticker.isSystem() ? system() : new ClientTimers(ticker, "kal-ws-timers-test");
    }

    public Ticker ticker() {
        return ticker;
    }

    /** Schedules or moves {@code timer}. Any thread. */
    public void schedule(TimerWheel.Timer timer, long deadlineNanos) {
        post(() -> wheel.schedule(timer, deadlineNanos));
    }

    /** Cancels {@code timer}. Any thread. */
    public void cancel(TimerWheel.Timer timer) {
        post(() -> wheel.cancel(timer));
    }

    private void post(Runnable command) {
        commands.add(command);
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!stopped) {
            Runnable c;
            while ((c = commands.poll()) != null) {
                c.run();
            }
            long now = ticker.nanoTime();
            try {
                wheel.advance(now);
            } catch (RuntimeException e) {
                System.getLogger("dev.keepalive.websocket").log(System.Logger.Level.ERROR, "client_timer_error", e);
            }
            if (!commands.isEmpty()) {
                continue;
            }
            long wait = wheel.nanosUntilNextTick(ticker.nanoTime());
            if (!ticker.isSystem()) {
                wait = 5_000_000L; // a fake clock jumps without waking us: look at it often
            } else if (wait < 0) {
                wait = 1_000_000_000L;
            }
            LockSupport.parkNanos(this, Math.max(wait, 100_000L));
        }
    }

    /** Stops a private timer thread; the shared one runs for the life of the process. */
    @Override
    public void close() {
        if (this != shared) {
            stopped = true;
            LockSupport.unpark(thread);
        }
    }
}
