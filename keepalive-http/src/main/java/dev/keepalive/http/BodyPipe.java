package dev.keepalive.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body streamed from the event loop to a handler on a virtual thread. The loop offers bytes
 * as they arrive and pauses reading when {@link #HIGH_WATER} bytes wait unread; the handler's reads
 * resume it below {@link #LOW_WATER}. A ReentrantLock, not an intrinsic monitor: readers are virtual
 * threads and must not pin their carrier while they wait.
 */
final class BodyPipe extends InputStream {
    static final int HIGH_WATER = 64 * 1024;
    static final int LOW_WATER = 16 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final Runnable resumeProducer;
    private final long readTimeoutNanos;
    private int headOffset;
    private int buffered;
    private boolean eof;
    private boolean abandoned;
    private boolean producerPaused;
    private IOException failure;

    /**
     * @param resumeProducer called from a reader thread when a paused producer may read again
     * @param readTimeoutNanos how long one read may wait for bytes before failing
     */
    BodyPipe(Runnable resumeProducer, long readTimeoutNanos) {
        this.resumeProducer = resumeProducer;
        this.readTimeoutNanos = readTimeoutNanos;
    }

    /** Loop side: appends a copy of the bytes; returns true when the producer should pause. */
    boolean offer(byte[] buf, int off, int len) {
        lock.lock();
        try {
            if (abandoned || failure != null) {
                return false;
            }
            if (len > 0) {
                byte[] copy = new byte[len];
                System.arraycopy(buf, off, copy, 0, len);
                chunks.add(copy);
                buffered += len;
                readable.signalAll();
            }
            if (buffered >= HIGH_WATER) {
                producerPaused = true;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Loop side: the body is complete. */
    void finish() {
        lock.lock();
        try {
            eof = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Loop side: the body cannot complete (peer gone, limit); readers get {@code cause}. */
    void fail(IOException cause) {
        lock.lock();
        try {
            if (!eof && failure == null) {
                failure = cause;
            }
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Loop side, after the handler returned: drops what it did not read; later offers are ignored. */
    void abandon() {
        lock.lock();
        try {
            abandoned = true;
            chunks.clear();
            buffered = 0;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the handler read the body to its end. */
    boolean consumedAll() {
        lock.lock();
        try {
            return eof && buffered == 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        boolean resume = false;
        int n;
        lock.lock();
        try {
            long wait = readTimeoutNanos;
            while (chunks.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                if (eof || abandoned) {
                    return -1;
                }
                if (wait <= 0) {
                    throw new SocketTimeoutException("no request body bytes within "
                            + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) + " ms");
                }
                try {
                    wait = readable.awaitNanos(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the request body");
                }
            }
            byte[] head = chunks.peek();
            n = Math.min(len, head.length - headOffset);
            System.arraycopy(head, headOffset, b, off, n);
            headOffset += n;
            if (headOffset == head.length) {
                chunks.poll();
                headOffset = 0;
            }
            buffered -= n;
            if (producerPaused && buffered <= LOW_WATER) {
                producerPaused = false;
                resume = true;
            }
        } finally {
            lock.unlock();
        }
        if (resume) {
            resumeProducer.run();
        }
        return n;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }
}
