package dev.keepalive.heartbeat;

import java.net.InetSocketAddress;
import java.util.Collection;

/** What every node's {@code start} does once it is bound: add its peers, then start its thread. */
final class HeartbeatNodes {
    private HeartbeatNodes() {
    }

    /** Adds {@code peers} and starts {@code loop}; a bad peer closes the node before it runs. */
    static <N extends HeartbeatNode> N started(N node, Collection<InetSocketAddress> peers, Loop loop) {
        try {
            for (InetSocketAddress peer : peers) {
                node.addPeer(peer);
            }
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        loop.start();
        return node;
    }
}
