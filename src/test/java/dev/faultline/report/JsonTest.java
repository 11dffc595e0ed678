package dev.faultline.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest {
    @Test
    void shouldEscapeAndNest() {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n\u0001");
        m.put("n", 12L);
        m.put("b", true);
        m.put("z", null);
        m.put("l", Arrays.asList(1, "x", null));
        assertEquals("{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":12,\"b\":true,\"z\":null,\"l\":[1,\"x\",null]}", Json.write(m));
    }
}
