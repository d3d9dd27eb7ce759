package dev.keepalive.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What {@code kal probe} connects to: an {@code http://} or {@code https://} URL taken apart.
 *
 * @param url           the URL as given
 * @param tls           https
 * @param host          host name or address to connect to (IPv6 without brackets)
 * @param port          TCP port (80 or 443 when the URL has none)
 * @param hostHeader    value of the {@code Host} header: host, plus the port when it is not the default
 * @param requestTarget path and query, {@code /} when the URL has no path
 */
record ProbeTarget(String url, boolean tls, String host, int port, String hostHeader, String requestTarget) {

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying what was expected and quoting {@code text}
     */
    static ProbeTarget parse(String text) {
        String s = text == null ? "" : text.strip();
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw bad(s.contains("://") ? "not a URL" : "expected an http:// or https:// URL", text);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw bad("expected an http:// or https:// URL", text);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw bad(uri.getRawAuthority() == null ? "URL has no host" : "URL has a malformed host or port", text);
        }
        if (uri.getRawUserInfo() != null) {
            throw bad("user info (user:password@) is not supported", text);
        }
        boolean tls = scheme.equals("https");
        int defaultPort = tls ? 443 : 80;
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        if (port < 1 || port > 65_535) {
            throw bad("port must be in 1..65535", text);
        }
        String hostHeader = port == defaultPort ? host : host + ":" + port;
        String connectHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new ProbeTarget(s, tls, connectHost, port, hostHeader, target);
    }

    private static IllegalArgumentException bad(String what, String text) {
        return new IllegalArgumentException(what + ": '" + text + "'");
    }

    /** {@code host:port}, IPv6 in brackets, for messages. */
    String address() {
        return ServeCommand.hostPort(host, port);
    }
}
