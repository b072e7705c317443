package io.quant4j.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.quant4j.quantization.CalibMethod;
import io.quant4j.quantization.selective.ModuleMapping;
import io.quant4j.quantization.selective.ReplacementAction;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON of a {@link QuantizationSpec} with SuperGradients' key names, plus {@code target} (the id
 * of a registered {@link QuantTarget}; files without it are TensorRT specs) and, when there are any,
 * {@code quantized_module_mappings} (class names, action and descriptors, see {@link DescriptorJson}).
 */
final class SpecJson {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private SpecJson() {}

    static String write(QuantizationSpec s) {
        JsonObject o = new JsonObject();
        SelectiveQuantizerParams p = s.params();
        o.addProperty("calibrator_w", p.calibratorW().id());
        o.addProperty("calibrator_i", p.calibratorI().id());
        o.addProperty("per_channel", p.perChannel());
        o.addProperty("learn_amax", p.learnAmax());
        o.addProperty("weight_bits", p.weightBits());
        o.addProperty("input_bits", p.inputBits());
        o.add("skip_modules", GSON.toJsonTree(s.skipModules()));
        o.add("skip_patterns", GSON.toJsonTree(s.skipPatterns()));
        o.add("skip_types", GSON.toJsonTree(s.skipTypes()));
        o.addProperty("target", s.target().id());
        if (!s.mappings().isEmpty()) {
            com.google.gson.JsonArray ms = new com.google.gson.JsonArray();
            for (ModuleMapping m : s.mappings()) {
                JsonObject j = new JsonObject();
                j.addProperty("float_source", m.floatType());
                if (m.quantizedType() != null) {
                    j.addProperty("quantized_target_class", m.quantizedType());
                }
                j.addProperty("action", m.action().name().toLowerCase(java.util.Locale.ROOT));
                j.add("input_quant_descriptor", m.input() == null ? com.google.gson.JsonNull.INSTANCE
                        : DescriptorJson.write(m.input()));
                j.add("weights_quant_descriptor", m.weights() == null ? com.google.gson.JsonNull.INSTANCE
                        : DescriptorJson.write(m.weights()));
                ms.add(j);
            }
            o.add("quantized_module_mappings", ms);
        }
        return GSON.toJson(o);
    }

    static QuantizationSpec read(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        SelectiveQuantizerParams p = new SelectiveQuantizerParams(
                CalibMethod.parse(o.get("calibrator_w").getAsString()),
                CalibMethod.parse(o.get("calibrator_i").getAsString()),
                o.get("per_channel").getAsBoolean(),
                o.get("learn_amax").getAsBoolean(),
                strings(o, "skip_modules"),
                false,
                o.get("weight_bits").getAsInt(),
                o.get("input_bits").getAsInt());
        QuantTarget target = o.has("target") ? QuantTarget.parse(o.get("target").getAsString()) : QuantTarget.TENSORRT;
        List<ModuleMapping> mappings = new ArrayList<>();
        if (o.has("quantized_module_mappings")) {
            o.getAsJsonArray("quantized_module_mappings").forEach(e -> {
                JsonObject j = e.getAsJsonObject();
                mappings.add(new ModuleMapping(j.get("float_source").getAsString(),
                        j.has("quantized_target_class") ? j.get("quantized_target_class").getAsString() : null,
                        ReplacementAction.valueOf(j.get("action").getAsString().toUpperCase(java.util.Locale.ROOT)),
                        DescriptorJson.read(j.get("input_quant_descriptor")),
                        DescriptorJson.read(j.get("weights_quant_descriptor"))));
            });
        }
        return new QuantizationSpec(p, strings(o, "skip_patterns"), strings(o, "skip_types"), target, mappings);
    }

    private static List<String> strings(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        if (o.has(key)) {
            o.getAsJsonArray(key).forEach(e -> out.add(e.getAsString()));
        }
        return out;
    }
}
