package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void unmeasuredFiguresAreNullNotStrings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nan", Double.NaN);
        m.put("inf", Float.POSITIVE_INFINITY);
        m.put("x", 0.5);
        m.put("f", 0.25f);
        m.put("arr", new double[] {1.5, Double.NaN});
        assertThat(Json.line(m)).isEqualTo("{\"nan\":null,\"inf\":null,\"x\":0.5,\"f\":0.25,\"arr\":[1.5,null]}");
    }
}
