package dev.keepalive.websocket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.core.RealTime;
import dev.keepalive.http.Handler;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.Response;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * kal-ws.js in headless Chromium: the page connects, sends app-level heartbeats that the server
 * answers, the server stops and starts again on the same port, and the page reconnects by itself.
 */
class BrowserTest {
    private static Handler page() throws Exception {
        byte[] html;
        try (InputStream in = BrowserTest.class.getResourceAsStream("page.html")) {
            html = in.readAllBytes();
        }
        return Handler.nonBlocking(request -> request.path().equals("/page.html")
                ? Response.of(200, "text/html; charset=utf-8", html)
                : Response.text(404, "not found\n"));
    }

    private static int count(String events, String type) {
        Matcher m = Pattern.compile("\"type\":\"" + type + "\"").matcher(events);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void pageHeartbeatsAndReconnectsAfterServerRestart() throws Exception {
        NodeTools.requireChromium();
        WebSocketEndpoint endpoint = WebSocketEndpoint.echo(Servers.ws().build());
        Handler handler = endpoint.mount("/ws/echo", page());
        HttpServer server = Servers.start(handler);
        int port = server.port();
        try (NodeTools.NodeProcess browser = new NodeTools.NodeProcess("browser.js", "http://127.0.0.1:" + port,
                NodeTools.DIR.toString())) {
            String phase1 = browser.await("phase1:", 40_000);
            assertTrue(count(phase1, "heartbeat") >= 3, phase1);
            assertTrue(endpoint.stats().appHeartbeats() >= 3, "the server answered them: " + endpoint.stats());
            assertTrue(count(phase1, "message") == 0, "heartbeat answers never reach the page's app: " + phase1);

            server.close(); // graceful: the page hears 1001
            RealTime.sleep(600, "long enough for refused reconnects (backoff base 100 ms)");
            server = Servers.start(handler, port);
            browser.send("restarted");

            String phase2 = browser.await("phase2:", 30_000);
            assertTrue(phase2.contains("{\"type\":\"close\",\"code\":1001}"), "went away with 1001: " + phase2);
            assertTrue(count(phase2, "retry") >= 2, "retried while the server was down: " + phase2);
            assertTrue(count(phase2, "reconnect") == 1, phase2);
            assertTrue(count(phase2, "open") == 2, phase2);
            assertTrue(phase2.contains("{\"type\":\"message\",\"data\":\"resubscribed\"}"),
                    "the reconnect hook ran and its message was echoed: " + phase2);
            assertFalse(phase2.contains("no heartbeat answer"), "never took the live server for dead: " + phase2);
        } finally {
            server.close();
        }
    }

    @Test
    void pageDeclaresASilentServerDeadAndReconnects() throws Exception {
        NodeTools.requireChromium();
        // neither answers heartbeats nor sends anything: to the page it is a dead server
        WebSocketEndpoint silent = WebSocketEndpoint.create(Servers.ws().appHeartbeats(false).build(),
                (request, subprotocol) -> new WebSocketListener() { });
        try (HttpServer server = Servers.start(silent.mount("/ws/echo", page()));
             NodeTools.NodeProcess browser = new NodeTools.NodeProcess("browser.js",
                     "http://127.0.0.1:" + server.port(), NodeTools.DIR.toString(), "dead")) {
            String events = browser.await("dead:", 40_000);
            assertTrue(events.contains("no heartbeat answer within 400 ms (after 0 answered)"), events);
            assertTrue(events.contains("{\"type\":\"close\",\"code\":1006}"), "reported as 1006: " + events);
            assertTrue(count(events, "heartbeat") == 0, events);
            assertTrue(silent.stats().appHeartbeats() == 0 && silent.stats().opened() >= 1, silent.stats().toString());
        }
    }
}
