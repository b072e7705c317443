package io.quant4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quant4j.io.PeakMemory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * JSON output of commands: one compact object per line. A figure that was not measured (NaN or
 * infinite) is written as {@code null}, never as the string {@code "NaN"}, so the output stays
 * valid, typed JSON.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .registerModule(new SimpleModule("finite-numbers")
                    .addSerializer(Double.class, new FiniteOrNull<>(Double.class))
                    .addSerializer(double.class, new FiniteOrNull<>(Double.class))
                    .addSerializer(Float.class, new FiniteOrNull<>(Float.class))
                    .addSerializer(float.class, new FiniteOrNull<>(Float.class))
                    .addSerializer(double[].class, new FiniteArray()));

    private Json() {}

    /** Writes a float or double, or null when it is not finite. */
    private static final class FiniteOrNull<T extends Number> extends StdSerializer<T> {
        private static final long serialVersionUID = 1L;

        FiniteOrNull(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            double d = value.doubleValue();
            if (!Double.isFinite(d)) {
                gen.writeNull();
            } else if (value instanceof Float f) {
                gen.writeNumber(f);
            } else {
                gen.writeNumber(d);
            }
        }
    }

    /** Writes a double array with null for its non-finite elements. */
    private static final class FiniteArray extends StdSerializer<double[]> {
        private static final long serialVersionUID = 1L;

        FiniteArray() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartArray();
            for (double d : values) {
                if (Double.isFinite(d)) {
                    gen.writeNumber(d);
                } else {
                    gen.writeNull();
                }
            }
            gen.writeEndArray();
        }
    }

    /** One-line JSON of a value (maps, lists, records, numbers). */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The last line a command prints with {@code --json}: {@code fields} and, last, the peak
     * resident memory of the process so far ({@code peak_rss_bytes}, {@link PeakMemory}; null where
     * the OS does not report it).
     */
    public static String result(Map<String, ?> fields) {
        Map<String, Object> out = new LinkedHashMap<>(fields);
        OptionalLong peak = PeakMemory.peakResidentBytes();
        out.put("peak_rss_bytes", peak.isPresent() ? peak.getAsLong() : null);
        return line(out);
    }

    /** Pretty JSON (files such as summary.json). */
    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** The shared mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
