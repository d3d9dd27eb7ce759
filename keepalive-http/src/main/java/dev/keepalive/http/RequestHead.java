package dev.keepalive.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed request line and header section (RFC 9112 §3, §5), with the framing facts the connection
 * needs: body length or chunked, persistence, and {@code Expect: 100-continue}.
 */
final class RequestHead {
    /** Body length when there is no body. */
    static final long NO_BODY = 0;
    /** Body length for a chunked body. */
    static final long CHUNKED = -1;

    final String method;
    final String target;
    final boolean http11;
    final List<String> names;
    final List<String> values;
    final long contentLength;
    final boolean keepAliveRequested;
    final boolean expectContinue;

    private RequestHead(String method, String target, boolean http11, List<String> names, List<String> values,
                        long contentLength, boolean keepAliveRequested, boolean expectContinue) {
        this.method = method;
        this.target = target;
        this.http11 = http11;
        this.names = names;
        this.values = values;
        this.contentLength = contentLength;
        this.keepAliveRequested = keepAliveRequested;
        this.expectContinue = expectContinue;
    }

    boolean isHead() {
        return method.equals("HEAD");
    }

    String version() {
        return http11 ? "HTTP/1.1" : "HTTP/1.0";
    }

    /**
     * Index just past the blank line that ends a head starting at {@code from}, or -1 if the head is not
     * complete in {@code buf[from, to)}. Accepts bare LF line ends (RFC 9112 §2.2).
     */
    static int findEnd(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                if (i + 1 < to && buf[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** Parses {@code buf[from, end)}, a complete head as found by {@link #findEnd}. */
    static RequestHead parse(byte[] buf, int from, int end) throws HttpException {
        int lineEnd = lineEnd(buf, from, end);
        int sp1 = indexOf(buf, from, lineEnd, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(buf, sp1 + 1, lineEnd, (byte) ' ');
        if (sp1 <= from || sp2 <= sp1 + 1 || sp2 == lineEnd - 1) {
            throw new HttpException(400, "malformed request line");
        }
        String method = token(buf, from, sp1);
        if (method == null) {
            throw new HttpException(400, "malformed method");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            byte b = buf[i];
            if (b <= ' ' || b == 127) {
                throw new HttpException(400, "malformed request target");
            }
        }
        String target = new String(buf, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1);
        boolean http11 = version(buf, sp2 + 1, lineEnd);

        List<String> names = new ArrayList<>(8);
        List<String> values = new ArrayList<>(8);
        long contentLength = NO_BODY;
        boolean sawLength = false;
        boolean chunked = false;
        boolean sawTransferEncoding = false;
        boolean close = false;
        boolean keepAlive = false;
        boolean expectContinue = false;
        int hosts = 0;

        int pos = next(buf, lineEnd, end);
        while (pos < end) {
            int le = lineEnd(buf, pos, end);
            if (le == pos) {
                break; // the blank line
            }
            if (buf[pos] == ' ' || buf[pos] == '\t') {
                throw new HttpException(400, "obsolete line folding"); // RFC 9112 §5.2
            }
            int colon = indexOf(buf, pos, le, (byte) ':');
            if (colon <= pos) {
                throw new HttpException(400, "malformed header line");
            }
            String name = token(buf, pos, colon); // no space before the colon: RFC 9112 §5.1
            if (name == null) {
                throw new HttpException(400, "malformed header name");
            }
            int vs = colon + 1;
            int ve = le;
            while (vs < ve && (buf[vs] == ' ' || buf[vs] == '\t')) {
                vs++;
            }
            while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
                ve--;
            }
            for (int i = vs; i < ve; i++) {
                byte b = buf[i];
                if ((b < ' ' && b != '\t') || b == 127) {
                    throw new HttpException(400, "control character in header " + name);
                }
            }
            String value = new String(buf, vs, ve - vs, StandardCharsets.ISO_8859_1);
            names.add(name);
            values.add(value);

            if (name.equalsIgnoreCase("Content-Length")) {
                long length = contentLength(value);
                if (sawLength && length != contentLength) {
                    throw new HttpException(400, "differing Content-Length values");
                }
                sawLength = true;
                contentLength = length;
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                sawTransferEncoding = true;
                chunked = transferEncoding(value, chunked);
            } else if (name.equalsIgnoreCase("Connection")) {
                for (String token : value.split(",")) {
                    String t = token.trim();
                    if (t.equalsIgnoreCase("close")) {
                        close = true;
                    } else if (t.equalsIgnoreCase("keep-alive")) {
                        keepAlive = true;
                    }
                }
            } else if (name.equalsIgnoreCase("Host")) {
                hosts++;
            } else if (name.equalsIgnoreCase("Expect")) {
                if (!value.equalsIgnoreCase("100-continue")) {
                    throw new HttpException(417, "unsupported expectation");
                }
                expectContinue = http11;
            }
            pos = next(buf, le, end);
        }

        if (sawTransferEncoding) {
            if (sawLength) {
                throw new HttpException(400, "both Content-Length and Transfer-Encoding"); // RFC 9112 §6.3
            }
            if (!http11) {
                throw new HttpException(400, "Transfer-Encoding in an HTTP/1.0 request"); // RFC 9112 §6.1
            }
            if (!chunked) {
                throw new HttpException(400, "Transfer-Encoding without final chunked");
            }
            contentLength = CHUNKED;
        }
        if (http11 && hosts != 1) {
            throw new HttpException(400, hosts == 0 ? "missing Host header" : "more than one Host header");
        }
        boolean persistent = http11 ? !close : keepAlive && !close;
        return new RequestHead(method, target, http11, names, values, contentLength, persistent,
                expectContinue && contentLength != NO_BODY);
    }

    private static long contentLength(String value) throws HttpException {
        // "Content-Length: 5, 5" is the same value repeated by an intermediary: RFC 9110 §8.6
        long result = -1;
        for (String part : value.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty() || p.length() > 18) {
                throw new HttpException(400, "malformed Content-Length");
            }
            long v = 0;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < '0' || c > '9') {
                    throw new HttpException(400, "malformed Content-Length");
                }
                v = v * 10 + (c - '0');
            }
            if (result >= 0 && v != result) {
                throw new HttpException(400, "differing Content-Length values");
            }
            result = v;
        }
        return result;
    }

    /** Returns whether chunked is the final coding so far; only chunked is implemented (else 501). */
    private static boolean transferEncoding(String value, boolean chunkedBefore) throws HttpException {
        if (chunkedBefore) {
            throw new HttpException(400, "chunked applied more than once");
        }
        String[] codings = value.split(",");
        for (int i = 0; i < codings.length; i++) {
            String c = codings[i].trim();
            if (!c.equalsIgnoreCase("chunked")) {
                throw new HttpException(501, "unsupported transfer coding " + c);
            }
            if (i != codings.length - 1) {
                throw new HttpException(400, "chunked applied more than once");
            }
        }
        return true;
    }

    private static boolean version(byte[] buf, int from, int to) throws HttpException {
        int len = to - from;
        if (len == 8 && buf[from] == 'H' && buf[from + 1] == 'T' && buf[from + 2] == 'T' && buf[from + 3] == 'P'
                && buf[from + 4] == '/' && isDigit(buf[from + 5]) && buf[from + 6] == '.' && isDigit(buf[from + 7])) {
            int major = buf[from + 5] - '0';
            int minor = buf[from + 7] - '0';
            if (major == 1 && minor >= 1) {
                return true; // RFC 9110 §2.5: a higher minor version is answered as the highest we know
            }
            if (major == 1 && minor == 0) {
                return false;
            }
            throw new HttpException(505, "unsupported version HTTP/" + major + "." + minor);
        }
        throw new HttpException(400, "malformed HTTP version");
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** End of the line content starting at {@code from} (before CRLF or LF). */
    private static int lineEnd(byte[] buf, int from, int end) {
        int nl = indexOf(buf, from, end, (byte) '\n');
        if (nl < 0) {
            return end;
        }
        return nl > from && buf[nl - 1] == '\r' ? nl - 1 : nl;
    }

    /** Start of the next line after a line ending at {@code lineEnd}. */
    private static int next(byte[] buf, int lineEnd, int end) {
        int i = lineEnd;
        if (i < end && buf[i] == '\r') {
            i++;
        }
        return i < end && buf[i] == '\n' ? i + 1 : end;
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** A token (RFC 9110 §5.6.2) as a string, or null if {@code buf[from, to)} is not one. */
    private static String token(byte[] buf, int from, int to) {
        if (from >= to) {
            return null;
        }
        for (int i = from; i < to; i++) {
            if (!TCHAR[buf[i] & 0xff]) {
                return null;
            }
        }
        int len = to - from;
        if (len == 3 && buf[from] == 'G' && buf[from + 1] == 'E' && buf[from + 2] == 'T') {
            return "GET";
        }
        return new String(buf, from, len, StandardCharsets.ISO_8859_1);
    }

    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            TCHAR[c] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }
}
