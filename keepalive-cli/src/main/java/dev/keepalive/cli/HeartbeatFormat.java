package dev.keepalive.cli;

import dev.keepalive.core.Durations;
import dev.keepalive.core.Liveness;
import dev.keepalive.heartbeat.DetectorOptions;
import dev.keepalive.heartbeat.FixedTimeoutOptions;
import dev.keepalive.heartbeat.HeartbeatEvent;
import dev.keepalive.heartbeat.HeartbeatOptions;
import dev.keepalive.heartbeat.PeerStatus;
import dev.keepalive.heartbeat.PhiAccrualOptions;
import dev.keepalive.heartbeat.TransportStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code kal heartbeat} prints, as pure functions of the monitor's snapshots: the table, the event
 * lines, and the JSON stream (one object per line; durations in milliseconds, keys ending in {@code Ms};
 * absent values {@code null}).
 */
final class HeartbeatFormat {
    private HeartbeatFormat() {
    }

    static String startLine(String node, String transport, HeartbeatOptions o, List<String> peers) {
        return "kal heartbeat " + node + " on " + transport + ", interval " + Durations.format(o.interval())
                + ", detector " + detector(o.detector()) + ": a steady peer is suspected "
                + human(o.detectionTime()) + " after its last heartbeat; peers " + String.join(", ", peers);
    }

    private static String detector(DetectorOptions d) {
        if (d instanceof PhiAccrualOptions p) {
            return "phi (threshold " + number(p.threshold()) + ", min-std-dev " + Durations.format(p.minStdDev())
                    + ", acceptable-pause " + Durations.format(p.acceptablePause()) + ", window " + p.window() + ")";
        }
        return "fixed (suspect after " + ((FixedTimeoutOptions) d).missedIntervals() + " missed intervals)";
    }

