package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keepalive.core.CloseReason;
import dev.keepalive.core.TcpKeepAlive;
import dev.keepalive.http.ServerOptions;
import dev.keepalive.http.ServerStats;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up and shutdown lines of `kal serve`. */
class ServeOutputTest {

    @Test
    void startupLineShowsEveryEffectiveSettingForTheDefaults() {
        ServerOptions o = ServerOptions.defaults().toBuilder().eventLoops(2).build();
        assertEquals("kal serve listening on http://127.0.0.1:8080 (idle-timeout 75s, max-requests 1000, max-age 1h,"
                        + " header-timeout 20s, max-connections 10000, keep-alive header on, tcp-keepalive off, threads 2)",
                ServeCommand.startupLine(o, 8080));
    }

    @Test
    void startupLineShowsTheBoundPortAndNonDefaultSettings() {
        ServerOptions o = ServerOptions.builder().host("::1").port(0).idleTimeout(Duration.ofMillis(1500))
                .maxRequestsPerConnection(0).maxConnectionAge(Duration.ZERO).maxConnectionsPerIp(5)
                .keepAliveHeader(false).tcpKeepAlive(TcpKeepAlive.LONG_LIVED).eventLoops(1).build();
        assertEquals("kal serve listening on http://[::1]:41234 (idle-timeout 1500ms, max-requests unlimited,"
                        + " max-age unlimited, header-timeout 20s, max-connections 10000, max-connections-per-ip 5,"
                        + " keep-alive header off, tcp-keepalive 1m,10s,5 (dead peer dropped within 110s), threads 1)",
                ServeCommand.startupLine(o, 41234));
    }

    @Test
    void summaryListsTrafficReuseAndNonZeroClosesInReasonOrder() {
        Map<CloseReason, Long> closes = new EnumMap<>(CloseReason.class);
        for (CloseReason r : CloseReason.values()) {
            closes.put(r, 0L);
        }
        closes.put(CloseReason.PEER_CLOSED, 3L);
        closes.put(CloseReason.IDLE_TIMEOUT, 1L);
        ServerStats stats = new ServerStats(0, 0, 0, 4, 10, 0, closes);
        assertEquals("kal serve stopped after 62s: connections accepted 4, requests 10, reuse ratio 60.0%,"
                        + " requests per connection 2.5, closes IDLE_TIMEOUT 1, PEER_CLOSED 3",
                ServeCommand.summary(stats, Duration.ofMillis(62_700), true));
    }

    @Test
    void summaryWithoutTrafficSaysNoCloses() {
        ServerStats stats = new ServerStats(0, 0, 0, 0, 0, 0, new EnumMap<>(CloseReason.class));
        assertEquals("kal serve stopped after 2m: connections accepted 0, requests 0, reuse ratio 0.0%,"
                        + " requests per connection 0.0, closes none",
                ServeCommand.summary(stats, Duration.ofSeconds(120), true));
    }

    @Test
    void summarySaysWhenTheDrainTimeoutCutRequests() {
        ServerStats stats = new ServerStats(0, 0, 0, 1, 1, 0, Map.of(CloseReason.SHUTDOWN, 1L));
        assertEquals("kal serve stopped after 31s: connections accepted 1, requests 1, reuse ratio 0.0%,"
                        + " requests per connection 1.0, closes SHUTDOWN 1"
                        + " (drain timeout hit: in-flight requests were cut)",
                ServeCommand.summary(stats, Duration.ofSeconds(31), false));
    }

    @Test
    void queryNumbersAreWholeAndWithinTheCap() {
        assertEquals(0, DemoRoutes.wholeNumber("0", 10));
        assertEquals(10, DemoRoutes.wholeNumber("10", 10));
        assertEquals(-1, DemoRoutes.wholeNumber("11", 10));
        assertEquals(-1, DemoRoutes.wholeNumber("-1", 10));
        assertEquals(-1, DemoRoutes.wholeNumber("1.5", 10));
        assertEquals(-1, DemoRoutes.wholeNumber("", 10));
        assertEquals(-1, DemoRoutes.wholeNumber(null, 10));
        assertEquals(-1, DemoRoutes.wholeNumber("9999999999999999999999", Long.MAX_VALUE));
    }
}
