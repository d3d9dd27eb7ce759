package dev.keepalive.websocket.internal;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.TimerWheel;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A client connection on a blocking socket: a virtual thread reads and feeds the {@link Session}, another
 * drains the write queue, so session code never blocks on the network. The session is serialised by
 * {@link #lock} (its "loop"); its one timer lives on the shared {@link ClientTimers} wheel and fires on a
 * fresh virtual thread, so a slow listener can never hold up other clients' timers.
 *
 * <pre>
 *   OPEN --close(): queue FIN--> OUTPUT_SHUT --EOF from server--> ENDED (socket closed, session told once)
 *     |--EOF / reset / abort(): RST----------------------------> ENDED
 * </pre>
 */
public final class ClientTransport implements Transport {
    private static final ByteBuffer FIN = ByteBuffer.allocate(0);
    private static final long PAUSE_POLL_NANOS = 10_000_000L;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ClientTimers timers;
    private final TimerWheel.Timer timer;
    private final InetSocketAddress remote;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock outLock = new ReentrantLock();
    private final Condition outReady = outLock.newCondition();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private boolean finQueued; // guarded by outLock
    private boolean writerStop; // guarded by outLock
    private volatile CloseReason closing;
    private volatile boolean paused;
    private volatile Thread reader;
    private Session session;

    public ClientTransport(Socket socket, ClientTimers timers) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.timers = timers;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.timer = new TimerWheel.Timer(() -> Thread.ofVirtual().name("kal-ws-timer").start(this::fireTimer));
    }

    /** Starts the session, then reading ({@code early}: bytes that arrived with the handshake) and writing. */
    public void start(Session s, byte[] early) {
        this.session = s;
        lock.lock();
        try {
            s.start();
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("kal-ws-writer").start(this::writeLoop);
        reader = Thread.ofVirtual().name("kal-ws-reader").start(() -> readLoop(early));
    }

    private void readLoop(byte[] early) {
        byte[] buf = new byte[16 * 1024];
        IOException failure = null;
        try {
            if (early.length > 0) {
                deliver(early, early.length);
            }
            while (!ended.get()) {
                while (paused && !ended.get()) {
                    LockSupport.parkNanos(PAUSE_POLL_NANOS);
                }
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                deliver(buf, n);
            }
        } catch (IOException e) {
            // reset by the peer, timed out by the kernel, or our own close/abort: reported below
            failure = e;
        }
        CloseReason r = closing;
        ended(r != null ? r : failure != null ? CloseReason.ofIoFailure(failure) : CloseReason.PEER_CLOSED);
    }

    private void deliver(byte[] buf, int n) {
        lock.lock();
        try {
            session.onData(ByteBuffer.wrap(buf, 0, n));
        } finally {
            lock.unlock();
        }
    }

    private void fireTimer() {
        lock.lock();
        try {
            if (!ended.get()) {
                session.onTimer();
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                ByteBuffer b;
                outLock.lock();
                try {
                    while (queue.isEmpty() && !writerStop) {
                        outReady.await();
                    }
                    if (writerStop) {
                        return;
                    }
                    b = queue.poll();
                } finally {
                    outLock.unlock();
                }
                if (b == FIN) {
                    out.flush();
                    shutdownOutput();
                    return;
                }
                int n = b.remaining();
                if (b.hasArray()) {
                    out.write(b.array(), b.arrayOffset() + b.position(), n);
                } else {
                    byte[] copy = new byte[n];
                    b.duplicate().get(copy);
                    out.write(copy);
                }
                pending.addAndGet(-n);
                if (isQueueEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            abort(CloseReason.ofIoFailure(e)); // the peer is gone; the reader may be parked on a dead socket
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isQueueEmpty() {
        outLock.lock();
        try {
            return queue.isEmpty();
        } finally {
            outLock.unlock();
        }
    }

    private void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException | UnsupportedOperationException e) {
            // TLS sockets cannot half-close: the server's FIN or the close timeout ends it
        }
    }

    private void ended(CloseReason reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        outLock.lock();
        try {
            writerStop = true;
            queue.clear();
            pending.set(0);
            outReady.signalAll();
        } finally {
            outLock.unlock();
        }
        timers.cancel(timer);
        Thread r = reader;
        if (r != null) {
            LockSupport.unpark(r);
        }
        lock.lock();
        try {
            session.onTransportClosed(reason);
        } finally {
            lock.unlock();
        }
    }

    // ---- Transport ----

    @Override
    public void write(ByteBuffer... buffers) {
        outLock.lock();
        try {
            if (writerStop || finQueued) {
                return;
            }
            for (ByteBuffer b : buffers) {
                if (b.hasRemaining()) {
                    queue.add(b);
                    pending.addAndGet(b.remaining());
                }
            }
            outReady.signal();
        } finally {
            outLock.unlock();
        }
    }

    @Override
    public long pendingBytes() {
        return pending.get();
    }

    @Override
    public void close(CloseReason reason) {
        if (closing == null) {
            closing = reason;
        }
        outLock.lock();
        try {
            if (!finQueued && !writerStop) {
                finQueued = true;
                queue.add(FIN);
                outReady.signal();
            }
        } finally {
            outLock.unlock();
        }
    }

    @Override
    public void abort(CloseReason reason) {
        if (closing == null) {
            closing = reason;
        }
        try {
            socket.setSoLinger(true, 0); // close sends RST
        } catch (IOException ignored) {
            // a plain close is the fallback
        }
        ended(reason);
    }

    @Override
    public void execute(Runnable task) {
        lock.lock();
        try {
            task.run();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean inLoop() {
        return lock.isHeldByCurrentThread();
    }

    @Override
    public long nanoTime() {
        return timers.ticker().nanoTime();
    }

    @Override
    public void scheduleTimer(long deadlineNanos) {
        if (!ended.get()) {
            timers.schedule(timer, deadlineNanos);
        }
    }

    @Override
    public void pauseReading(boolean value) {
        paused = value;
        Thread r = reader;
        if (!value && r != null) {
            LockSupport.unpark(r);
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }
}
