package dev.keepalive.jdbc;

import dev.keepalive.core.TimerWheel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.sql.Statement;

/**
 * One physical connection owned by the pool, and the state machine that decides who may touch it.
 * Every transition out of IDLE is a compare-and-set, so a borrower, the keepalive and an eviction can
 * never hold the same connection at once, and no lock is taken on the borrow path.
 *
 * <pre>
 *            created (Connector)                  borrow (CAS)
 *   ───────────────────────────► IDLE ─────────────────────────────► BORROWED
 *                                │  ▲ ◄───── return: reset ok, not retired ──┘ │
 *        keepalive due (CAS)     │  │ valid                                    │ broken, reset failed,
 *                                ▼  │                                          │ past maxLifetime,
 *                              PROBING ── invalid ──► CLOSED ◄─────────────────┘ validation on borrow failed
 *                                                       ▲
 *             idle timeout, maxLifetime, shutdown (CAS from IDLE)
 * </pre>
 *
 * A returned entry goes straight from BORROWED to the next waiting borrower when there is one (it is
 * never IDLE in between), which is what makes waits fair.
 */
final class PoolEntry {
    /** The states of the diagram above. Enum constants are singletons, so the VarHandle CAS compares references. */
    enum State { IDLE, BORROWED, PROBING, CLOSED }

    /** {@link #retireAt} of a connection without a max lifetime. */
    static final long NEVER = Long.MAX_VALUE;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PoolEntry.class, "state", State.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long id;
    final Connection raw;
    final long createdAt;
    /** Ticker time after which the entry retires when idle or returned; Long.MAX_VALUE when never. */
    final long retireAt;
    /** This connection's jittered keepalive period in nanoseconds; 0 when keepalive is off. */
    final long keepaliveNanos;

    private volatile State state;

    /**
     * Ticker time of the last return, successful validation or creation. Written before the volatile
     * state change that publishes the entry, read after the CAS that claims it.
     */
    long lastAccess;

    // Settings the connection had when it was opened; what a return restores. Read lazily: the first
    // borrower who changes one reads it first, so opening a connection costs no extra round trips.
    final boolean initialAutoCommit;
    final boolean initialReadOnly;
    boolean isolationKnown;
    int initialIsolation;
    boolean catalogKnown;
    String initialCatalog;
    boolean schemaKnown;
    String initialSchema;
    boolean networkTimeoutKnown;
    int initialNetworkTimeout;

    // The driver's statements the current borrower left open, closed on return. Kept here, not in
    // the per-borrow wrapper, so a borrow allocates no list (and the JIT can scalar-replace wrappers).
    Statement[] openStatements = new Statement[8];
    int openCount;

    // Leak detection: which borrow this is, when it began and where (only when the threshold is on).
    long borrowSeq;
    long borrowedAt;
    Throwable borrowedBy;
    volatile boolean leakReported;

    // Owned by the housekeeper thread alone.
    TimerWheel.Timer timer;
    TimerWheel.Timer leakTimer;
    long leakWatchSeq;

    PoolEntry(long id, Connection raw, long createdAt, long retireAt, long keepaliveNanos, boolean autoCommit,
            boolean readOnly) {
        this.id = id;
        this.raw = raw;
        this.createdAt = createdAt;
        this.retireAt = retireAt;
        this.keepaliveNanos = keepaliveNanos;
        this.initialAutoCommit = autoCommit;
        this.initialReadOnly = readOnly;
        this.lastAccess = createdAt;
        this.state = State.BORROWED; // the creator hands it over through ConnectionBag.release
    }

    State state() {
        return state;
    }

    boolean compareAndSet(State expected, State next) {
        return STATE.compareAndSet(this, expected, next);
    }

    void setState(State next) {
        state = next;
    }

    /** Marks the entry CLOSED from whatever state it is in; returns the state it had. */
    State close() {
        return (State) STATE.getAndSet(this, State.CLOSED);
    }

    /** Whether the connection has outlived its max lifetime at {@code now}. */
    boolean retired(long now) {
        return retireAt != NEVER && now - retireAt >= 0;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    @Override
    public String toString() {
        return "connection#" + id + "(" + state + ")";
    }
}
