package dev.keepalive.http;

import java.io.IOException;

/** No connection became free on a route within {@link ClientOptions#acquireTimeout()}. */
public final class ConnectionPoolTimeoutException extends IOException {
    public ConnectionPoolTimeoutException(String message) {
        super(message);
    }
}
