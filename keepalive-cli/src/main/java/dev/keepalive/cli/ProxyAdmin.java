package dev.keepalive.cli;

import dev.keepalive.core.Durations;
import dev.keepalive.http.Handler;
import dev.keepalive.http.Request;
import dev.keepalive.http.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The admin API of {@code kal proxy}:
 * <pre>
 *   GET  /flows                        per-flow stats and the current faults, as JSON
 *   POST /blackhole?on=1|0
 *   POST /idle-drop?after=2s           0 turns it off
 *   POST /latency?ms=100[&amp;jitter=20]
 *   POST /bandwidth?rate=64KiB         bytes per second per direction; 0 = unlimited
 *   POST /slow-close?after=5s
 *   POST /limit-data?bytes=N           0 = no limit
 *   POST /drop                         every current flow stops forwarding forever (no FIN, no RST)
 *   POST /reset                        RST on every flow
 *   POST /close                        FIN on every flow
 * </pre>
 * A bad request gets a 400 whose one line names the parameter and quotes the value.
 */
final class ProxyAdmin implements Handler {
    private static final String JSON = "application/json";

    private final FaultProxy proxy;

    ProxyAdmin(FaultProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public boolean isNonBlocking(Request request) {
        return false;
    }

    @Override
    public Response handle(Request request) {
        String path = request.path();
        boolean get = request.method().equals("GET");
        if (path.equals("/flows") || path.equals("/")) {
            return get ? Response.of(200, JSON, json().getBytes(StandardCharsets.UTF_8)) : notAllowed(request, "GET");
        }
        if (!request.method().equals("POST")) {
            return switch (path) {
                case "/blackhole", "/idle-drop", "/latency", "/bandwidth", "/slow-close", "/limit-data", "/drop",
                        "/reset", "/close" -> notAllowed(request, "POST");
                default -> Response.text(404, "not found: " + path + "\n");
            };
        }
        try {
            return switch (path) {
                case "/blackhole" -> {
                    boolean on = flag(request, "on");
                    yield changed(proxy.update(o -> o.toBuilder().blackhole(on).build()));
                }
                case "/idle-drop" -> {
                    Duration after = duration(request, "after");
                    yield changed(proxy.update(o -> o.toBuilder().idleDrop(after).build()));
                }
                case "/slow-close" -> {
                    Duration after = duration(request, "after");
                    yield changed(proxy.update(o -> o.toBuilder().slowClose(after).build()));
                }
                case "/latency" -> {
                    Duration ms = Duration.ofMillis(number(request, "ms", true));
                    Duration jitter = Duration.ofMillis(number(request, "jitter", false));
                    yield changed(proxy.update(o -> o.toBuilder().latency(ms).jitter(jitter).build()));
                }
                case "/bandwidth" -> {
                    long rate = size(request, "rate");
                    yield changed(proxy.update(o -> o.toBuilder().bandwidth(rate).build()));
                }
                case "/limit-data" -> {
                    long bytes = size(request, "bytes");
                    yield changed(proxy.update(o -> o.toBuilder().limitData(bytes).build()));
                }
                case "/drop" -> Response.text(200, "dropped " + proxy.dropAll() + " flows\n");
                case "/reset" -> Response.text(200, "reset " + proxy.resetAll() + " flows\n");
                case "/close" -> Response.text(200, "closed " + proxy.closeAll() + " flows\n");
                default -> Response.text(404, "not found: " + path + "\n");
            };
        } catch (IllegalArgumentException e) {
            return Response.text(400, Problems.oneLine(e) + "\n");
        }
    }

    private static Response changed(ProxyOptions o) {
        return Response.text(200, o.describe() + "\n");
    }

    private static Response notAllowed(Request request, String allowed) {
        return Response.text(405, request.method() + " not allowed on " + request.path() + "; use " + allowed + "\n")
                .header("Allow", allowed);
    }

    private static String required(Request request, String name) {
        String v = request.queryParam(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(name + ": missing (e.g. " + request.path() + "?" + name + "=...)");
        }
        return v;
    }

    private static boolean flag(Request request, String name) {
        String v = required(request, name);
        return switch (v) {
            case "1", "true", "on" -> true;
            case "0", "false", "off" -> false;
            default -> throw new IllegalArgumentException(name + ": expected 1 or 0: '" + v + "'");
        };
    }

    private static Duration duration(Request request, String name) {
        String v = required(request, name);
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    private static long number(Request request, String name, boolean isRequired) {
        String v = isRequired ? required(request, name) : request.queryParam(name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > TimeUnit.HOURS.toMillis(1)) {
                throw new IllegalArgumentException(name + ": must be in 0..3600000 ms: '" + v + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a whole number of milliseconds: '" + v + "'");
        }
    }

    private static long size(Request request, String name) {
        String v = required(request, name);
        try {
            return ProxyCommand.parseSize(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    private String json() {
        long now = proxy.ticker().nanoTime();
        ProxyOptions o = proxy.options();
        Map<String, Object> faults = new LinkedHashMap<>();
        faults.put("latency_ms", o.latency().toMillis());
        faults.put("jitter_ms", o.jitter().toMillis());
        faults.put("bandwidth", o.bandwidth());
        faults.put("idle_drop_ms", o.idleDrop().toMillis());
        faults.put("blackhole", o.blackhole());
        faults.put("slow_close_ms", o.slowClose().toMillis());
        faults.put("limit_data", o.limitData());
        List<Map<String, Object>> flows = new ArrayList<>();
        for (Flow f : proxy.flows()) {
            var client = f.clientAddress();
            Map<String, Object> flow = new LinkedHashMap<>();
            flow.put("id", f.id());
            flow.put("client", client == null ? "" : client.getHostString() + ":" + client.getPort());
            flow.put("state", f.state().name().toLowerCase(Locale.ROOT));
            flow.put("bytes_up", f.bytesUp());
            flow.put("bytes_down", f.bytesDown());
            flow.put("age_ms", TimeUnit.NANOSECONDS.toMillis(f.ageNanos(now)));
            flow.put("idle_ms", TimeUnit.NANOSECONDS.toMillis(f.idleNanos(now)));
            flows.add(flow);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("upstream", proxy.upstream().getHostString() + ":" + proxy.upstream().getPort());
        m.put("accepted", proxy.accepted());
        m.put("upstream_failures", proxy.upstreamFailures());
        m.put("faults", faults);
        m.put("flows", flows);
        return Json.write(m) + "\n";
    }
}
