package dev.keepalive.http;

/**
 * A request the server refuses with a status code. The server answers it with {@code Connection: close}
 * and closes after the client has read the response.
 */
final class HttpException extends Exception {
    private final int status;

    HttpException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
