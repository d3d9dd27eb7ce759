package dev.keepalive.cli.demo;

import dev.keepalive.cli.Json;
import dev.keepalive.cli.Problems;
import dev.keepalive.http.Handler;
import dev.keepalive.http.Request;
import dev.keepalive.http.Response;
import dev.keepalive.websocket.WebSocketEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The page server's routes (the WebSocket {@code /ws} is mounted in front of it):
 * <pre>
 *   GET  /  /demo.js  /demo.css            the page: classpath resources dev/keepalive/cli/demo/
 *   GET  /kal-ws.js                        keepalive-websocket's browser client (also /_kal/kal-ws.js)
 *   GET  /api/snapshot                     the snapshot JSON
 *   POST /api/fault?layer=L&amp;kind=K         inject a fault: 200 {"ok":true,...}; 400/403/405/409 {"error":"..."}
 *                                          (403: an Origin header other than this server's: another site's page)
 * </pre>
 */
final class PageHandler implements Handler {
    private static final String JSON = "application/json";
    private final Demo demo;

    PageHandler(Demo demo) {
        this.demo = demo;
    }

    @Override
    public Response handle(Request request) {
        String path = request.path();
        boolean get = request.method().equals("GET") || request.method().equals("HEAD");
        switch (path) {
            case "/", "/index.html", "/demo.js", "/demo.css" -> {
                if (!get) {
                    return notAllowed(request, "GET");
                }
                String name = path.equals("/") ? "index.html" : path.substring(1);
                byte[] file = resource(name);
                if (file == null) {
                    return Response.text(404, "not found: " + path + "\n");
                }
                String type = name.endsWith(".js") ? "text/javascript; charset=utf-8"
                        : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
                return Response.of(200, type, file).header("Cache-Control", "no-cache");
            }
            case "/kal-ws.js" -> {
                return get ? WebSocketEndpoint.script() : notAllowed(request, "GET");
            }
            case "/api/snapshot" -> {
                return get ? json(200, demo.snapshotJson()).header("Cache-Control", "no-store")
                        : notAllowed(request, "GET");
            }
            case "/api/fault" -> {
                return request.method().equals("POST") ? fault(request) : notAllowed(request, "POST");
            }
            default -> {
                return Response.text(404, "not found: " + path + "\n");
            }
        }
    }

    private Response fault(Request request) {
        // Any web page the user has open could POST here (a "simple" request needs no CORS preflight):
        // browsers name the page's origin, so a fault from another origin is refused. curl sends none.
        String origin = request.header("Origin");
        String host = request.header("Host");
        if (origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host))) {
            return error(403, "faults are injected from the demo's own page only, not from origin " + origin);
        }
        String layer = request.queryParam("layer");
        String kind = request.queryParam("kind");
        try {
            String message = demo.fault(layer, kind);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", true);
            m.put("layer", layer);
            m.put("kind", kind);
            m.put("message", message);
            return json(200, Json.writeRounded(m, Demo.JSON_DECIMALS));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (IllegalStateException e) {
            return error(409, e.getMessage());
        }
    }

    private static Response error(int status, String message) {
        return json(status, Json.writeRounded(Map.of("error", Problems.oneLine(message)),
                Demo.JSON_DECIMALS));
    }

    private static Response json(int status, String body) {
        return Response.of(status, JSON, (body + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static Response notAllowed(Request request, String allowed) {
        return error(405, request.method() + " not allowed on " + request.path() + "; use " + allowed)
                .header("Allow", allowed);
    }

    /** A file of the page from the class path, or null when there is none. */
    static byte[] resource(String name) {
        try (InputStream in = PageHandler.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
