package dev.keepalive.websocket;

import dev.keepalive.core.CloseReason;
import java.util.Objects;

/**
 * How a WebSocket connection ended: the close code and reason of the closing handshake (RFC 6455 §7.4),
 * or 1006 when there was none, plus our {@link CloseReason} and whether the peer started it.
 * For a dead peer: {@code 1006 "no pong within 10000 ms (after 42 successful pings)" PEER_DEAD}.
 *
 * @param code   the close code: received from the peer when {@code byPeer}, else the one we sent, or
 *               1006 ({@link #ABNORMAL}) when the TCP connection ended without a complete handshake
 * @param reason the close reason text or our evidence; never null
 * @param cause  why, in the vocabulary shared by every layer
 * @param byPeer whether the peer started the close
 */
public record CloseStatus(int code, String reason, CloseReason cause, boolean byPeer) {
    /** 1000: the purpose of the connection is fulfilled. */
    public static final int NORMAL = 1000;
    /** 1001: an endpoint goes away (server shutdown, idle timeout). */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a data type the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: reported when a close frame carried no code; never sent. */
    public static final int NO_STATUS = 1005;
    /** 1006: reported when the connection ended without a close frame; never sent. */
    public static final int ABNORMAL = 1006;
    /** 1007: text that is not UTF-8. */
    public static final int INVALID_PAYLOAD = 1007;
    /** 1008: a policy was violated, e.g. a ping flood. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a frame or message above the size limit. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1011: the endpoint hit an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;

    public CloseStatus {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(cause, "cause");
    }

    /**
     * Whether {@code code} may appear in a close frame on the wire (RFC 6455 §7.4.1, §7.4.2): the defined
     * codes except 1004 (reserved), 1005, 1006 and 1015 (local reports only), and 3000..4999.
     */
    public static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    @Override
    public String toString() {
        return code + (reason.isEmpty() ? "" : " \"" + reason + "\"") + " " + cause + (byPeer ? " (by peer)" : "");
    }
}
