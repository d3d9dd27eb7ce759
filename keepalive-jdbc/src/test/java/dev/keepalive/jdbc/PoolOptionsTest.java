package dev.keepalive.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolOptionsTest {
    private static final String URL = "jdbc:postgresql://db/app";

    @Test
    void defaultsAreThoseOfDesignMd() {
        PoolOptions o = PoolOptions.builder(URL).build();
        assertEquals(10, o.maximumPoolSize());
        assertEquals(10, o.minimumIdle(), "minimum idle = maximum");
        assertEquals(Duration.ofSeconds(30), o.connectionTimeout());
        assertEquals(Duration.ofSeconds(5), o.validationTimeout());
        assertEquals(Duration.ofMinutes(2), o.keepaliveTime());
        assertEquals(Duration.ofMillis(500), o.validateAfterIdle());
        assertEquals(Duration.ofMinutes(10), o.idleTimeout());
        assertEquals(Duration.ofMinutes(30), o.maxLifetime());
        assertEquals(Duration.ZERO, o.leakDetectionThreshold(), "leak detection off");
        assertNull(o.testQuery(), "Connection.isValid");
        assertEquals("pool", o.poolName());
        assertTrue(o.keepaliveEnabled());
    }

    @Test
    void minimumIdleFollowsMaximumUnlessSet() {
        assertEquals(4, PoolOptions.builder(URL).maximumPoolSize(4).build().minimumIdle());
        assertEquals(1, PoolOptions.builder(URL).maximumPoolSize(4).minimumIdle(1).build().minimumIdle());
    }

    @Test
    void toStringNeverShowsThePassword() {
        String s = PoolOptions.builder(URL).user("app").password("s3cret").build().toString();
        assertTrue(s.contains("user=app"), s);
        assertFalse(s.contains("s3cret"), s);
    }

    @Test
    void toBuilderRoundTrips() {
        PoolOptions o = PoolOptions.builder(URL).user("u").property("ApplicationName", "x").maximumPoolSize(3)
                .minimumIdle(2).keepaliveTime(Duration.ofSeconds(30)).testQuery("select 1").initSql("set x").build();
        assertEquals(o, o.toBuilder().build());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of((UnaryOperator<PoolOptions.Builder>) b -> b.maximumPoolSize(0), "maximumPoolSize must be in 1..10000: 0"),
                Arguments.of((UnaryOperator<PoolOptions.Builder>) b -> b.maximumPoolSize(5).minimumIdle(6), "minimumIdle must be in 0..5: 6"),
                Arguments.of((UnaryOperator<PoolOptions.Builder>) b -> b.connectionTimeout(Duration.ZERO), "connectionTimeout must be in (0s, 365d]: 0s"),
                Arguments.of((UnaryOperator<PoolOptions.Builder>) b -> b.validationTimeout(Duration.ofSeconds(31)),
                        "validationTimeout must be <= connectionTimeout (30s): 31s"),
                Arguments.of((UnaryOperator<PoolOptions.Builder>) b -> b.keepaliveTime(Duration.ofMillis(5)),
                        "keepaliveTime must be 0 (off) or in [10ms, 365d]: 5ms"),
                Arguments.of((UnaryOperator<PoolOptions.Builder>) b -> b.keepaliveTime(Duration.ofMinutes(30)),
                        "keepaliveTime must be shorter than maxLifetime (30m): 30m"),
                Arguments.of((UnaryOperator<PoolOptions.Builder>) b -> b.maxLifetime(Duration.ofMillis(500)),
                        "maxLifetime must be 0 (off) or in [1s, 365d]: 500ms"),
                Arguments.of((UnaryOperator<PoolOptions.Builder>) b -> b.idleTimeout(Duration.ofSeconds(-1)), "idleTimeout must be in [0s, 365d]: -1s"),
                Arguments.of((UnaryOperator<PoolOptions.Builder>) b -> b.poolName(" "), "poolName must not be blank: ' '"),
                Arguments.of((UnaryOperator<PoolOptions.Builder>) b -> b.testQuery(""), "testQuery must be null (use isValid) or a query: ''"),
                Arguments.of((UnaryOperator<PoolOptions.Builder>) b -> b.jdbcUrl(null),
                        "jdbcUrl must be set when dataSource is not, and not both: jdbcUrl=null, dataSource=null"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void badValuesAreRefusedWithNameValueAndRange(UnaryOperator<PoolOptions.Builder> change, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(PoolOptions.builder(URL)).build());
        assertEquals(message, e.getMessage());
    }

    @Test
    void keepaliveZeroDisablesItAndMaxLifetimeZeroLiftsTheLimit() {
        PoolOptions o = PoolOptions.builder(URL).keepaliveTime(Duration.ZERO).maxLifetime(Duration.ZERO).build();
        assertFalse(o.keepaliveEnabled());
        PoolOptions p = PoolOptions.builder(URL).keepaliveTime(Duration.ofHours(2)).maxLifetime(Duration.ZERO).build();
        assertEquals(Duration.ofHours(2), p.keepaliveTime(), "no lifetime: any keepalive time");
    }
}
