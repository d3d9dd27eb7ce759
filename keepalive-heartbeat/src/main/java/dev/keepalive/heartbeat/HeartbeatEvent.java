package dev.keepalive.heartbeat;

/**
 * A change in what a monitor believes about a peer, with the peer's status at that instant: together
 * the events of a run are its suspicion timeline.
 *
 * @param type what happened
 * @param peer the peer's status right after the change
 */
public record HeartbeatEvent(Type type, PeerStatus peer) {

    /** Kinds of change, each with the stable snake_case name used in logs and JSON. */
    public enum Type {
        /** The first heartbeat from a peer: UNKNOWN → ALIVE. */
        PEER_UP("peer_up"),
        /** The detector's suspicion reached its threshold: ALIVE → SUSPECT. */
        PEER_SUSPECTED("peer_suspected"),
        /** A heartbeat from a suspected peer: SUSPECT → ALIVE. */
        PEER_RECOVERED("peer_recovered"),
        /** A heartbeat with a new incarnation: the peer restarted (its sequence starts over). */
        PEER_RESTARTED("peer_restarted"),
        /**
         * A discovered (not configured) peer suspected for {@link HeartbeatOptions#forgetAfter()} is no longer
         * watched: the status is its last one, still SUSPECT.
         */
        PEER_FORGOTTEN("peer_forgotten");

        private final String eventName;

        Type(String eventName) {
            this.eventName = eventName;
        }

        public String eventName() {
            return eventName;
        }
    }
}
