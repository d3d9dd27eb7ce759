package dev.keepalive.heartbeat;

import dev.keepalive.core.Liveness;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Watches many peers with one {@link FailureDetector} each and <em>one</em> timer wheel: each peer has a
 * single timer at the instant its detector would suspect it, so a thousand quiet peers cost no sweep
 * and no thread. Transport-agnostic: a transport reports heartbeats and acks, and whoever drives the
 * monitor calls {@link #advance(long)} with the time and sleeps for the delay it returns. All times are
 * ticker nanoseconds, so tests drive it with a {@link dev.keepalive.core.FakeTicker} and numbers.
 *
 * <p>Thread-safe: every method takes the monitor's {@link java.util.concurrent.locks.ReentrantLock};
 * events reach the {@link HeartbeatListener} on the calling thread, in order. Peer lifecycle: see
 * {@link PeerState}.
 *
 * <p>Peers are <em>configured</em> ({@link #addPeer}: watched until removed) or <em>discovered</em>
 * ({@link #discoverPeer}: a transport met a sender it was not told about). Discovered peers are bounded:
 * at most {@link HeartbeatOptions#maxDiscoveredPeers()} at once, and each is forgotten once suspected (or
 * silent since it was discovered) for {@link HeartbeatOptions#forgetAfter()}, so a monitor on an open
 * network does not keep every id it ever saw.
 */
public final class HeartbeatMonitor {
    private static final System.Logger LOG = System.getLogger("dev.keepalive.heartbeat");

    private final HeartbeatOptions options;
    private final HeartbeatListener listener;
    private final Timers timers;
    private final Map<String, PeerState> peers = new LinkedHashMap<>();
    private final long forgetAfterNanos;
    private int discovered;
    private long forgotten;
    private long listenerErrors;

    /**
     * @param options  interval, detector and timer tick
     * @param listener receives suspicions and recoveries
     * @param nowNanos the current ticker time
     */
    public HeartbeatMonitor(HeartbeatOptions options, HeartbeatListener listener, long nowNanos) {
        this(options, listener, new Timers(options.timerTick(), nowNanos));
    }

    HeartbeatMonitor(HeartbeatOptions options, HeartbeatListener listener, Timers timers) {
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.timers = timers;
        this.forgetAfterNanos = options.forgetAfter().toNanos();
    }

    Timers timers() {
        return timers;
    }

    public HeartbeatOptions options() {
        return options;
    }

    /**
     * Starts watching {@code id} as a configured peer (status UNKNOWN until its first heartbeat), never
     * forgotten; false if already watched. A discovered peer of that id becomes configured, history kept.
     */
    public boolean addPeer(String id) {
        Wire.idBytes(id); // same rule as the wire: 1..255 bytes
        timers.lock.lock();
        try {
            PeerState p = peers.get(id);
            if (p != null) {
                if (p.discovered) {
                    p.discovered = false;
                    discovered--;
                    if (p.liveness != Liveness.ALIVE) { // its timer, if any, was only there to forget it
                        timers.cancel(p.timer);
                    }
                }
                return false;
            }
            add(id, timers.now());
            return true;
        } finally {
            timers.lock.unlock();
        }
    }

    /**
     * Watches {@code id}, a sender nobody configured, if there is room: true if it is watched (already, or
     * from now on as a discovered peer), false if {@link HeartbeatOptions#maxDiscoveredPeers()} discovered
     * peers are watched already. A discovered peer is forgotten ({@link HeartbeatEvent.Type#PEER_FORGOTTEN})
     * after {@link HeartbeatOptions#forgetAfter()} in SUSPECT, or without any heartbeat since
     * {@code nowNanos}; its place is then free for another.
     */
    public boolean discoverPeer(String id, long nowNanos) {
        timers.lock.lock();
        try {
            if (peers.containsKey(id)) {
                return true;
            }
            if (discovered >= options.maxDiscoveredPeers()) {
                return false;
            }
            Wire.idBytes(id);
            PeerState p = add(id, nowNanos);
            p.discovered = true;
            discovered++;
            timers.schedule(p.timer, nowNanos + forgetAfterNanos); // forgotten if no heartbeat ever comes
            return true;
        } finally {
            timers.lock.unlock();
        }
    }

    private PeerState add(String id, long nowNanos) {
        PeerState[] self = new PeerState[1];
        self[0] = new PeerState(id, options.detector().newDetector(options.interval()), () -> check(self[0]));
        self[0].addedAt = nowNanos;
        peers.put(id, self[0]);
        return self[0];
    }

    /** Discovered peers watched now (at most {@link HeartbeatOptions#maxDiscoveredPeers()}). */
    public int discoveredPeers() {
        timers.lock.lock();
        try {
            return discovered;
        } finally {
            timers.lock.unlock();
        }
    }

    /** Discovered peers forgotten since the monitor started. */
    public long forgottenPeers() {
        timers.lock.lock();
        try {
            return forgotten;
        } finally {
            timers.lock.unlock();
        }
    }

    /** True if {@code id} is watched as a discovered, not a configured, peer. */
    public boolean isDiscovered(String id) {
        timers.lock.lock();
        try {
            PeerState p = peers.get(id);
            return p != null && p.discovered;
        } finally {
            timers.lock.unlock();
        }
    }

    /** Stops watching {@code id}; false if it was not watched. */
    public boolean removePeer(String id) {
        timers.lock.lock();
        try {
            PeerState p = peers.remove(id);
            if (p == null) {
                return false;
            }
            timers.cancel(p.timer);
            if (p.discovered) {
                discovered--;
            }
            return true;
        } finally {
            timers.lock.unlock();
        }
    }

    public boolean isWatching(String id) {
        timers.lock.lock();
        try {
            return peers.containsKey(id);
        } finally {
            timers.lock.unlock();
        }
    }

    /** A heartbeat without sequence information (every call counts as the next one). */
    public boolean heartbeat(String id, long nowNanos) {
        timers.lock.lock();
        try {
            PeerState p = peers.get(id);
            return heartbeat(id, 0, p == null ? 0 : p.heartbeats, nowNanos);
        } finally {
            timers.lock.unlock();
        }
    }

    /**
     * Records a heartbeat from {@code id} that arrived at {@code nowNanos}. Duplicates are counted and
     * otherwise ignored; late (reordered) heartbeats still prove the peer alive. Returns false when
     * {@code id} is not watched.
     */
    public boolean heartbeat(String id, int incarnation, long sequence, long nowNanos) {
        timers.lock.lock();
        try {
            PeerState p = peers.get(id);
            if (p == null) {
                return false;
            }
            int kind = p.sequence.accept(incarnation, sequence);
            if (kind == SequenceWindow.DUPLICATE) {
                return true;
            }
            p.detector.heartbeat(nowNanos);
            p.heartbeats++;
            if (kind == SequenceWindow.RESTART) {
                emit(HeartbeatEvent.Type.PEER_RESTARTED, p, nowNanos);
            }
            boolean wasAlive = p.liveness == Liveness.ALIVE;
            if (p.liveness == Liveness.UNKNOWN) {
                p.liveness = Liveness.ALIVE;
                emit(HeartbeatEvent.Type.PEER_UP, p, nowNanos);
            } else if (p.liveness == Liveness.SUSPECT) {
                p.liveness = Liveness.ALIVE;
                p.lastSuspicion = Math.max(0, nowNanos - p.suspectedSince);
                p.suspectedTotal += p.lastSuspicion;
                emit(HeartbeatEvent.Type.PEER_RECOVERED, p, nowNanos);
            }
            long due = p.detector.suspectAtNanos();
            // out of UNKNOWN or SUSPECT, a discovered peer's timer was set to forget it: back to the verdict
            if (!wasAlive || !p.timer.isScheduled() || due - p.timer.deadline() < 0) {
                timers.schedule(p.timer, due);
            }
            return true;
        } finally {
            timers.lock.unlock();
        }
    }

    /** Records that {@code id} acknowledged one of our heartbeats after {@code rttNanos}. */
    public boolean ack(String id, long rttNanos) {
        timers.lock.lock();
        try {
            PeerState p = peers.get(id);
            if (p == null) {
                return false;
            }
            p.rtt(Math.max(0, rttNanos));
            return true;
        } finally {
            timers.lock.unlock();
        }
    }

    /**
     * Runs the checks (and any other timers on this monitor's wheel) due at {@code nowNanos}. Returns how
     * long the caller may wait before calling again, or -1 when nothing is scheduled.
     */
    public long advance(long nowNanos) {
        return timers.advance(nowNanos);
    }

    // Runs on the driving thread inside advance(), lock held.
    private void check(PeerState p) {
        long now = timers.now();
        if (p.liveness != Liveness.ALIVE) {
            if (p.discovered && peers.get(p.id) == p) {
                long since = p.liveness == Liveness.SUSPECT ? p.suspectedSince : p.addedAt;
                if (now - since - forgetAfterNanos >= 0) {
                    forget(p, now);
                } else {
                    timers.schedule(p.timer, since + forgetAfterNanos);
                }
            }
            return;
        }
        if (p.detector.isAvailable(now)) {
            long due = p.detector.suspectAtNanos();
            // rounding may leave phi a hair under the threshold at suspectAt: look again next tick
            timers.schedule(p.timer, due - now > 0 ? due : now + 1);
            return;
        }
        p.liveness = Liveness.SUSPECT;
        p.suspicions++;
        p.suspectedSince = now;
        if (p.discovered) {
            timers.schedule(p.timer, now + forgetAfterNanos);
        }
        emit(HeartbeatEvent.Type.PEER_SUSPECTED, p, now);
    }

    private void forget(PeerState p, long now) {
        peers.remove(p.id);
        discovered--;
        forgotten++;
        emit(HeartbeatEvent.Type.PEER_FORGOTTEN, p, now);
    }

    private void emit(HeartbeatEvent.Type type, PeerState p, long now) {
        PeerStatus status = p.snapshot(now);
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, type.eventName() + " peer=" + p.id + " " + p.detector.name() + "="
                    + String.format(java.util.Locale.ROOT, "%.2f", status.suspicion())
                    + " silent=" + status.sinceLastHeartbeat() + " mean=" + status.meanInterval()
                    + " std=" + status.stdDevInterval() + " suspicions=" + p.suspicions);
        }
        try {
            listener.onEvent(new HeartbeatEvent(type, status));
        } catch (RuntimeException e) {
            listenerErrors++;
            if (LOG.isLoggable(Level.WARNING)) {
                LOG.log(Level.WARNING, "listener_error event=" + type.eventName() + " peer=" + p.id, e);
            }
        }
    }

    /** The status of {@code id} at {@code nowNanos}, or null if it is not watched. */
    public PeerStatus status(String id, long nowNanos) {
        timers.lock.lock();
        try {
            PeerState p = peers.get(id);
            return p == null ? null : p.snapshot(nowNanos);
        } finally {
            timers.lock.unlock();
        }
    }

    /** Every watched peer's status at {@code nowNanos}, in the order they were added. */
    public List<PeerStatus> statuses(long nowNanos) {
        timers.lock.lock();
        try {
            List<PeerStatus> list = new ArrayList<>(peers.size());
            for (PeerState p : peers.values()) {
                list.add(p.snapshot(nowNanos));
            }
            return list;
        } finally {
            timers.lock.unlock();
        }
    }

    /** Exceptions thrown by the listener (logged, then ignored). */
    public long listenerErrors() {
        timers.lock.lock();
        try {
            return listenerErrors;
        } finally {
            timers.lock.unlock();
        }
    }
}
