package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one JSON writer behind every {@code --json} output, the proxy's admin API and the demo page. */
class JsonTest {

    @Test
    void stringsEscapeQuotesBackslashesAndControlCharactersOnly() {
        StringBuilder sb = new StringBuilder();
        Json.string(sb, "φ ≥ 8 \"quoted\" C:\\tmp\n\r\t\u0000\u0001\u001f /");
        assertEquals("\"φ ≥ 8 \\\"quoted\\\" C:\\\\tmp\\n\\r\\t\\u0000\\u0001\\u001f /\"", sb.toString());
    }

    @Test
    void writesNestedMapsInTheirOrderAndListsWithNulls() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", List.of());
        inner.put("a", Map.of());
        Map<Object, Object> numberKeys = new LinkedHashMap<>();
        numberKeys.put(7, "seven");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1L);
        m.put("int", 42);
        m.put("list", Arrays.asList(true, null, 1, List.of("x", false)));
        m.put("inner", inner);
        m.put("numberKeys", numberKeys);
        m.put("none", null);
        assertEquals("{\"z\":1,\"int\":42,\"list\":[true,null,1,[\"x\",false]],\"inner\":{\"z\":[],\"a\":{}},"
                + "\"numberKeys\":{\"7\":\"seven\"},\"none\":null}", Json.write(m));
        StringBuilder sb = new StringBuilder("x=");
        Json.write(sb, List.of(1, "a"));
        assertEquals("x=[1,\"a\"]", sb.toString(), "appends to what is there");
    }

    @Test
    void doublesPrintWholeWithoutFractionAndNaNOrInfinityAsNull() {
        assertEquals("[2,0.97123,0.1,-3,1.0E17,null,null,null,1099511627776]", Json.write(Arrays.asList(
                2.0, 0.97123, 0.1, -3.0, 1e17, Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                1L << 40)));
    }

    @Test
    void roundedKeepsAtMostThatManyDecimalsEvenInsideMapsAndLists() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 0.97123);
        m.put("up", 2.9996);
        m.put("nan", Double.NaN);
        m.put("whole", 2.0);
        m.put("series", List.of(1.23456, -0.0004, 7L));
        assertEquals("{\"a\":0.971,\"up\":3,\"nan\":null,\"whole\":2,\"series\":[1.235,0,7]}", Json.writeRounded(m, 3));
        assertEquals("[1]", Json.writeRounded(List.of(0.5), 0), "half up");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.writeRounded(m, 10));
        assertEquals("decimals must be 0 to 9: 10", e.getMessage());
    }

    @Test
    void otherValuesAreTheirTextQuoted() {
        assertEquals("[\"PT0.005S\",\"SECONDS\"]",
                Json.write(List.of(Duration.ofMillis(5), java.util.concurrent.TimeUnit.SECONDS)));
    }
}
