package dev.keepalive.cli;

import java.util.List;
import java.util.Locale;

/**
 * One response of a {@link ProbeConnection}, read to its end.
 *
 * @param http10         the request was HTTP/1.0
 * @param closeDelimited the body ran to the connection's end (no Content-Length, not chunked)
 * @param startNanos     when the request was written
 * @param endNanos       when the last body byte arrived
 */
record ProbeResponse(boolean http10, String version, int status, String reason, List<String> names,
                     List<String> values, boolean closeDelimited, long bodyBytes, long startNanos, long endNanos) {

    /** The first value of header {@code name} (any case), or null. */
    String header(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    boolean hasToken(String name, String token) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                for (String t : values.get(i).split(",")) {
                    if (t.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether the server lets the connection carry another request (RFC 9112 §9.3). */
    boolean persistent() {
        if (closeDelimited || hasToken("Connection", "close")) {
            return false;
        }
        return !http10 && version.equals("HTTP/1.1") || hasToken("Connection", "keep-alive");
    }

    /** {@code timeout=} of the Keep-Alive header in seconds, or -1. */
    long keepAliveTimeout() {
        return keepAliveParam("timeout");
    }

    /** {@code max=} of the Keep-Alive header (requests left after this one), or -1. */
    long keepAliveMax() {
        return keepAliveParam("max");
    }

    private long keepAliveParam(String param) {
        String value = header("Keep-Alive");
        if (value == null) {
            return -1;
        }
        for (String part : value.split(",")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.startsWith(param + "=")) {
                try {
                    long v = Long.parseLong(p.substring(param.length() + 1).strip());
                    return v >= 0 ? v : -1;
                } catch (NumberFormatException e) {
                    return -1; // a malformed parameter counts as absent
                }
            }
        }
        return -1;
    }

    String statusLine() {
        return (version + " " + status + " " + reason).strip();
    }
}
