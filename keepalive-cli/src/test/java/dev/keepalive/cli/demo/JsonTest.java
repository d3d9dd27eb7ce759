package dev.keepalive.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesMapsInOrderListsNumbersAndEscapedStrings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1L);
        m.put("a", 0.97123);
        m.put("nan", Double.NaN);
        m.put("whole", 2.0);
        m.put("s", "φ ≥ 8 \"quoted\"\n\t\u0001");
        m.put("list", Arrays.asList(true, null, 1));
        assertEquals("{\"z\":1,\"a\":0.971,\"nan\":null,\"whole\":2,\"s\":\"φ ≥ 8 \\\"quoted\\\"\\n\\t\\u0001\","
                + "\"list\":[true,null,1]}", Json.write(m));
        assertEquals(m.get("s"), MiniJson.object(Json.write(m)).get("s"));
        assertEquals(List.of(), MiniJson.parse(Json.write(List.of())));
    }
}
