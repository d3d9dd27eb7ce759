package dev.keepalive.websocket.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The opening handshake's arithmetic and header grammar (RFC 6455 §4), shared by server and client. */
public final class Handshake {
    /** RFC 6455 §1.3: appended to the key before hashing. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Handshake() {
    }

    /** {@code Sec-WebSocket-Accept} for {@code key}: base64(SHA-1(key + GUID)) (RFC 6455 §4.2.2). */
    public static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /** Whether {@code key} is base64 of exactly 16 bytes (RFC 6455 §4.1, item 7). */
    public static boolean isValidKey(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The comma-separated elements of every value, trimmed, empty ones dropped (RFC 9110 §5.6.1). */
    public static List<String> elements(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                String t = part.strip();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** Whether the list-valued header values contain {@code token}, ignoring case. */
    public static boolean hasToken(List<String> values, String token) {
        for (String e : elements(values)) {
            if (e.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The subprotocol to agree on: the first one the client offers (its order is its preference,
     * RFC 6455 §4.1 item 10) that the server speaks; null when none matches, and the handshake then
     * carries no {@code Sec-WebSocket-Protocol} (§4.2.2).
     */
    public static String selectSubprotocol(List<String> offered, List<String> supported) {
        for (String p : offered) {
            if (supported.contains(p)) {
                return p;
            }
        }
        return null;
    }
}
