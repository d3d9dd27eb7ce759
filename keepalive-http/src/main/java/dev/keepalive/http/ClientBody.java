package dev.keepalive.http;

import dev.keepalive.core.CloseReason;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response body framed by Content-Length, the chunked coding (trailers read and dropped) or the end
 * of the connection (RFC 9112 §6.3). At its end the connection goes back to the pool once; closed
 * early, the connection is discarded.
 */
final class ClientBody extends InputStream {
    enum Framing { EMPTY, LENGTH, CHUNKED, CLOSE }

    /** Where a finished connection goes. */
    interface Release {
        void release(ClientConnection connection, boolean reusable, CloseReason reasonIfNot);
    }

    private final ClientConnection connection;
    private final Framing framing;
    private final boolean reusable;
    private final CloseReason reasonIfNot;
    private final Release release;
    private long remaining;
    private boolean done;
    private boolean released;

    ClientBody(ClientConnection connection, Framing framing, long length, boolean reusable, CloseReason reasonIfNot,
               Release release) {
        this.connection = connection;
        this.framing = framing;
        this.remaining = framing == Framing.LENGTH ? length : 0;
        this.reusable = reusable && framing != Framing.CLOSE;
        this.reasonIfNot = reasonIfNot;
        this.release = release;
        if (framing == Framing.EMPTY || (framing == Framing.LENGTH && length == 0)) {
            finish();
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
        if (done) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            return switch (framing) {
                case LENGTH -> readLength(b, off, len);
                case CHUNKED -> readChunked(b, off, len);
                case CLOSE -> {
                    int n = connection.read(b, off, len);
                    if (n < 0) {
                        finish();
                    }
                    yield n;
                }
                case EMPTY -> -1;
            };
        } catch (IOException e) {
            discard(CloseReason.ERROR);
            throw e;
        }
    }

    /** Sized to the Content-Length: the inherited version allocates 16 KiB for a 15-byte body. */
    @Override
    public byte[] readAllBytes() throws IOException {
        if (done) {
            return new byte[0];
        }
        if (framing != Framing.LENGTH || remaining > Integer.MAX_VALUE - 8) {
            return super.readAllBytes();
        }
        byte[] all = new byte[(int) remaining];
        int off = 0;
        while (off < all.length) {
            off += read(all, off, all.length - off); // throws on an early end, never returns -1 here
        }
        return all;
    }

    private int readLength(byte[] b, int off, int len) throws IOException {
        int n = connection.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new IOException("connection closed with " + remaining + " body bytes still expected");
        }
        remaining -= n;
        if (remaining == 0) {
            finish();
        }
        return n;
    }

    private int readChunked(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            String line = connection.readChunkLine();
            int semi = line.indexOf(';');
            String size = (semi < 0 ? line : line.substring(0, semi)).trim();
            try {
                remaining = Long.parseLong(size, 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size: " + line);
            }
            if (remaining < 0) {
                throw new IOException("malformed chunk size: " + line);
            }
            if (remaining == 0) {
                while (!connection.readChunkLine().isEmpty()) {
                    // trailer fields are read and dropped
                }
                finish();
                return -1;
            }
        }
        int n = connection.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new IOException("connection closed inside a chunk");
        }
        remaining -= n;
        if (remaining == 0 && !connection.readChunkLine().isEmpty()) {
            throw new IOException("missing CRLF after chunk data");
        }
        return n;
    }

    private void finish() {
        done = true;
        if (!released) {
            released = true;
            release.release(connection, reusable, reusable ? null : reasonIfNot);
        }
    }

    private void discard(CloseReason reason) {
        done = true;
        if (!released) {
            released = true;
            release.release(connection, false, reason);
        }
    }

    /** Closing before the end discards the connection: the rest of the body would poison it. */
    @Override
    public void close() {
        if (!done) {
            discard(CloseReason.ERROR);
        }
    }
}
