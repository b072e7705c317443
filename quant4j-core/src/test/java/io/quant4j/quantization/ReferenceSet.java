package io.quant4j.quantization;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * One file of reference vectors computed by pytorch-quantization, as read by {@link ReferenceFile}:
 * where it came from ({@code source}, a classpath resource or a path), its JSON, and the sections it
 * must contain ({@code required}; a section that is present must hold at least one case either way).
 */
record ReferenceSet(String source, JsonObject json, Set<String> required) {
    /** The sections of the schema, in the order the test runs them. */
    static final List<String> SECTIONS = List.of("fake_quant", "per_channel", "gradients", "axes", "histogram");

    /** Whether the file has {@code section}. */
    boolean has(String section) {
        return json.has(section);
    }

    /** The file's {@code section}, which must be a JSON object. */
    JsonObject section(String section) {
        JsonElement e = json.get(section);
        if (e == null || !e.isJsonObject()) {
            fail(source + ": expected the section \"" + section + "\" to be a JSON object, found "
                    + (e == null ? "no such section" : e) + "; fix the file or run another one with -D"
                    + ReferenceFile.PROPERTY + "=PATH");
        }
        return e.getAsJsonObject();
    }

    /** The file's {@code generator} line (who computed the values), or {@code "?"}. */
    String generator() {
        JsonElement g = json.get("generator");
        return g != null && g.isJsonPrimitive() ? g.getAsString() : "?";
    }
}
