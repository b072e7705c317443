package io.quant4j.checkpoint;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.quant4j.quantization.CalibMethod;
import io.quant4j.quantization.QuantAxis;
import io.quant4j.quantization.QuantDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON of a {@link QuantDescriptor} with pytorch-quantization's key names ({@code num_bits},
 * {@code axis} as a list, {@code calib_method}, {@code unsigned}, {@code narrow_range},
 * {@code learn_amax}, {@code amax}, {@code scale_amax}, {@code fake_quant}, {@code name}).
 */
final class DescriptorJson {
    private DescriptorJson() {}

    static JsonElement write(QuantDescriptor d) {
        JsonObject o = new JsonObject();
        o.addProperty("num_bits", d.numBits());
        if (d.name() != null) {
            o.addProperty("name", d.name());
        }
        o.addProperty("fake_quant", d.fakeQuant());
        if (d.axis() != null) {
            JsonArray a = new JsonArray();
            d.axis().dims().forEach(a::add);
            o.add("axis", a);
        }
        if (d.amax() != null) {
            JsonArray a = new JsonArray();
            for (float v : d.amax()) {
                a.add(v);
            }
            o.add("amax", a);
        }
        o.addProperty("learn_amax", d.learnAmax());
        if (d.scaleAmax() != null) {
            o.addProperty("scale_amax", d.scaleAmax());
        }
        o.addProperty("calib_method", d.calibMethod().id());
        o.addProperty("unsigned", d.unsigned());
        o.addProperty("narrow_range", d.narrowRange());
        return o;
    }

    /** The descriptor of {@code e}, or null for JSON null. */
    static QuantDescriptor read(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        JsonObject o = e.getAsJsonObject();
        QuantAxis axis = null;
        if (o.has("axis")) {
            List<Integer> dims = new ArrayList<>();
            o.getAsJsonArray("axis").forEach(x -> dims.add(x.getAsInt()));
            axis = new QuantAxis(dims);
        }
        float[] amax = null;
        if (o.has("amax")) {
            JsonArray a = o.getAsJsonArray("amax");
            amax = new float[a.size()];
            for (int i = 0; i < amax.length; i++) {
                amax[i] = a.get(i).getAsFloat();
            }
        }
        return new QuantDescriptor(o.get("num_bits").getAsInt(), o.has("name") ? o.get("name").getAsString() : null,
                o.get("fake_quant").getAsBoolean(), axis, amax, o.get("learn_amax").getAsBoolean(),
                o.has("scale_amax") ? o.get("scale_amax").getAsFloat() : null,
                CalibMethod.parse(o.get("calib_method").getAsString()), o.get("unsigned").getAsBoolean(),
                o.get("narrow_range").getAsBoolean());
    }
}
