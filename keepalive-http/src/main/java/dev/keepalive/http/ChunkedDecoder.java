package dev.keepalive.http;

/**
 * Incremental decoder of the chunked transfer coding (RFC 9112 §7.1): feed it whatever bytes arrived,
 * it hands body bytes to a sink and stops at the end of the trailer section. Chunk extensions and
 * trailer fields are read and discarded; their sizes are bounded so a peer cannot stream them forever.
 */
final class ChunkedDecoder {

    interface Sink {
        void data(byte[] buf, int off, int len) throws HttpException;
    }

    private static final int SIZE = 0;
    private static final int SIZE_LF = 1;
    private static final int EXTENSION = 2;
    private static final int DATA = 3;
    private static final int DATA_CR = 4;
    private static final int DATA_LF = 5;
    private static final int TRAILER_START = 6;
    private static final int TRAILER_LINE = 7;
    private static final int TRAILER_END_LF = 8;
    private static final int DONE = 9;

    private static final int MAX_SIZE_LINE = 1024;

    private final int maxTrailerBytes;
    private int state = SIZE;
    private long remaining;
    private int digits;
    private int lineBytes;
    private int trailerBytes;

    ChunkedDecoder(int maxTrailerBytes) {
        this.maxTrailerBytes = maxTrailerBytes;
    }

    boolean isDone() {
        return state == DONE;
    }

    /** Decodes from {@code buf[pos, limit)}; returns the index of the first byte not consumed. */
    int decode(byte[] buf, int pos, int limit, Sink sink) throws HttpException {
        while (pos < limit && state != DONE) {
            byte b = buf[pos];
            switch (state) {
                case SIZE -> {
                    int hex = hex(b);
                    if (hex >= 0) {
                        if (++digits > 15) {
                            throw new HttpException(400, "chunk size too large");
                        }
                        remaining = (remaining << 4) | hex;
                    } else if (digits == 0) {
                        throw new HttpException(400, "malformed chunk size");
                    } else if (b == ';' || b == ' ' || b == '\t') {
                        state = EXTENSION;
                    } else if (b == '\r') {
                        state = SIZE_LF;
                    } else if (b == '\n') {
                        endOfSizeLine();
                    } else {
                        throw new HttpException(400, "malformed chunk size");
                    }
                    pos++;
                }
                case EXTENSION -> {
                    if (++lineBytes > MAX_SIZE_LINE) {
                        throw new HttpException(400, "chunk extension too long");
                    }
                    if (b == '\n') {
                        endOfSizeLine();
                    }
                    pos++;
                }
                case SIZE_LF -> {
                    if (b != '\n') {
                        throw new HttpException(400, "malformed chunk size line");
                    }
                    endOfSizeLine();
                    pos++;
                }
                case DATA -> {
                    int n = (int) Math.min(remaining, limit - pos);
                    sink.data(buf, pos, n);
                    pos += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = DATA_CR;
                    }
                }
                case DATA_CR -> {
                    if (b == '\r') {
                        state = DATA_LF;
                    } else if (b == '\n') {
                        state = SIZE;
                    } else {
                        throw new HttpException(400, "missing CRLF after chunk data");
                    }
                    pos++;
                }
                case DATA_LF -> {
                    if (b != '\n') {
                        throw new HttpException(400, "missing CRLF after chunk data");
                    }
                    state = SIZE;
                    pos++;
                }
                case TRAILER_START -> {
                    if (b == '\r') {
                        state = TRAILER_END_LF;
                    } else if (b == '\n') {
                        state = DONE;
                    } else {
                        state = TRAILER_LINE;
                        countTrailer();
                    }
                    pos++;
                }
                case TRAILER_LINE -> {
                    countTrailer();
                    if (b == '\n') {
                        state = TRAILER_START;
                    }
                    pos++;
                }
                case TRAILER_END_LF -> {
                    if (b != '\n') {
                        throw new HttpException(400, "malformed trailer section");
                    }
                    state = DONE;
                    pos++;
                }
                default -> throw new IllegalStateException("state " + state);
            }
        }
        return pos;
    }

    private void endOfSizeLine() {
        digits = 0;
        lineBytes = 0;
        state = remaining == 0 ? TRAILER_START : DATA;
    }

    private void countTrailer() throws HttpException {
        if (++trailerBytes > maxTrailerBytes) {
            throw new HttpException(431, "trailer section too large");
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
