package dev.keepalive.websocket.internal;

import dev.keepalive.websocket.CloseStatus;

/**
 * Ping flood guard (DESIGN.md: more than 10 pings/s sustained → 1008), as a generic cell rate
 * algorithm: each ping books {@code 1/rate} s on a virtual clock that never falls behind now; a booking
 * more than two seconds ahead means the peer has kept above the rate. A burst of two seconds' worth
 * passes, a peer at exactly the rate never trips it, one at 1.5 × the rate trips after about 4 s.
 */
final class PingFlood {
    private static final long BURST = 2_000_000_000L;

    private final int rate;
    private final long spacing;
    private long booked;
    private long since;
    private int pings;

    /** @param rate pings per second allowed; 0 disables the guard */
    PingFlood(int rate, long now) {
        this.rate = rate;
        this.spacing = rate == 0 ? 0 : 1_000_000_000L / rate;
        this.booked = now;
    }

    /** Books one ping at {@code now}; throws 1008 with the evidence when the peer floods. */
    void onPing(long now) throws ProtocolError {
        if (rate == 0) {
            return;
        }
        if (booked - now <= 0) {
            booked = now; // caught up: a new run of pings starts here
            since = now;
            pings = 0;
        }
        booked += spacing;
        pings++;
        if (booked - now > BURST) {
            throw new ProtocolError(CloseStatus.POLICY_VIOLATION, "ping flood: " + pings + " pings in "
                    + (now - since) / 1_000_000 + " ms, more than " + rate + "/s sustained");
        }
    }
}
