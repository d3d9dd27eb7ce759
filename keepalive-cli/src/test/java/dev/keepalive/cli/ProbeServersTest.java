package dev.keepalive.cli;

import static dev.keepalive.cli.ProbeAcceptanceTest.assertWithinTenPercent;
import static dev.keepalive.cli.ProbeAcceptanceTest.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.cli.ProbeReport.Idle;
import dev.keepalive.cli.ProbeReport.MaxRequests;
import dev.keepalive.http.HttpServer;
import dev.keepalive.http.ServerOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code kal probe} against servers that end connections in every way a real one does, or fails to. */
class ProbeServersTest {

    static ProbeOptions options(Duration maxIdle) {
        return ProbeOptions.builder().maxIdle(maxIdle).samples(3).maxRequestsProbe(50)
                .timeout(Duration.ofMillis(500)).build();
    }

    @Test
    void idleCloseByResetIsMeasuredAndNamed() throws Exception {
        try (TinyServer server = new TinyServer().idleClose(Duration.ofSeconds(1), TinyServer.IdleEnd.RST).start()) {
            ProbeReport r = probe(server.url(), options(Duration.ofSeconds(10)));
            assertEquals(Idle.Result.MEASURED, r.idle().result(), r.idle().toString());
            assertWithinTenPercent(Duration.ofSeconds(1), r.idle().measured());
            assertEquals("RST", r.idle().signal());
            assertEquals(Duration.ofMillis(500), r.advice().idleTtl(), "T/2 when T - 1 s leaves nothing");
        }
    }

    @Test
    void a408BeforeTheIdleCloseCountsAsTheClose() throws Exception {
        try (TinyServer server = new TinyServer()
                .idleClose(Duration.ofSeconds(1), TinyServer.IdleEnd.RESPONSE_408).start()) {
            ProbeReport r = probe(server.url(), options(Duration.ofSeconds(10)));
            assertEquals(Idle.Result.MEASURED, r.idle().result(), r.idle().toString());
            assertWithinTenPercent(Duration.ofSeconds(1), r.idle().measured());
            assertEquals("sent 'HTTP/1.1 408 Request Timeout'", r.idle().signal());
        }
    }

    @Test
    void silentDropIsBracketedByRequestsAndWarned() throws Exception {
        try (TinyServer server = new TinyServer()
                .idleClose(Duration.ofSeconds(1), TinyServer.IdleEnd.SILENT).start()) {
            ProbeReport r = probe(server.url(), options(Duration.ofSeconds(2)));
            Idle idle = r.idle();
            assertEquals(Idle.Result.SILENT_DROP, idle.result(), idle.toString());
            assertNotNull(idle.lowerBound(), idle.toString());
            assertTrue(idle.lowerBound().compareTo(Duration.ofSeconds(1)) <= 0, idle.toString());
            assertTrue(idle.upperBound().compareTo(Duration.ofSeconds(1)) >= 0, idle.toString());
            assertTrue(idle.upperBound().compareTo(Duration.ofSeconds(2)) <= 0, idle.toString());
            assertTrue(r.advice().idleTtl().compareTo(idle.lowerBound()) < 0, r.advice().toString());
            assertTrue(r.advice().warnings().stream().anyMatch(w -> w.contains("with no FIN or RST")),
                    r.advice().warnings().toString());
        }
    }

    @Test
    void noIdleTimeoutUpToMaxIdleIsSaidSo() throws Exception {
        ServerOptions options = ServerOptions.builder().port(0).eventLoops(1).idleTimeout(Duration.ofSeconds(30))
                .drainTimeout(Duration.ofSeconds(1)).build();
        try (HttpServer server = HttpServer.start(options, new DemoRoutes(() -> null))) {
            ProbeReport r = probe("http://127.0.0.1:" + server.port() + "/", options(Duration.ofSeconds(1)));
            assertEquals(Idle.Result.NONE, r.idle().result(), r.idle().toString());
            assertEquals(IdleTimeoutProbe.PRIMARIES, r.idle().verifications().size());
            r.idle().verifications().forEach(v -> assertTrue(v.ok(), v.toString()));
            assertEquals(MaxRequests.Result.NONE, r.maxRequests().result());
            assertEquals(50, r.maxRequests().count());
            assertEquals(List.of(), r.advice().warnings(), "timeout=30 is beyond --max-idle: nothing to contradict");
            String table = ProbeTable.render(r);
            assertTrue(table.contains("no idle timeout up to 1s (--max-idle)"), table);
            assertTrue(table.contains("no limit up to 50 (--max-requests-probe)"), table);
        }
    }

    @Test
    void closingAfterNRequestsWithoutConnectionCloseIsWarned() throws Exception {
        try (TinyServer server = new TinyServer().maxRequests(4, false).start()) {
            ProbeReport r = probe(server.url(), options(Duration.ofSeconds(1)));
            assertEquals(MaxRequests.Result.CLOSED_WITHOUT_NOTICE, r.maxRequests().result());
            assertEquals(4, r.maxRequests().enforced());
            assertEquals(4, r.advice().maxRequests());
            assertTrue(r.advice().warnings().stream().anyMatch(w -> w.contains("after 4 requests without Connection:"
                    + " close")), r.advice().warnings().toString());
        }
    }

    @Test
    void serverThatClosesAfterEveryResponseIsNotPersistent() throws Exception {
        try (TinyServer server = new TinyServer().maxRequests(1, true).start()) {
            ProbeReport r = probe(server.url(), options(Duration.ofSeconds(5)));
            assertFalse(r.basics().persistent());
            assertEquals("the response says Connection: close", r.basics().notPersistent());
            assertEquals(Idle.Result.NOT_PERSISTENT, r.idle().result());
            assertEquals(MaxRequests.Result.NOT_PERSISTENT, r.maxRequests().result());
            assertNull(r.latency().reused());
            assertNotNull(r.latency().newConnection());
            assertNull(r.advice().idleTtl());
            assertTrue(r.elapsed().compareTo(Duration.ofSeconds(2)) < 0, "nothing to wait for: " + r.elapsed());
        }
    }
}
