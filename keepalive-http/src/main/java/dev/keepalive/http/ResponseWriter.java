package dev.keepalive.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encodes response heads and bodies into an event loop's staging area (RFC 9112 §4, §6, §9). */
final class ResponseWriter {
    private static final byte[][] STATUS_LINES = new byte[600][];
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CLOSE = ascii("Connection: close\r\n");
    private static final byte[] KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] KEEP_ALIVE_TIMEOUT = ascii("Keep-Alive: timeout=");
    private static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");

    private ResponseWriter() {
    }

    static void write(EventLoop loop, RequestHead request, Response response, boolean keepAlive,
                      int timeoutSeconds, int remainingRequests, boolean keepAliveHeader) {
        int status = response.status();
        statusLine(loop, status);
        List<String> headers = response.headerList();
        for (int i = 0; i < headers.size(); i += 2) {
            String name = headers.get(i);
            if (isFraming(name)) {
                continue; // framing is ours: a handler cannot desynchronise the connection
            }
            loop.stageAscii(name);
            loop.stageAscii(": ");
            loop.stageAscii(headers.get(i + 1));
            loop.stage(CRLF, 0, 2);
        }
        byte[] body = response.body();
        boolean bodiless = status < 200 || status == 204 || status == 304;
        boolean chunked = !bodiless && response.isChunked() && request.http11;
        if (chunked) {
            loop.stage(CHUNKED, 0, CHUNKED.length);
        } else if (!bodiless) {
            loop.stage(CONTENT_LENGTH, 0, CONTENT_LENGTH.length);
            number(loop, body.length);
            loop.stage(CRLF, 0, 2);
        }
        if (!keepAlive) {
            loop.stage(CLOSE, 0, CLOSE.length);
        } else {
            if (!request.http11) {
                loop.stage(KEEP_ALIVE, 0, KEEP_ALIVE.length); // RFC 9112 §9.3: 1.0 persistence is opt-in
            }
            if (keepAliveHeader) {
                loop.stage(KEEP_ALIVE_TIMEOUT, 0, KEEP_ALIVE_TIMEOUT.length);
                number(loop, timeoutSeconds);
                if (remainingRequests >= 0) {
                    loop.stageAscii(", max=");
                    number(loop, remainingRequests);
                }
                loop.stage(CRLF, 0, 2);
            }
        }
        loop.stageDate();
        loop.stage(CRLF, 0, 2);
        if (bodiless || request.isHead()) {
            return;
        }
        if (chunked) {
            if (body.length > 0) {
                loop.stageAscii(Integer.toHexString(body.length));
                loop.stage(CRLF, 0, 2);
                loop.stageBody(body);
                loop.stage(CRLF, 0, 2);
            }
            loop.stage(LAST_CHUNK, 0, LAST_CHUNK.length);
        } else {
            loop.stageBody(body);
        }
    }

    /** A {@code 101} response: handler headers plus {@code Connection: Upgrade}, no body framing. */
    static void writeUpgrade(EventLoop loop, Response response) {
        statusLine(loop, 101);
        List<String> headers = response.headerList();
        for (int i = 0; i < headers.size(); i += 2) {
            if (isFraming(headers.get(i))) {
                continue;
            }
            loop.stageAscii(headers.get(i));
            loop.stageAscii(": ");
            loop.stageAscii(headers.get(i + 1));
            loop.stage(CRLF, 0, 2);
        }
        loop.stageAscii("Connection: Upgrade\r\n");
        loop.stageDate();
        loop.stage(CRLF, 0, 2);
    }

    /** An error answer: short text body, {@code Connection: close}. */
    static void writeError(EventLoop loop, int status, String message) {
        byte[] body = (status + " " + reason(status) + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
        statusLine(loop, status);
        loop.stageAscii("Content-Type: text/plain; charset=utf-8\r\n");
        loop.stage(CONTENT_LENGTH, 0, CONTENT_LENGTH.length);
        number(loop, body.length);
        loop.stage(CRLF, 0, 2);
        loop.stage(CLOSE, 0, CLOSE.length);
        loop.stageDate();
        loop.stage(CRLF, 0, 2);
        loop.stage(body, 0, body.length);
    }

    private static boolean isFraming(String name) {
        return name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive");
    }

    private static void statusLine(EventLoop loop, int status) {
        byte[] line = status < STATUS_LINES.length ? STATUS_LINES[status] : null;
        if (line == null) {
            line = ascii("HTTP/1.1 " + status + " " + reason(status) + "\r\n");
            if (status < STATUS_LINES.length) {
                STATUS_LINES[status] = line; // benign race: every thread computes the same bytes
            }
        }
        loop.stage(line, 0, line.length);
    }

    private static void number(EventLoop loop, long value) {
        loop.stageAscii(Long.toString(value));
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 417 -> "Expectation Failed";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> status < 300 ? "OK" : status < 400 ? "Redirect" : status < 500 ? "Client Error" : "Server Error";
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
