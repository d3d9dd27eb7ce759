package dev.keepalive.http;

/**
 * Turns a request into a response. A handler may block (sleep, call a database): by default it runs on
 * a virtual thread. A handler that never blocks can say so with {@link #nonBlocking(Handler)} and then
 * runs on the event loop, saving a thread hand-off per request.
 */
@FunctionalInterface
public interface Handler {

    Response handle(Request request) throws Exception;

    /**
     * Whether handling {@code request} never blocks, so it may run on the event loop. The server also
     * requires the request body to be already in memory before it runs a handler inline.
     */
    default boolean isNonBlocking(Request request) {
        return false;
    }

    /** Wraps a handler that never blocks so it runs on the event loop. */
    static Handler nonBlocking(Handler handler) {
        return new Handler() {
            @Override
            public Response handle(Request request) throws Exception {
                return handler.handle(request);
            }

            @Override
            public boolean isNonBlocking(Request request) {
                return true;
            }
        };
    }
}