    /** The live table: one row per peer. */
    static String table(List<PeerStatus> peers) {
        String level = peers.isEmpty() || peers.get(0).detector().equals("phi") ? "PHI" : "MISSED";
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PEER", "STATUS", "LAST SEEN", "MEAN", "STD", level, "SUSPICIONS", "RTT", "LOST"});
        for (PeerStatus p : peers) {
            rows.add(new String[] {
                printable(p.id()),
                status(p.liveness()),
                p.sinceLastHeartbeat() == null ? "never" : human(p.sinceLastHeartbeat()) + " ago",
                p.meanInterval() == null ? "-" : human(p.meanInterval()),
                p.stdDevInterval() == null ? "-" : human(p.stdDevInterval()),
                p.sinceLastHeartbeat() == null ? "-" : String.format(Locale.ROOT, "%.2f", p.suspicion()),
                Long.toString(p.suspicions()),
                p.rtt() == null ? "-" : human(p.rtt()),
                p.lost() + String.format(Locale.ROOT, " (%.1f%%)", 100 * p.lossRatio())
            });
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(row[i]);
                if (i < row.length - 1) {
                    sb.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String status(Liveness l) {
        return switch (l) {
            case UNKNOWN -> "unknown";
            case ALIVE -> "alive";
            case SUSPECT -> "SUSPECT";
            case DEAD -> "DEAD";
        };
    }

    /** One human line for an event, without the time stamp. */
    static String eventLine(HeartbeatEvent e) {
        PeerStatus p = e.peer();
        String peer = "peer " + printable(p.id());
        return switch (e.type()) {
            case PEER_UP -> peer + " is up (first heartbeat)";
            case PEER_SUSPECTED -> peer + " SUSPECTED: " + level(p) + " after " + human(p.sinceLastHeartbeat())
                    + " without a heartbeat (mean " + orDash(p.meanInterval()) + ", std " + orDash(p.stdDevInterval())
                    + ", lost " + p.lost() + ", suspicions " + p.suspicions() + ")";
            case PEER_RECOVERED -> peer + " is back after " + human(p.lastSuspicion()) + " suspected (suspicions "
                    + p.suspicions() + ", lost " + p.lost() + ")";
            case PEER_RESTARTED -> peer + " restarted (new incarnation: its sequence starts over)";
            case PEER_FORGOTTEN -> peer + " forgotten after " + human(p.sinceLastHeartbeat())
                    + " without a heartbeat (not a configured peer)";
        };
    }

    private static String level(PeerStatus p) {
        return p.detector().equals("phi")
                ? String.format(Locale.ROOT, "phi %.2f >= %s", p.suspicion(), number(p.threshold()))
                : String.format(Locale.ROOT, "%.2f intervals missed >= %s", p.suspicion(), number(p.threshold()));
    }

    static String summary(Duration uptime, TransportStats s, List<PeerStatus> peers) {
        StringBuilder sb = new StringBuilder("kal heartbeat stopped after ")
                .append(Durations.format(Duration.ofSeconds(uptime.toSeconds())))
                .append(": heartbeats sent ").append(s.heartbeatsSent())
                .append(", received ").append(s.heartbeatsReceived())
                .append(", acks ").append(s.acksReceived()).append(" of ").append(s.heartbeatsSent());
        for (PeerStatus p : peers) {
            sb.append("; ").append(printable(p.id())).append(": ").append(p.suspicions())
                    .append(p.suspicions() == 1 ? " suspicion" : " suspicions")
                    .append(", suspected ").append(human(p.suspectedTotal()))
                    .append(", lost ").append(p.lost());
        }
        return sb.toString();
    }

    /** 850ms, 1.66s, 2m05s: three significant figures for a table. */
    static String human(Duration d) {
        if (d == null) {
            return "-";
        }
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000L) {
            return String.format(Locale.ROOT, "%.2fms", nanos / 1e6);
        }
        if (nanos < 10_000_000L) {
            return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
        }
        if (nanos < 1_000_000_000L) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos < 60_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
        }
        long s = nanos / 1_000_000_000L;
        return s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    }

    /** A TCP sender names itself: its id must not move the cursor or recolour the terminal. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }

    private static String orDash(Duration d) {
        return d == null ? "-" : human(d);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    // ---- JSON ----

    static String startJson(String node, String transport, String listen, HeartbeatOptions o, List<String> peers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "start");
        m.put("node", node);
        m.put("transport", transport);
        m.put("listen", listen);
        m.put("peers", peers);
        m.put("intervalMs", ms(o.interval()));
        m.put("detector", o.detector().name());
        if (o.detector() instanceof PhiAccrualOptions p) {
            m.put("threshold", p.threshold());
            m.put("minStdDevMs", ms(p.minStdDev()));
            m.put("acceptablePauseMs", ms(p.acceptablePause()));
            m.put("window", p.window());
        } else {
            m.put("missedIntervals", ((FixedTimeoutOptions) o.detector()).missedIntervals());
        }
        m.put("detectionMs", ms(o.detectionTime()));
        return Json.write(m);
    }

    /** One peer as a JSON line: an event ({@code peer_suspected} ...) or the periodic {@code peer_status}. */
    static String peerJson(String eventName, PeerStatus p, String time, long elapsedMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", eventName);
        m.put("time", time);
        m.put("elapsedMs", elapsedMs);
        m.put("peer", p.id());
        m.put("status", p.liveness().name().toLowerCase(Locale.ROOT));
        m.put("detector", p.detector());
        m.put("suspicion", p.sinceLastHeartbeat() == null ? null : Math.round(p.suspicion() * 1e4) / 1e4);
        m.put("threshold", p.threshold());
        m.put("silentMs", p.sinceLastHeartbeat() == null ? null : ms(p.sinceLastHeartbeat()));
        m.put("meanMs", p.meanInterval() == null ? null : ms(p.meanInterval()));
        m.put("stdDevMs", p.stdDevInterval() == null ? null : ms(p.stdDevInterval()));
        m.put("samples", p.intervalSamples());
        m.put("heartbeats", p.heartbeats());
        m.put("lost", p.lost());
        m.put("late", p.late());
        m.put("duplicates", p.duplicates());
        m.put("restarts", p.restarts());
        m.put("suspicions", p.suspicions());
        m.put("suspectedMs", ms(p.suspectedTotal()));
        m.put("lastSuspicionMs", p.lastSuspicion() == null ? null : ms(p.lastSuspicion()));
        m.put("rttMs", p.rtt() == null ? null : ms(p.rtt()));
        m.put("acks", p.acks());
        return Json.write(m);
    }

    static String stopJson(long elapsedMs, TransportStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "stop");
        m.put("elapsedMs", elapsedMs);
        m.put("heartbeatsSent", s.heartbeatsSent());
        m.put("heartbeatsReceived", s.heartbeatsReceived());
        m.put("acksSent", s.acksSent());
        m.put("acksReceived", s.acksReceived());
        m.put("malformed", s.malformed());
        m.put("unknownSenders", s.unknownSenders());
        m.put("sendErrors", s.sendErrors());
        m.put("connects", s.connects());
        m.put("disconnects", s.disconnects());
        return Json.write(m);
    }

    /** Milliseconds with microsecond precision. */
    private static double ms(Duration d) {
        return Math.round(d.toNanos() / 1e3) / 1e3;
    }
}
