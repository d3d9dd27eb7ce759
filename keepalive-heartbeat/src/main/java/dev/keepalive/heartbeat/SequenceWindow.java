package dev.keepalive.heartbeat;

/**
 * Sequence bookkeeping for one sender: which heartbeats went missing, came late or twice. A 64-bit map
 * of the sequences just below the highest one seen (the anti-replay window of RFC 4303 §3.4.3) tells a
 * late heartbeat from a duplicate in O(1) without allocating. A new incarnation (the sender restarted)
 * starts the count over.
 *
 * <pre>
 *   seq > highest            NEW        lost += seq - highest - 1 (a gap)
 *   highest - 63 .. highest  LATE       first time seen: lost -= 1, late += 1
 *                            DUPLICATE  seen before
 *   older than the window    LATE       can't tell; counted late
 *   other incarnation        RESTART    window reset, restarts += 1
 * </pre>
 */
final class SequenceWindow {
    static final int NEW = 0;
    static final int LATE = 1;
    static final int DUPLICATE = 2;
    static final int RESTART = 3;

    private boolean started;
    private int incarnation;
    private long highest;
    private long seen; // bit i: sequence highest - i has arrived
    private long lost;
    private long late;
    private long duplicates;
    private long restarts;

    int accept(int incarnation, long sequence) {
        if (!started || incarnation != this.incarnation) {
            boolean restart = started;
            started = true;
            this.incarnation = incarnation;
            highest = sequence;
            seen = 1;
            if (restart) {
                restarts++;
                return RESTART;
            }
            return NEW;
        }
        if (sequence > highest) {
            long ahead = sequence - highest;
            lost += ahead - 1;
            seen = ahead >= Long.SIZE ? 1 : seen << ahead | 1;
            highest = sequence;
            return NEW;
        }
        long behind = highest - sequence;
        if (behind >= Long.SIZE) {
            late++;
            lost = Math.max(0, lost - 1);
            return LATE;
        }
        long bit = 1L << behind;
        if ((seen & bit) != 0) {
            duplicates++;
            return DUPLICATE;
        }
        seen |= bit;
        late++;
        lost = Math.max(0, lost - 1);
        return LATE;
    }

    /** Sequences skipped and not (yet) arrived. */
    long lost() {
        return lost;
    }

    long late() {
        return late;
    }

    long duplicates() {
        return duplicates;
    }

    long restarts() {
        return restarts;
    }
}
