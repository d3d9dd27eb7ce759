package dev.keepalive.cli;

import dev.keepalive.cli.ProbeReport.Basics;
import dev.keepalive.cli.ProbeReport.Http10;
import dev.keepalive.cli.ProbeReport.Idle;
import dev.keepalive.cli.ProbeReport.Latency;
import dev.keepalive.cli.ProbeReport.MaxRequests;
import dev.keepalive.cli.ProbeReport.Stats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code kal probe --json}: the report as one JSON object for machines. Durations are milliseconds
 * (keys end in {@code Ms}), absent values are {@code null}, enums are lower-case with dashes.
 */
final class ProbeJson {
    private ProbeJson() {
    }

    static String render(ProbeReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("url", r.url());
        root.put("elapsedMs", ms(r.elapsed()));
        Basics b = r.basics();
        root.put("statusLine", b.statusLine());
        root.put("httpVersion", b.version());
        root.put("status", b.status());
        root.put("server", b.server());
        root.put("persistent", b.persistent());
        root.put("requestsOnOneConnection", b.requestsAnswered());
        root.put("notPersistentReason", b.notPersistent());
        root.put("connectionHeader", b.connection());
        root.put("keepAliveHeader", b.keepAlive());
        Map<String, Object> advertised = new LinkedHashMap<>();
        advertised.put("idleTimeoutMs", b.advertisedIdle() == null ? null : ms(b.advertisedIdle()));
        advertised.put("maxRequests", b.advertisedMax() < 0 ? null : b.advertisedMax());
        root.put("advertised", advertised);
        Map<String, Object> http10 = new LinkedHashMap<>();
        http10.put("plain", check(r.http10().plain()));
        http10.put("keepAlive", check(r.http10().keepAlive()));
        root.put("http10", http10);
        root.put("idleTimeout", idle(r.idle()));
        root.put("maxRequests", maxRequests(r.maxRequests()));
        root.put("latency", latency(r.latency()));
        ProbeAdvice a = r.advice();
        Map<String, Object> advice = new LinkedHashMap<>();
        advice.put("idleTtlMs", a.idleTtl() == null ? null : ms(a.idleTtl()));
        advice.put("idleTtlBasis", a.idleBasis());
        advice.put("maxRequests", a.maxRequests() < 0 ? null : a.maxRequests());
        advice.put("maxRequestsBasis", a.maxBasis());
        root.put("advice", advice);
        root.put("warnings", a.warnings());
        StringBuilder sb = new StringBuilder(2048);
        Json.write(sb, root);
        return sb.append('\n').toString();
    }

    private static Map<String, Object> check(Http10.Check c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statusLine", c.statusLine());
        m.put("connectionHeader", c.connection());
        m.put("keepAliveHeader", c.keepAlive());
        m.put("persistent", c.persisted());
        m.put("detail", c.detail());
        return m;
    }

    private static Map<String, Object> idle(Idle idle) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", name(idle.result()));
        m.put("measuredMs", idle.measured() == null ? null : ms(idle.measured()));
        m.put("samplesMs", idle.samples().stream().map(ProbeJson::ms).toList());
        m.put("closedBy", idle.signal());
        m.put("maxIdleMs", ms(idle.maxIdle()));
        m.put("verifications", idle.verifications().stream().map(v -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("idleMs", ms(v.idle()));
            x.put("ok", v.ok());
            x.put("detail", v.detail());
            return x;
        }).toList());
        m.put("lowerBoundMs", idle.lowerBound() == null ? null : ms(idle.lowerBound()));
        m.put("upperBoundMs", idle.upperBound() == null ? null : ms(idle.upperBound()));
        m.put("detail", idle.detail());
        return m;
    }

    private static Map<String, Object> maxRequests(MaxRequests mr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", name(mr.result()));
        m.put("enforced", mr.enforced() < 0 ? null : mr.enforced());
        m.put("answered", mr.count());
        m.put("probeLimit", mr.limit());
        m.put("detail", mr.detail());
        return m;
    }

    private static Map<String, Object> latency(Latency l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", l.samples());
        m.put("newConnection", stats(l.newConnection()));
        m.put("reused", stats(l.reused()));
        m.put("connect", stats(l.connect()));
        m.put("tlsHandshake", stats(l.tls()));
        m.put("firstTlsHandshakeMs", l.tls() == null ? null : ProbeFormat.millis(l.firstTls()));
        m.put("reconnects", l.reconnects());
        m.put("detail", l.detail());
        return m;
    }

    private static Map<String, Object> stats(Stats s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("p50Ms", ProbeFormat.millis(s.p50()));
        m.put("p99Ms", ProbeFormat.millis(s.p99()));
        return m;
    }

    private static double ms(Duration d) {
        return ProbeFormat.millis(d.toNanos());
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
