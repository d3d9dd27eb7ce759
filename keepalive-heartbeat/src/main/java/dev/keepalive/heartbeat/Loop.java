package dev.keepalive.heartbeat;

import dev.keepalive.core.Ticker;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one thread of a heartbeat node: waits on its sockets with a {@link Selector} for at most the time
 * to the next timer, then drives the node's {@link Timers}. Sends, checks, reconnects and reads all
 * happen here, so a node costs one thread however many peers it has.
 *
 * <pre>
 *   NEW --start()--> RUNNING --close() or fatal selector error--> CLOSED (every registered channel closed)
 * </pre>
 */
final class Loop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.heartbeat");

    /** A registered channel's reaction to readiness. */
    interface Handler {
        void ready(SelectionKey key) throws IOException;

        /** The handler threw: close what belongs to it. */
        void failed(SelectionKey key, Exception e);
    }

    final Ticker ticker;
    final Timers timers;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final String name;
    private volatile boolean running = true;
    private Thread thread;

    Loop(String name, Ticker ticker, Timers timers) throws IOException {
        this.name = name;
        this.ticker = ticker;
        this.timers = timers;
        this.selector = Selector.open();
    }

    void start() {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Registers {@code channel}; call on the loop thread, or before {@link #start()}. */
    SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /** Runs {@code task} on the loop thread soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Wakes the loop so it recomputes its sleep (a timer was scheduled from another thread). */
    void wakeup() {
        selector.wakeup();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        try {
            while (running) {
                runTasks();
                long delay = timers.advance(ticker.nanoTime());
                // select(0) waits for I/O alone; otherwise round up, so we wake at or after the tick
                long millis = delay < 0 ? 0 : Math.max(1, (delay + 999_999) / 1_000_000);
                selector.select(this::dispatch, millis);
            }
        } catch (IOException | RuntimeException e) {
            if (LOG.isLoggable(Level.ERROR)) {
                LOG.log(Level.ERROR, "loop_failed loop=" + name, e);
            }
        } finally {
            for (SelectionKey key : selector.keys()) {
                closeQuietly(key);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
            closed.countDown();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                if (LOG.isLoggable(Level.WARNING)) {
                    LOG.log(Level.WARNING, "task_failed loop=" + name, e);
                }
            }
        }
    }

    private void dispatch(SelectionKey key) {
        Handler handler = (Handler) key.attachment();
        try {
            if (key.isValid()) {
                handler.ready(key);
            }
        } catch (IOException | RuntimeException e) {
            handler.failed(key, e);
        }
    }

    static void closeQuietly(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing after a failure: the channel is gone either way
        }
    }

    /** Stops the loop and closes every registered channel; waits up to 5 s unless called from the loop. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (thread == null) { // never started: nothing else will release the channels
            for (SelectionKey key : selector.keys()) {
                closeQuietly(key);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        } else if (!inLoop()) {
            try {
                closed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
