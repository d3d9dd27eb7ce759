package dev.keepalive.heartbeat;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * A process's heartbeat endpoint: it sends heartbeats to its peers, answers theirs with
 * acknowledgements, and watches them with a {@link HeartbeatMonitor}, all on one thread with one timer
 * wheel. {@link UdpHeartbeatNode} sends datagrams; {@link TcpHeartbeatNode} keeps one persistent
 * connection per peer.
 */
public interface HeartbeatNode extends AutoCloseable {

    /** This node's sender id, carried in its heartbeats. */
    String id();

    /** The address it listens on (the bound port, when asked for port 0). */
    InetSocketAddress localAddress();

    /** The monitor watching the peers; peers are keyed by {@link #idOf} of their address. */
    HeartbeatMonitor monitor();

    /** Starts sending to and watching {@code peer}; returns the peer's id. Idempotent. */
    String addPeer(InetSocketAddress peer);

    /** Stops sending to and watching {@code peer}; false if it was not a peer. */
    boolean removePeer(InetSocketAddress peer);

    TransportStats stats();

    /** Stops the thread and closes the sockets. Idempotent. */
    @Override
    void close();

    /**
     * The id of a node listening on {@code address}: numeric {@code ip:port}, {@code [ip6]:port}. A node's
     * default id is this of its bound address, so peers that name each other by address agree on ids.
     *
     * @throws IllegalArgumentException if the address is unresolved
     */
    static String idOf(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address is unresolved: " + address.getHostString());
        }
        String ip = address.getAddress().getHostAddress();
        int zone = ip.indexOf('%'); // a scope id is local to this host; the peer would not send it
        if (zone >= 0) {
            ip = ip.substring(0, zone);
        }
        return (address.getAddress() instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + address.getPort();
    }
}
