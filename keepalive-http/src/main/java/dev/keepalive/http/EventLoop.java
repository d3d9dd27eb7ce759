package dev.keepalive.http;

import dev.keepalive.core.Ticker;
import dev.keepalive.core.TimerWheel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One NIO selector thread. It owns its connections, their timers (one {@link TimerWheel}) and two
 * shared buffers: a read buffer every connection reads into, and an output staging area. A connection
 * keeps bytes of its own only while a head is incomplete or output is unsent, which is what keeps an
 * idle connection small.
 */
final class EventLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final int READ_BUFFER = 64 * 1024;
    private static final int INLINE_BODY = 8 * 1024;

    final HttpServer server;
    final Selector selector;
    final Ticker ticker;
    final TimerWheel wheel;
    final int index;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private volatile boolean stopped;
    private Thread thread;

    // shared read buffer
    byte[] readBuf = new byte[READ_BUFFER];
    private ByteBuffer readView = ByteBuffer.wrap(readBuf);
    private final List<ByteBuffer> scratchBuffers = new ArrayList<>();
    private final List<ByteBuffer> scratchKeep = new ArrayList<>();

    // output staging for the connection being served
    private byte[] out = new byte[READ_BUFFER];
    private int outLen;
    private int segStart;
    private final List<ByteBuffer> segments = new ArrayList<>();
    private final List<Boolean> segmentStaged = new ArrayList<>();

    // idle connections, oldest first
    private Connection idleHead;
    private Connection idleTail;
    private volatile int idleCount;
    private volatile long oldestIdleSince = Long.MAX_VALUE;

    // Date header, refreshed once a second (RFC 9110 §6.6.1)
    private long dateSecond = -1;
    private byte[] dateLine;

    EventLoop(HttpServer server, int index, Ticker ticker) throws IOException {
        this.server = server;
        this.index = index;
        this.ticker = ticker;
        this.selector = Selector.open();
        this.wheel = TimerWheel.create(ticker.nanoTime());
    }

    void start() {
        thread = Thread.ofPlatform().name("kal-loop-" + index).daemon(true).start(this);
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on this loop's thread, soon. Safe from any thread. */
    void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                long now = ticker.nanoTime();
                wheel.advance(now);
                long wait = wheel.nanosUntilNextTick(ticker.nanoTime());
                if (!tasks.isEmpty() || wait == 0) {
                    selector.selectNow(this::onKey);
                } else {
                    wakeupPending.set(false);
                    if (!tasks.isEmpty()) {
                        selector.selectNow(this::onKey);
                    } else {
                        long millis = wait < 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999));
                        if (!ticker.isSystem()) {
                            millis = 5; // a fake ticker jumps without waking us: look at it often
                        }
                        selector.select(this::onKey, millis);
                    }
                }
                runTasks();
            } catch (Throwable t) {
                // one bad event must not kill the loop and every connection on it
                if (LOG.isLoggable(System.Logger.Level.ERROR)) {
                    LOG.log(System.Logger.Level.ERROR, "event_loop_error", t);
                }
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void runTasks() {
        Runnable task;
        int budget = 4096;
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (Throwable t) {
                if (LOG.isLoggable(System.Logger.Level.ERROR)) {
                    LOG.log(System.Logger.Level.ERROR, "event_loop_task_error", t);
                }
            }
        }
    }

    private void onKey(SelectionKey key) {
        Object attachment = key.attachment();
        if (attachment instanceof Connection c) {
            c.onReady(key);
            if (hasStaged()) {
                // never let one connection's bytes leak into the next one's output
                LOG.log(System.Logger.Level.ERROR, "staged_output_not_flushed");
                discardStaged();
            }
        } else if (attachment instanceof Runnable acceptor && key.isValid() && key.isAcceptable()) {
            acceptor.run();
        }
    }

    void stop() {
        stopped = true;
        selector.wakeup();
    }

    void join(long millis) throws InterruptedException {
        if (thread != null) {
            thread.join(millis);
        }
    }

    /** The shared read buffer as a ByteBuffer from {@code offset} to its end (no allocation per read). */
    ByteBuffer readBuffer(int offset) {
        if (readView.array() != readBuf) {
            readView = ByteBuffer.wrap(readBuf); // a connection grew the buffer
        }
        readView.limit(readBuf.length).position(offset);
        return readView;
    }

    /** Empty lists a connection may use during one flush on this loop. */
    List<ByteBuffer> scratchBuffers() {
        return scratchBuffers;
    }

    List<ByteBuffer> scratchKeep() {
        return scratchKeep;
    }

    // ---- output staging ----

    void stage(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, out, outLen, len);
        outLen += len;
    }

    void stageAscii(String s) {
        int len = s.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            out[outLen + i] = (byte) s.charAt(i); // header text is Latin-1 by RFC 9110 §5.5
        }
        outLen += len;
    }

    void stageBody(byte[] body) {
        if (body.length <= INLINE_BODY) {
            stage(body, 0, body.length);
        } else {
            cut();
            segments.add(ByteBuffer.wrap(body));
            segmentStaged.add(Boolean.FALSE);
        }
    }

    void stageDate() {
        long second = System.currentTimeMillis() / 1000;
        if (second != dateSecond) {
            dateSecond = second;
            String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC));
            dateLine = ("Date: " + date + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        stage(dateLine, 0, dateLine.length);
    }

    private void ensure(int more) {
        if (outLen + more > out.length) {
            cut();
            byte[] bigger = new byte[Math.max(out.length * 2, outLen + more)];
            // staged segments keep pointing at the old array, which stays intact
            out = bigger;
            outLen = 0;
            segStart = 0;
        }
    }

    private void cut() {
        if (outLen > segStart) {
            segments.add(ByteBuffer.wrap(out, segStart, outLen - segStart));
            segmentStaged.add(Boolean.TRUE);
            segStart = outLen;
        }
    }

    boolean hasStaged() {
        return outLen > segStart || !segments.isEmpty();
    }

    /**
     * Hands the staged bytes to the caller as buffers and resets the staging area; staged segments
     * that must outlive this call are copied by {@link #detach}.
     */
    int takeStaged(List<ByteBuffer> into) {
        cut();
        int n = segments.size();
        into.addAll(segments);
        return n;
    }

    /** After a write: copies what is left of staged segments so the staging area can be reused. */
    void detach(List<ByteBuffer> written, int from, List<ByteBuffer> keep) {
        for (int i = 0; i < segments.size(); i++) {
            ByteBuffer b = written.get(from + i);
            if (!b.hasRemaining()) {
                continue;
            }
            if (segmentStaged.get(i)) {
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                keep.add(ByteBuffer.wrap(copy));
            } else {
                keep.add(b);
            }
        }
        discardStaged();
    }

    private void discardStaged() {
        segments.clear();
        segmentStaged.clear();
        outLen = 0;
        segStart = 0;
    }

    // ---- idle list: oldest first, for eviction at the connection limit ----

    void addIdle(Connection c) {
        c.idlePrev = idleTail;
        c.idleNext = null;
        if (idleTail != null) {
            idleTail.idleNext = c;
        } else {
            idleHead = c;
        }
        idleTail = c;
        c.inIdleList = true;
        idleCount++;
        oldestIdleSince = idleHead.idleSince;
    }

    void removeIdle(Connection c) {
        if (!c.inIdleList) {
            return;
        }
        if (c.idlePrev != null) {
            c.idlePrev.idleNext = c.idleNext;
        } else {
            idleHead = c.idleNext;
        }
        if (c.idleNext != null) {
            c.idleNext.idlePrev = c.idlePrev;
        } else {
            idleTail = c.idlePrev;
        }
        c.idlePrev = null;
        c.idleNext = null;
        c.inIdleList = false;
        idleCount--;
        oldestIdleSince = idleHead == null ? Long.MAX_VALUE : idleHead.idleSince;
    }

    int idleCount() {
        return idleCount;
    }

    long oldestIdleSince() {
        return oldestIdleSince;
    }

    /** Closes the oldest idle connection to make room (runs on this loop). */
    void evictOldestIdle() {
        if (idleHead != null) {
            idleHead.close(dev.keepalive.core.CloseReason.LIMIT);
        }
        server.slotFreedOrNot(); // also when another loop's close freed the slot first
    }

    /** Every connection on this loop, for shutdown. */
    List<Connection> connections() {
        List<Connection> list = new ArrayList<>();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection c) {
                list.add(c);
            }
        }
        return list;
    }
}
