package dev.keepalive.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesEachUnit() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("2s"));
        assertEquals(Duration.ofMinutes(1), Durations.parse("1m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofDays(1), Durations.parse("1d"));
        assertEquals(Duration.ofNanos(250_000), Durations.parse("250us"));
        assertEquals(Duration.ofNanos(42), Durations.parse("42ns"));
        assertEquals(Duration.ZERO, Durations.parse("0"));
        assertEquals(Duration.ZERO, Durations.parse("0ms"));
        assertEquals(Duration.ofSeconds(75), Durations.parse(" 75s "), "surrounding blanks are ignored");
    }

    @Test
    void rejectsMalformedTextQuotingIt() {
        for (String bad : new String[] {"", "abc", "5", "-1s", "1.5s", "10x", "s", "1 s", "9999999999999999d"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad));
            assertEquals("expected a duration such as 500ms, 2s or 1m: '" + bad + "'", e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(null));
        assertEquals("expected a duration such as 500ms, 2s or 1m: null", e.getMessage());
    }

    @Test
    void formatsTheShortestExactForm() {
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("75s", Durations.format(Duration.ofSeconds(75)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("1m", Durations.format(Duration.ofSeconds(60)));
        assertEquals("1h", Durations.format(Duration.ofMinutes(60)));
        assertEquals("2d", Durations.format(Duration.ofHours(48)));
        assertEquals("250us", Durations.format(Duration.ofNanos(250_000)));
        assertEquals("1ns", Durations.format(Duration.ofNanos(1)));
    }

    @Test
    void formatThenParseGivesBackTheSameDuration() {
        Duration[] samples = {
            Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(1_001), Duration.ofNanos(250_000),
            Duration.ofMillis(500), Duration.ofMillis(1500), Duration.ofSeconds(75), Duration.ofSeconds(90),
            Duration.ofMinutes(1), Duration.ofMinutes(90), Duration.ofHours(1), Duration.ofHours(25),
            Duration.ofDays(3), Duration.ofSeconds(7200, 1)};
        for (Duration d : samples) {
            assertEquals(d, Durations.parse(Durations.format(d)), Durations.format(d));
        }
    }
}
