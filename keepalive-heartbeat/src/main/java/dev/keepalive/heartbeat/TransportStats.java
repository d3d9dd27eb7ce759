package dev.keepalive.heartbeat;

/**
 * Counts of one heartbeat transport since it started. Every datagram or frame dropped is counted here
 * under the reason it was dropped.
 *
 * @param heartbeatsSent    heartbeats handed to the network
 * @param heartbeatsReceived well-formed heartbeats received (duplicates and unknown senders included)
 * @param acksSent          acknowledgements sent
 * @param acksReceived      acknowledgements received
 * @param malformed         datagrams or frames that were not our protocol (dropped; on TCP the
 *                          connection is closed)
 * @param unknownSenders    heartbeats from senders this node does not watch (acknowledged, not monitored):
 *                          on UDP senders that are not peers, on TCP senders refused because
 *                          {@link HeartbeatOptions#maxDiscoveredPeers()} discovered peers are watched
 * @param sendErrors        sends that failed or found no room in the socket buffer
 * @param connects          TCP: connections established (sender) or accepted (monitor)
 * @param connectFailures   TCP sender: connection attempts that failed or timed out
 * @param disconnects       TCP: connections that ended (peer closed, error, ack timeout, superseded)
 */
public record TransportStats(
        long heartbeatsSent,
        long heartbeatsReceived,
        long acksSent,
        long acksReceived,
        long malformed,
        long unknownSenders,
        long sendErrors,
        long connects,
        long connectFailures,
        long disconnects) {
}
