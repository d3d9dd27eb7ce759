package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.cli.ProbeReport.Http10;
import dev.keepalive.cli.ProbeReport.Idle.Verification;
import dev.keepalive.cli.ProbeReport.Latency;
import dev.keepalive.cli.ProbeReport.Stats;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code kal probe --json} and the table, from a report built by hand. */
class ProbeJsonTest {

    static ProbeReport report() {
        var basics = ProbeAdviceTest.basics(3, 20);
        var idle = ProbeAdviceTest.measured(3_001, new Verification(Duration.ofMillis(2_500), true, "HTTP/1.1 200 OK"));
        var max = ProbeAdviceTest.closeAfter(20);
        var http10 = new Http10(new Http10.Check("HTTP/1.1 200 OK", "close", null, false, "a second request got FIN"),
                new Http10.Check("HTTP/1.1 200 OK", "keep-alive", "timeout=3, max=19", true,
                        "a second request was answered"));
        var latency = new Latency(50, new Stats(50, 412_345, 1_200_000), new Stats(50, 90_000, 300_000),
                new Stats(50, 100_000, 200_000), null, 0, 2, null);
        return new ProbeReport("http://127.0.0.1:8080/", Duration.ofMillis(3_456), basics, http10, idle, max, latency,
                ProbeAdvice.of(basics, idle, max));
    }

    @Test
    void jsonHasEveryMeasurementInMillisecondsAndNullsForAbsentValues() {
        String json = ProbeJson.render(report());
        assertTrue(json.startsWith("{\"url\":\"http://127.0.0.1:8080/\",\"elapsedMs\":3456,\"statusLine\":"
                + "\"HTTP/1.1 200 OK\",\"httpVersion\":\"HTTP/1.1\",\"status\":200,\"server\":null,"
                + "\"persistent\":true,"), json);
        assertTrue(json.contains("\"advertised\":{\"idleTimeoutMs\":3000,\"maxRequests\":20}"), json);
        assertTrue(json.contains("\"idleTimeout\":{\"result\":\"measured\",\"measuredMs\":3001,"
                + "\"samplesMs\":[3001,3001,3001],\"closedBy\":\"FIN\",\"maxIdleMs\":120000,"
                + "\"verifications\":[{\"idleMs\":2500,\"ok\":true,\"detail\":\"HTTP/1.1 200 OK\"}]"), json);
        assertTrue(json.contains("\"maxRequests\":{\"result\":\"connection-close\",\"enforced\":20,"), json);
        assertTrue(json.contains("\"newConnection\":{\"count\":50,\"p50Ms\":0.412,\"p99Ms\":1.2}"), json);
        assertTrue(json.contains("\"tlsHandshake\":null"), json);
        assertTrue(json.contains("\"advice\":{\"idleTtlMs\":2000,"), json);
        assertTrue(json.endsWith(",\"warnings\":[]}\n"), json);
    }

    @Test
    void tableShowsMeasuredAdvertisedAdviceAndNoWarnings() {
        String table = ProbeTable.render(report());
        assertTrue(table.startsWith("kal probe http://127.0.0.1:8080/ (took 3.46s)\n\n"), table);
        assertTrue(table.contains("\n  idle timeout        3.00s measured (3 connections closed after 3.00s 3.00s"
                + " 3.00s idle, by FIN); advertised 3s (Keep-Alive: timeout=)\n"
                + "                      verified: after 2.50s idle answered\n"), table);
        assertTrue(table.contains("\n  max requests        20 (Connection: close on response 20); advertised 20"
                + " (Keep-Alive: max=19 on the first response)\n"), table);
        assertTrue(table.contains("\n  client idle TTL     <= 2s ("), table);
        assertTrue(table.endsWith("\nno warnings\n"), table);
    }

    @Test
    void durationsReadWell() {
        assertEquals("0.41ms", ProbeFormat.duration(412_345));
        assertEquals("12.3ms", ProbeFormat.duration(12_345_678));
        assertEquals("250ms", ProbeFormat.duration(250_000_000));
        assertEquals("3.00s", ProbeFormat.duration(3_001_000_000L));
        assertEquals("75.0s", ProbeFormat.duration(75_000_000_000L));
        assertEquals("120s", ProbeFormat.duration(120_000_000_000L));
        assertEquals("1.00s", ProbeFormat.duration(999_600_000), "not 1000ms");
        assertEquals("10.0ms", ProbeFormat.duration(9_999_000), "not 10.00ms");
    }
}
