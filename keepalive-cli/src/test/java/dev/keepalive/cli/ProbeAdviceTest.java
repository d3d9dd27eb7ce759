package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepalive.cli.ProbeReport.Basics;
import dev.keepalive.cli.ProbeReport.Idle;
import dev.keepalive.cli.ProbeReport.Idle.Verification;
import dev.keepalive.cli.ProbeReport.MaxRequests;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Safe client settings and warnings from measurements, without sockets. */
class ProbeAdviceTest {

    static Basics basics(Integer timeoutSeconds, long advertisedMax) {
        return new Basics("HTTP/1.1 200 OK", "HTTP/1.1", 200, null, true, 3, 3, null, null,
                timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds), advertisedMax, null);
    }

    static Idle measured(long millis, Verification... verifications) {
        Duration d = Duration.ofMillis(millis);
        return new Idle(Idle.Result.MEASURED, d, List.of(d, d, d), "FIN", Duration.ofSeconds(120),
                List.of(verifications), null, null, null);
    }

    static MaxRequests closeAfter(int n) {
        return new MaxRequests(MaxRequests.Result.CONNECTION_CLOSE, n, 1000, null);
    }

    @ParameterizedTest(name = "idle timeout {0} ms -> client idle TTL {1} ms")
    @CsvSource({"3000, 2000", "4000, 3000", "75000, 67000", "120000, 108000", "10000, 9000", "1000, 500",
            "1500, 800", "2998, 2000", "200, 100", "99, 0"})
    void idleTtlLeavesASecondOrTenPercentWhicheverIsMore(long idleMillis, long ttlMillis) {
        assertEquals(Duration.ofMillis(ttlMillis).toNanos(),
                ProbeAdvice.idleTtlNanos(Duration.ofMillis(idleMillis).toNanos()));
    }

    @Test
    void honestServerGetsNoWarning() {
        ProbeAdvice a = ProbeAdvice.of(basics(3, 20), measured(3_010), closeAfter(20));
        assertEquals(List.of(), a.warnings());
        assertEquals(Duration.ofSeconds(2), a.idleTtl());
        assertEquals(20, a.maxRequests());
        assertEquals("ClientOptions.builder().idleTtl(Duration.ofSeconds(2))", a.kalClient());
    }

    @ParameterizedTest(name = "advertised timeout={0}, enforced {1} ms: warning {2}")
    @CsvSource({
        "10, 1000, true",   // the dangerous way: clients reuse what the server closed
        "5, 4000, true",    // 1 s more than enforced is beyond 500 ms
        "4, 4300, false",   // within the error
        "2, 2900, false",   // whole seconds, rounded down: not a lie
        "1, 10000, true",   // clients drop connections far too early
        "75, 75020, false"})
    void advertisedTimeoutIsComparedWithTheMeasuredOne(int advertised, long enforcedMillis, boolean warns) {
        ProbeAdvice a = ProbeAdvice.of(basics(advertised, -1), measured(enforcedMillis), closeAfter(100));
        assertEquals(warns, a.warnings().stream().anyMatch(w -> w.contains("Keep-Alive: timeout=" + advertised)),
                a.warnings().toString());
    }

    @Test
    void advertisedMaxIsComparedWithTheEnforcedOne() {
        ProbeAdvice a = ProbeAdvice.of(basics(null, 100), measured(5_000), closeAfter(5));
        assertEquals(List.of("the server advertises Keep-Alive: max=99 on the first response (100 requests per"
                + " connection) but closed the connection after 5"), a.warnings());
        MaxRequests none = new MaxRequests(MaxRequests.Result.NONE, 1000, 1000, null);
        assertEquals(List.of("the server advertises Keep-Alive: max=49 on the first response (50 requests per"
                + " connection) but answered 1000 on one connection"),
                ProbeAdvice.of(basics(null, 50), measured(5_000), none).warnings());
        assertEquals(-1, ProbeAdvice.of(basics(null, -1), measured(5_000), none).maxRequests());
    }

    @Test
    void failedVerificationWarnsAndLowersTheAdvice() {
        Verification failed = new Verification(Duration.ofMillis(2_500), false, "closed by the server (FIN)");
        ProbeAdvice a = ProbeAdvice.of(basics(null, -1), measured(3_000, failed), closeAfter(100));
        assertEquals(1, a.warnings().size(), a.warnings().toString());
        assertTrue(a.warnings().get(0).startsWith("a connection idle for 2.50s, under the measured 3.00s, was not"
                + " usable"), a.warnings().get(0));
        assertEquals(Duration.ofMillis(1_500), a.idleTtl());
    }

    @Test
    void noIdleTimeoutAdvisesUnderMaxIdleAndWarnsOnlyWhenTheHeaderSaysLess() {
        Idle none = new Idle(Idle.Result.NONE, null, List.of(), null, Duration.ofSeconds(120), List.of(), null, null,
                null);
        ProbeAdvice a = ProbeAdvice.of(basics(null, -1), none, closeAfter(100));
        assertEquals(Duration.ofSeconds(108), a.idleTtl());
        assertEquals(List.of(), a.warnings());
        assertEquals(1, ProbeAdvice.of(basics(5, -1), none, closeAfter(100)).warnings().size());
        assertEquals(List.of(), ProbeAdvice.of(basics(300, -1), none, closeAfter(100)).warnings(),
                "300 s is beyond --max-idle: not contradicted");
    }

    @Test
    void tooShortIdleTimeoutAdvisesNoReuse() {
        ProbeAdvice a = ProbeAdvice.of(basics(null, -1), measured(40), closeAfter(100));
        assertNull(a.idleTtl());
        assertTrue(a.idleBasis().contains("don't keep them for reuse"), a.idleBasis());
        assertNull(a.kalClient());
    }
}
