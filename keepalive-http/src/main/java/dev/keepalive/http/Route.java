package dev.keepalive.http;

import java.net.URI;
import java.util.Locale;

/**
 * The unit of client pooling: scheme, host and port. Two requests share connections only when their
 * routes are equal.
 */
public record Route(String scheme, String host, int port) {

    public Route {
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("scheme must be http or https: " + scheme);
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 1..65535: " + port);
        }
    }

    /** The route of an absolute http or https URI. */
    public static Route of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("expected an http or https URL: " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URL has no host: " + uri);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Route(scheme, uri.getHost(), port);
    }

    public boolean isTls() {
        return scheme.equals("https");
    }

    /** The Host header value (RFC 9110 §7.2): the port only when not the scheme's default. */
    String hostHeader() {
        boolean defaultPort = (port == 80 && !isTls()) || (port == 443 && isTls());
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return defaultPort ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + hostHeader();
    }
}
