package dev.keepalive.cli;

import dev.keepalive.cli.ProbeReport.Basics;
import dev.keepalive.cli.ProbeReport.Http10;
import dev.keepalive.cli.ProbeReport.Idle;
import dev.keepalive.cli.ProbeReport.Latency;
import dev.keepalive.cli.ProbeReport.MaxRequests;
import dev.keepalive.cli.ProbeReport.Stats;
import dev.keepalive.core.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code kal probe} for humans: two columns, measured facts first, then advice and warnings. */
final class ProbeTable {
    private static final String NONE = "-";

    private final StringBuilder sb = new StringBuilder(2048);

    private ProbeTable() {
    }

    static String render(ProbeReport r) {
        return new ProbeTable().table(r);
    }

    private String table(ProbeReport r) {
        sb.append("kal probe ").append(r.url()).append(" (took ").append(ProbeFormat.duration(r.elapsed().toNanos()))
                .append(")\n\n");
        Basics b = r.basics();
        row("response", b.statusLine() + (b.server() == null ? "" : ", Server: " + b.server()));
        row("persistent", b.persistent()
                ? "yes: " + b.requestsAnswered() + " of " + b.requestsSent() + " requests on one connection"
                : "no: " + b.notPersistent());
        row("Connection", b.connection() == null ? NONE : b.connection());
        row("Keep-Alive", b.keepAlive() == null ? NONE : b.keepAlive());
        row("HTTP/1.0", List.of(http10("plain", r.http10().plain()),
                http10("with Connection: keep-alive", r.http10().keepAlive())));
        row("idle timeout", idle(r.idle(), b));
        row("max requests", List.of(maxRequests(r.maxRequests(), b)));
        row("latency", latency(r.latency()));
        if (r.latency().tls() != null) {
            Stats t = r.latency().tls();
            row("TLS handshake", "first " + ProbeFormat.duration(r.latency().firstTls()) + ", then p50 "
                    + ProbeFormat.duration(t.p50()) + " p99 " + ProbeFormat.duration(t.p99())
                    + " (resumed sessions where the server allows)");
        }

        ProbeAdvice a = r.advice();
        sb.append("\nadvice\n");
        row("client idle TTL", (a.idleTtl() == null ? NONE : "<= " + Durations.format(a.idleTtl()))
                + " (" + a.idleBasis() + ")");
        row("client max requests", (a.maxRequests() < 0 ? NONE : "<= " + a.maxRequests()) + " (" + a.maxBasis() + ")");
        if (a.kalClient() != null) {
            row("kal client", a.kalClient() + "; it honours Connection: close and Keep-Alive: max itself");
        }
        sb.append('\n');
        if (a.warnings().isEmpty()) {
            sb.append("no warnings\n");
        }
        for (String w : a.warnings()) {
            sb.append("WARNING: ").append(w).append('\n');
        }
        return sb.toString();
    }

    private void row(String label, String value) {
        row(label, List.of(value));
    }

    private void row(String label, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            sb.append("  ").append(String.format("%-20s", i == 0 ? label : "")).append(lines.get(i)).append('\n');
        }
    }

    private static String http10(String name, Http10.Check c) {
        if (c.statusLine() == null) {
            return name + ": " + c.detail();
        }
        return name + ": " + (c.persisted() ? "persists" : "closes") + " (" + c.detail() + "; " + c.statusLine()
                + ", Connection: " + (c.connection() == null ? NONE : c.connection())
                + (c.keepAlive() == null ? "" : ", Keep-Alive: " + c.keepAlive()) + ")";
    }

    private static List<String> idle(Idle idle, Basics b) {
        List<String> lines = new ArrayList<>();
        String advertised = b.advertisedIdle() == null ? "; not advertised"
                : "; advertised " + Durations.format(b.advertisedIdle()) + " (Keep-Alive: timeout=)";
        switch (idle.result()) {
            case MEASURED -> {
                String samples = idle.samples().stream().map(d -> ProbeFormat.duration(d.toNanos()))
                        .collect(Collectors.joining(" "));
                lines.add(ProbeFormat.duration(idle.measured().toNanos()) + " measured (" + idle.samples().size()
                        + " connections closed after " + samples + " idle, by " + idle.signal() + ")" + advertised);
            }
            case NONE -> lines.add("no idle timeout up to " + Durations.format(idle.maxIdle())
                    + " (--max-idle): idle connections stayed open and answered" + advertised);
            case SILENT_DROP -> lines.add("idle connections dropped silently, "
                    + (idle.lowerBound() == null ? "within " : "between "
                            + ProbeFormat.duration(idle.lowerBound().toNanos()) + " and ")
                    + ProbeFormat.duration(idle.upperBound().toNanos()) + " (no FIN or RST)" + advertised);
            case NOT_PERSISTENT -> lines.add(NONE + " (the connection does not persist)");
            default -> lines.add("not measured: " + idle.detail());
        }
        if (!idle.verifications().isEmpty()) {
            String checks = idle.verifications().stream()
                    .map(v -> "after " + ProbeFormat.duration(v.idle().toNanos()) + " idle "
                            + (v.ok() ? "answered" : "FAILED: " + v.detail()))
                    .collect(Collectors.joining("; "));
            lines.add((idle.result() == Idle.Result.MEASURED ? "verified: " : "requests: ") + checks);
        }
        if (idle.detail() != null && idle.result() != Idle.Result.FAILED
                && idle.result() != Idle.Result.NOT_PERSISTENT) {
            lines.add("note: " + idle.detail());
        }
        return lines;
    }

    private static String maxRequests(MaxRequests m, Basics b) {
        String advertised = b.advertisedMax() < 0 ? "; not advertised"
                : "; advertised " + b.advertisedMax() + " (Keep-Alive: max=" + (b.advertisedMax() - 1)
                        + " on the first response)";
        return switch (m.result()) {
            case CONNECTION_CLOSE -> m.count() + " (Connection: close on response " + m.count() + ")" + advertised;
            case CLOSED_WITHOUT_NOTICE -> m.count() + " (then closed without Connection: close: " + m.detail() + ")"
                    + advertised;
            case NONE -> "no limit up to " + m.limit() + " (--max-requests-probe)" + advertised;
            case NOT_PERSISTENT -> "1 (the connection does not persist)";
            case FAILED -> "not measured: " + m.detail();
        };
    }

    private static List<String> latency(Latency l) {
        List<String> lines = new ArrayList<>();
        lines.add("new connection " + stats(l.newConnection())
                + (l.connect() == null ? "" : ", of which connect p50 " + ProbeFormat.duration(l.connect().p50())));
        lines.add("reused         " + stats(l.reused())
                + (l.reconnects() == 0 ? "" : ", " + l.reconnects()
                        + (l.reconnects() == 1 ? " reconnect" : " reconnects") + " at the server's limit"));
        if (l.detail() != null) {
            lines.add("note: " + l.detail());
        }
        return lines;
    }

    private static String stats(Stats s) {
        if (s == null) {
            return NONE;
        }
        return "p50 " + ProbeFormat.duration(s.p50()) + "  p99 " + ProbeFormat.duration(s.p99()) + "  (" + s.count()
                + " samples)";
    }
}
